"""What each timer does when it fires. Called by the tick inside the transaction that claimed the timer:
the state change, the logbook and the messages to send (jobs) are committed together, or not at all."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from datetime import timedelta

from bot.core import Core
from bot.domain.incident import Incident
from bot.domain.page import PageKind
from bot.domain.page import PageLevel
from bot.domain.roles import ContinuityPlan
from bot.domain.roles import Role
from bot.domain.severity import Severity
from bot.domain.timer import NOTIFICATION_KINDS
from bot.domain.timer import Timer
from bot.domain.timer import TimerKind
from bot.jobs.kind import JobKind
from bot.ports import UnitOfWork
from bot.scheduler.communication import fire_inform_reminder
from bot.scheduler.deadlines import ClockName
from bot.scheduler.deadlines import deadline_of
from bot.scheduler.deadlines import stamp
from bot.scheduler.deadlines import status_cadence
from bot.scheduler.notifications import fire_due
from bot.scheduler.notifications import fire_reminder
from bot.scheduler.paging import BOT_AUTHOR
from bot.scheduler.paging import escalate
from bot.scheduler.paging import open_page
from bot.scheduler.schedule import ensure_plan_review
from bot.scheduler.schedule import lateness
from bot.scheduler.schedule import reschedule
from bot.usecases.common import enqueue
from bot.usecases.common import log_bot_action

log = logging.getLogger("sirene.scheduler")

Firing = Callable[[Core, UnitOfWork, Incident, Timer, timedelta | None], None]


def _late(late: timedelta | None) -> dict[str, str]:
    return {"late": str(int(late.total_seconds()))} if late is not None else {}


def _current(core: Core, incident: Incident, timer: Timer) -> bool:
    """The deadline the timer was set for is still the incident's (not moved by a reclassification)."""
    deadline = deadline_of(core.plan, incident, ClockName(timer.payload["clock"]))
    return deadline is not None and stamp(deadline.due_at) == timer.payload["due"]


def _reminder(core: Core, uow: UnitOfWork, incident: Incident, timer: Timer, late: timedelta | None) -> None:
    if not _current(core, incident, timer):
        return
    clock, percent = timer.payload["clock"], timer.payload["percent"]
    enqueue(core, uow, JobKind.REMINDER_POST, incident, clock=clock, percent=percent, due=timer.payload["due"],
            at=stamp(timer.due_at), **_late(late))
    enqueue(core, uow, JobKind.SPACE_REFRESH, incident)
    if percent == "100":
        log_bot_action(core, uow, incident, BOT_AUTHOR, "reminder_log.passed",
                       clock=core.team_translator().t(f"clocks.name.{clock}"),
                       when=core.team_translator().when(timer.due_at))


def _breach(core: Core, uow: UnitOfWork, incident: Incident, timer: Timer, late: timedelta | None) -> None:
    if not _current(core, incident, timer) or incident.severity is None:
        return
    if incident.severity.value != timer.payload["severity"]:
        return
    assert incident.id is not None
    platform, due = incident.platform, timer.payload["due"]
    if timer.payload["clock"] == ClockName.RTO.value:
        if ContinuityPlan.BCP not in incident.activated_plans:
            open_page(core, uow, incident, PageKind.RTO_EXCEEDED, platform=platform, role=Role.BCP_MANAGER,
                      cause="rto", key=f"{incident.id}:rto:{due}", late=late, planned=timer.due_at)
    elif incident.severity is Severity.MINOR:
        open_page(core, uow, incident, PageKind.RAISE_TO_MAJOR, platform=platform, role=Role.IRP_MANAGER,
                  also=(incident.owner_id,), cause="sla", key=f"{incident.id}:raise:sla:{due}", late=late,
                  planned=timer.due_at)
    elif incident.severity is Severity.MAJOR:
        open_page(core, uow, incident, PageKind.MAJOR_OVERDUE, platform=platform, role=Role.IRP_MANAGER,
                  cause="sla", key=f"{incident.id}:overdue:{due}", late=late, planned=timer.due_at)
        for plan in (ContinuityPlan.BCP, ContinuityPlan.CMP):  # who decides on each plan (4.2.3)
            if plan not in incident.activated_plans:
                open_page(core, uow, incident, PageKind.MAJOR_OVERDUE, platform=platform, role=plan.manager,
                          plan=plan, cause="sla", key=f"{incident.id}:overdue:{due}:{plan.value}", late=late,
                          planned=timer.due_at)


def _status_prompt(core: Core, uow: UnitOfWork, incident: Incident, timer: Timer, late: timedelta | None) -> None:
    if incident.status_due is None or stamp(incident.status_due) != timer.payload["due"]:
        return
    if incident.owner_id:
        enqueue(core, uow, JobKind.STATUS_PROMPT, incident, at=timer.payload["due"], **_late(late))
    cadence = status_cadence(core.plan, incident.severity)
    incident.status_due = core.now() + cadence if cadence else None
    uow.incidents.save(incident)
    reschedule(core, uow, incident)


def _ack_wait(core: Core, uow: UnitOfWork, incident: Incident, timer: Timer, late: timedelta | None) -> None:
    page = uow.pages.get(int(timer.payload["page"]))
    if page is None or page.acknowledged or page.decided or not incident.is_open:
        return
    if int(page.level) != int(timer.payload["level"]) or page.level is PageLevel.NOBODY:
        return
    escalate(core, uow, page, incident)


def _lessons(core: Core, uow: UnitOfWork, incident: Incident, timer: Timer, late: timedelta | None) -> None:
    assert incident.id is not None
    open_page(core, uow, incident, PageKind.LESSONS, platform=incident.platform, role=Role.IRP_MANAGER,
              key=f"{incident.id}:lessons", late=late, planned=timer.due_at)


FIRING: dict[TimerKind, Firing] = {
    TimerKind.REMINDER: _reminder,
    TimerKind.BREACH: _breach,
    TimerKind.STATUS_PROMPT: _status_prompt,
    TimerKind.ACK_WAIT: _ack_wait,
    TimerKind.LESSONS: _lessons,
    TimerKind.NOTIFICATION_REMINDER: fire_reminder,
    TimerKind.NOTIFICATION_DUE: fire_due,
    TimerKind.INFORM_REMINDER: fire_inform_reminder,
}


def _plan_review(core: Core, uow: UnitOfWork, timer: Timer, late: timedelta | None) -> None:
    reviewer = core.plan.reviewer
    for platform in core.platforms:
        user = core.directory.user_id(platform, reviewer) if reviewer else None
        if user is not None:
            open_page(core, uow, None, PageKind.PLAN_REVIEW, platform=platform, person=user,
                      key=timer.key, late=late, planned=timer.due_at)
            break
    else:
        log.warning("the yearly plan review is due, but the reviewer %r has no id on %s", reviewer,
                    ", ".join(core.platforms) or "any chat platform")
    ensure_plan_review(core, uow)


def fire(core: Core, uow: UnitOfWork, timer: Timer, now: datetime, incident: Incident | None = None) -> None:
    """Do what ``timer`` stands for. ``incident``: its incident, when the caller has just read it in this
    transaction."""
    late = lateness(core, timer, now)
    if timer.kind is TimerKind.PLAN_REVIEW:
        _plan_review(core, uow, timer, late)
        return
    if incident is None and timer.incident_id is not None:
        incident = uow.incidents.get(timer.incident_id)
    if incident is None:
        return
    if not incident.is_open and timer.kind is not TimerKind.LESSONS and timer.kind not in NOTIFICATION_KINDS:
        return
    FIRING[timer.kind](core, uow, incident, timer, late)

