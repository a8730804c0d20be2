"""Escalation pings: paging a role's primary contact, then its backup, then telling the IRP manager and
the channel when nobody acknowledges (docs/irp.md §5: a primary and a backup per role)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from datetime import timedelta

from bot.core import Core
from bot.domain.incident import Incident
from bot.domain.outreach import Medium
from bot.domain.page import Page
from bot.domain.page import PageKind
from bot.domain.page import PageLevel
from bot.domain.roles import ContinuityPlan
from bot.domain.roles import Role
from bot.domain.timer import TimerKind
from bot.jobs.kind import JobKind
from bot.jobs.kind import queue
from bot.ports import UnitOfWork
from bot.scheduler import reach
from bot.scheduler.deadlines import stamp
from bot.scheduler.exercise_reach import informs
from bot.scheduler.exercise_reach import keep_participants
from bot.scheduler.exercise_reach import may_reach
from bot.scheduler.rules import INFORM_ON_ACTIVATION
from bot.scheduler.rules import PLAN_TEAMS
from bot.scheduler.schedule import add_timer
from bot.usecases.common import enqueue
from bot.usecases.common import log_bot_action
from bot.usecases.common import who
from bot.views.pages import page_what

BOT_AUTHOR = ""
"""The author of logbook entries the bot writes on its own (timers): shown as Sirene, not as a person."""


def _unique(users: Iterable[str | None]) -> tuple[str, ...]:
    found: list[str] = []
    for user in users:
        if user and user not in found:
            found.append(user)
    return tuple(found)


def send_page(core: Core, uow: UnitOfWork, page: Page, user: str, incident: Incident | None, note: str = "",
              late: timedelta | None = None, planned: datetime | None = None) -> None:
    """Queue the direct message of ``page`` to ``user`` (``note``: ``backup`` or ``unanswered``); ``late``
    and ``planned``: it goes out that long after the moment it was planned for."""
    assert page.id is not None
    media = reach.first_media(core, page, user, note) if page.kind.escalates else (Medium.CHAT,)
    reach.send_outside(core, uow, page, user, incident, media, note)
    if Medium.CHAT not in media:
        return
    payload = {"page": str(page.id), "user": user, "note": note}
    if late is not None:
        payload["late"] = str(int(late.total_seconds()))
        payload["at"] = stamp(planned or core.now())
    if incident is not None:
        enqueue(core, uow, JobKind.PAGE_SEND, incident, **payload)
    else:
        queue(uow, JobKind.PAGE_SEND, None, payload | {"platform": page.platform}, core.now())


def refresh_pages(core: Core, uow: UnitOfWork, incident: Incident, pages: Iterable[Page]) -> None:
    """Queue updating the direct messages of these pages (buttons that no longer apply disappear)."""
    for page in pages:
        if page.refs:
            enqueue(core, uow, JobKind.PAGE_REFRESH, incident, page=str(page.id))


def _role_name(core: Core, role: Role | None) -> str:
    return core.team_translator().t(f"role.{role.value}") if role else "—"


def _names(core: Core, platform: str, users: Iterable[str]) -> str:
    return ", ".join(who(core, platform, user) for user in users) or "—"


def open_page(core: Core, uow: UnitOfWork, incident: Incident | None, kind: PageKind, *, platform: str,
              role: Role | None = None, person: str | None = None, also: Iterable[str | None] = (),
              plan: ContinuityPlan | None = None, cause: str = "", key: str | None = None,
              late: timedelta | None = None, planned: datetime | None = None) -> Page | None:
    """Page ``role``'s primary contact (or ``person``) and ``also``; ``None`` when ``key`` was paged before."""
    directory = core.directory
    first = person or (directory.primary(platform, role) if role else None)
    level = PageLevel.PRIMARY
    if first is None and role is not None:
        first, level = directory.backup(platform, role), PageLevel.BACKUP
    recipients = _unique([first, *also])
    if recipients and incident is not None and incident.exercise:
        what = page_what(core.team_translator(), Page(kind, platform, core.now(), plan=plan))
        recipients = keep_participants(core, uow, incident, recipients, what)
        first = first if first in recipients else (recipients[0] if recipients else None)
    if not recipients:
        return None
    page = Page(kind, platform, core.now(), incident.id if incident else None, role, person,
                tuple(u for u in recipients if u != first), plan, cause, key, level, paged=recipients)
    if uow.pages.add(page) is None:
        return None
    for user in recipients:
        send_page(core, uow, page, user, incident, late=late, planned=planned)
    wait = core.plan.timers.acknowledge_within
    if kind.escalates and role is not None and wait is not None:
        add_timer(core, uow, TimerKind.ACK_WAIT, f"page:{page.id}:{int(level)}", core.now() + wait,
                  incident.id if incident else None, page=str(page.id), level=str(int(level)))
    if incident is not None:
        log_bot_action(core, uow, incident, BOT_AUTHOR, "page_log.sent", what=_what(core, page),
                       role=_role_name(core, role), people=_names(core, platform, recipients))
    return page


def _what(core: Core, page: Page) -> str:
    return page_what(core.team_translator(), page)


def _follow_up(core: Core, uow: UnitOfWork, page: Page, incident: Incident) -> None:
    """The wait ran out: everyone paged so far gets the other ways of their ``page_by`` (once each)."""
    assert page.id is not None
    for user in page.paged:
        later = reach.later_media(core, page, user)
        reach.send_outside(core, uow, page, user, incident, later)
        if Medium.CHAT in later:
            enqueue(core, uow, JobKind.PAGE_SEND, incident, dedupe_key=f"page.send.later:{page.id}:{user}",
                    page=str(page.id), user=user, note="")


def escalate(core: Core, uow: UnitOfWork, page: Page, incident: Incident) -> None:
    """The wait ran out without an acknowledgement: page the backup, or tell the IRP manager and the channel."""
    directory = core.directory
    waited = core.team_translator().duration(core.plan.timers.acknowledge_within or timedelta(0))
    before = page.paged
    _follow_up(core, uow, page, incident)
    backup = directory.backup(page.platform, page.role) if page.role else None
    if (page.level is PageLevel.PRIMARY and backup is not None and backup not in page.paged
            and keep_participants(core, uow, incident, (backup,), _what(core, page))):
        page.level, page.paged = PageLevel.BACKUP, (*page.paged, backup)
        uow.pages.save(page)
        send_page(core, uow, page, backup, incident, note="backup")
        wait = core.plan.timers.acknowledge_within
        if wait is not None:
            add_timer(core, uow, TimerKind.ACK_WAIT, f"page:{page.id}:{int(PageLevel.BACKUP)}", core.now() + wait,
                      incident.id, page=str(page.id), level=str(int(PageLevel.BACKUP)))
        log_bot_action(core, uow, incident, BOT_AUTHOR, "page_log.backup", what=_what(core, page),
                       people=_names(core, page.platform, before), wait=waited,
                       backup=who(core, page.platform, backup))
        return
    page.level = PageLevel.NOBODY
    irp = directory.primary(page.platform, Role.IRP_MANAGER)
    if irp is not None and irp not in page.paged and keep_participants(core, uow, incident, (irp,), _what(core, page)):
        page.paged = (*page.paged, irp)
        send_page(core, uow, page, irp, incident, note="unanswered")
    uow.pages.save(page)
    enqueue(core, uow, JobKind.PAGE_UNANSWERED, incident, page=str(page.id))
    log_bot_action(core, uow, incident, BOT_AUTHOR, "page_log.unanswered", what=_what(core, page),
                   people=_names(core, page.platform, before), role=_role_name(core, Role.IRP_MANAGER))


def stop_waiting(core: Core, uow: UnitOfWork, page: Page) -> None:
    """Someone answered: the acknowledgement waits of this page are over."""
    for timer in uow.timers.pending(page.incident_id):
        if timer.kind is TimerKind.ACK_WAIT and timer.payload.get("page") == str(page.id) and timer.id is not None:
            uow.timers.cancel(timer.id, core.now())


def on_plan_activated(core: Core, uow: UnitOfWork, incident: Incident, plan: ContinuityPlan, actor_id: str) -> None:
    """Page the activated plan's manager, and keep the other managers informed along the arrows."""
    assert incident.id is not None
    platform = incident.platform
    if not core.directory.holds(platform, actor_id, plan.manager):
        open_page(core, uow, incident, PageKind.PLAN_ACTIVATED, platform=platform, role=plan.manager, plan=plan,
                  key=f"{incident.id}:activated:{plan.value}")
    _mobilise_team(core, uow, incident, plan, actor_id)
    for other in INFORM_ON_ACTIVATION[plan]:
        if other not in incident.activated_plans:
            continue
        user = core.directory.primary(platform, other.manager)
        if user is not None and user != actor_id and informs(core, uow, incident, user):
            enqueue(core, uow, JobKind.INFORM_DIRECT, incident, user=user, plan=plan.value, by=actor_id)


def _mobilise_team(core: Core, uow: UnitOfWork, incident: Incident, plan: ContinuityPlan, actor_id: str) -> None:
    """The plan's team (Business Continuity Team, Crisis Management Team) is invited to the channel by the
    space job; each member is told why by direct message (the manager is paged, the activator knows)."""
    team = PLAN_TEAMS.get(plan)
    if team is None:
        return
    platform = incident.platform
    manager = core.directory.primary(platform, plan.manager)
    members = [u for u in core.directory.invitees(platform, team) if u not in (actor_id, manager)]
    for user in members:
        if not informs(core, uow, incident, user):
            continue
        enqueue(core, uow, JobKind.TEAM_MOBILISE, incident, user=user, plan=plan.value, team=team.value, by=actor_id)
    # the line names whoever was mobilised: not the people a drill left out (their own lines say so)
    mobilised = [u for u in core.directory.invitees(platform, team) if u == actor_id or may_reach(core, incident, u)]
    if mobilised:
        log_bot_action(core, uow, incident, BOT_AUTHOR, "mobilise.logbook", plan=plan.value.upper(),
                       team=core.team_translator().t(f"role.{team.value}"), people=_names(core, platform, mobilised))


def open_raise_page(uow: UnitOfWork, incident: Incident) -> bool:
    """An undecided question to raise this incident to major is pending."""
    assert incident.id is not None
    return any(not page.decided for page in uow.pages.of_incident(incident.id, PageKind.RAISE_TO_MAJOR))


def acknowledge_page(core: Core, uow: UnitOfWork, page: Page, incident: Incident | None, actor_id: str,
                     via: str = "") -> bool:
    """Record the acknowledgement (once) and stop the wait; the caller refreshes the messages. ``via``:
    ``link`` when it came from the page's web page (the logbook says so)."""
    if page.acknowledged:
        return False
    page.acknowledged_by, page.acknowledged_at = actor_id, core.now()
    uow.pages.save(page)
    stop_waiting(core, uow, page)
    if incident is not None:
        key = "page_link_log.acknowledged" if via == "link" else "page_log.acknowledged"
        log_bot_action(core, uow, incident, actor_id, key, who=who(core, page.platform, actor_id),
                       what=_what(core, page))
    return True


def refresh_page(core: Core, uow: UnitOfWork, page: Page, incident: Incident | None) -> None:
    if incident is not None:
        refresh_pages(core, uow, incident, [page])
    elif page.refs:
        queue(uow, JobKind.PAGE_REFRESH, None, {"page": str(page.id), "platform": page.platform}, core.now())
