"""Answering an escalation ping or an upkeep prompt: acknowledge it, decide with a reason (raise to major,
keep minor, not needed), mark the plan reviewed, record the lessons of a closed incident."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core import Actor
from bot.core import Core
from bot.core import FieldErrors
from bot.core import FormDone
from bot.core import Notice
from bot.core import OpenForm
from bot.core import Outcome
from bot.domain.incident import Incident
from bot.domain.page import Page
from bot.domain.page import PageDecision
from bot.domain.page import PageKind
from bot.domain.roles import Role
from bot.domain.severity import Severity
from bot.jobs.kind import JobKind
from bot.plan_version import plan_stamp
from bot.policy import may_reclassify
from bot.ports import ConcurrentUpdate
from bot.ports import UnitOfWork
from bot.scheduler.paging import acknowledge_page
from bot.scheduler.paging import refresh_page
from bot.scheduler.rules import PLAN_MANAGERS
from bot.scheduler.rules import activators
from bot.scheduler.rules import may_answer
from bot.scheduler.rules import offered_plans
from bot.specs import FormValues
from bot.usecases.classify import reclassify
from bot.usecases.common import enqueue
from bot.usecases.common import log_bot_action
from bot.usecases.common import read_reason_form
from bot.usecases.common import refuse
from bot.usecases.common import who
from bot.views.common import person
from bot.views.common import role_names
from bot.views.schedule import REASON_MAX
from bot.views.schedule import REVISIONS
from bot.views.schedule import decision_form
from bot.views.schedule import lessons_form

DECISIONS_WITH_REASON = (PageDecision.RAISED, PageDecision.KEPT, PageDecision.NOT_NEEDED)


def _load(uow: UnitOfWork, page_id: int) -> tuple[Page, Incident | None] | None:
    page = uow.pages.get(page_id)
    if page is None:
        return None
    incident = uow.incidents.get(page.incident_id) if page.incident_id is not None else None
    return page, incident


def _allowed(core: Core, actor: Actor, page: Page, incident: Incident | None, decision: PageDecision | None) -> bool:
    directory = core.directory
    if decision in (PageDecision.RAISED, PageDecision.KEPT) and incident is not None:
        return may_reclassify(directory, actor, incident)
    if may_answer(directory, actor.platform, actor.user_id, page):
        return True
    if page.kind is PageKind.LESSONS and incident is not None and incident.owner_id == actor.user_id:
        return True
    if page.role in PLAN_MANAGERS:  # addressed to a plan's manager: the IRP manager proposes, never answers
        return False
    return page.kind is not PageKind.PLAN_REVIEW and directory.holds(actor.platform, actor.user_id, Role.IRP_MANAGER)


@dataclass(frozen=True)
class PageInHand:
    """A page the actor may act on now, with its incident (``None`` for a plan-wide page)."""

    page: Page
    incident: Incident | None


def _check(core: Core, actor: Actor, loaded: tuple[Page, Incident | None] | None,
           decision: PageDecision | None = None) -> PageInHand | Notice:
    """The page in hand, or the refusal the actor reads."""
    if loaded is None:
        return refuse(core, actor, "error.stale_button")
    page, incident = loaded
    if not _allowed(core, actor, page, incident, decision):
        plan = PLAN_MANAGERS.get(page.role) if page.role is not None else None
        if plan is not None:
            tr = core.translator(actor.platform, actor.user_id)
            roles = (plan.manager, *(r for r in activators(core.directory, plan) if r is not plan.manager))
            return refuse(core, actor, "proposal.answer_not_yours", roles=role_names(tr, roles))
        return refuse(core, actor, "page.not_yours")
    tr = core.translator(actor.platform, actor.user_id)
    if page.decided and page.decided_by and page.decided_at:
        return refuse(core, actor, "page.already_decided", by=person(page.decided_by),
                      when=tr.clock_time(page.decided_at))
    if incident is not None and not incident.is_open and page.kind is not PageKind.LESSONS:
        return refuse(core, actor, "page.incident_closed", number=incident.number)
    if decision in (PageDecision.RAISED, PageDecision.KEPT) and incident is not None \
            and incident.severity is not Severity.MINOR:
        return refuse(core, actor, "page.not_minor", number=incident.number)
    return PageInHand(page, incident)


def _check_kind(core: Core, actor: Actor, uow: UnitOfWork, page_id: int, decision: PageDecision, kind: PageKind,
                stale: str = "error.stale_button") -> PageInHand | Notice:
    """The page in hand for ``decision`` when it is a ``kind`` page (a lessons page: with its incident); else
    the refusal the actor reads (``stale``: the catalog key when it is another page)."""
    checked = _check(core, actor, _load(uow, page_id), decision)
    if isinstance(checked, Notice):
        return checked
    if checked.page.kind is not kind or (kind is PageKind.LESSONS and checked.incident is None):
        return refuse(core, actor, stale)
    return checked


def _saved(core: Core, uow: UnitOfWork, actor: Actor, page: Page) -> Notice | None:
    """Store the page as changed; the refusal the actor reads when someone changed it meanwhile."""
    try:
        uow.pages.save(page)
    except ConcurrentUpdate:
        return refuse(core, actor, "page.changed_meanwhile")
    return None


def acknowledge(core: Core, actor: Actor, page_id: int, via: str = "") -> Outcome:
    """``via``: how the answer came when not by the chat button (``link``: the page's web page)."""
    with core.uow() as uow:
        checked = _check(core, actor, _load(uow, page_id))
        if isinstance(checked, Notice):
            return checked
        page, incident = checked.page, checked.incident
        if page.acknowledged and page.acknowledged_by and page.acknowledged_at:
            tr = core.translator(actor.platform, actor.user_id)
            return refuse(core, actor, "page.already_acknowledged", by=person(page.acknowledged_by),
                          when=tr.clock_time(page.acknowledged_at))
        try:
            acknowledge_page(core, uow, page, incident, actor.user_id, via)
        except ConcurrentUpdate:
            return refuse(core, actor, "page.changed_meanwhile")
        refresh_page(core, uow, page, incident)
        uow.commit()
    core.wake_jobs()
    return None


def open_decision(core: Core, actor: Actor, page_id: int, word: str) -> Outcome:
    try:
        decision = PageDecision(word)
    except ValueError:
        return refuse(core, actor, "error.stale_button")
    if decision not in DECISIONS_WITH_REASON:
        return refuse(core, actor, "error.stale_button")
    with core.uow(read_only=True) as uow:
        checked = _check(core, actor, _load(uow, page_id), decision)
    if isinstance(checked, Notice):
        return checked
    return OpenForm(decision_form(core.translator(actor.platform, actor.user_id), checked.page, decision))


def submit_decision(core: Core, actor: Actor, values: FormValues, state: str) -> Outcome:
    tr = core.translator(actor.platform, actor.user_id)
    form = read_reason_form(tr, values, state, "page.reason_needed", REASON_MAX, lambda page_text, word:
                            page_text.isdigit() and word in {d.value for d in DECISIONS_WITH_REASON})
    if isinstance(form, FieldErrors):
        return form
    outcome = decide(core, actor, int(form.subject), PageDecision(form.detail), form.reason)
    return outcome if outcome is not None else FormDone()


def decide(core: Core, actor: Actor, page_id: int, decision: PageDecision, reason: str) -> Outcome:
    if decision is PageDecision.RAISED:
        with core.uow() as uow:
            checked = _check(core, actor, _load(uow, page_id), decision)
        if isinstance(checked, Notice):
            return checked
        incident = checked.incident
        assert incident is not None
        outcome = reclassify(core, actor, incident.number, Severity.MAJOR, reason)
        if outcome is not None:
            return outcome
    with core.uow() as uow:
        loaded = _load(uow, page_id)
        if decision is not PageDecision.RAISED:
            checked = _check(core, actor, loaded, decision)
            if isinstance(checked, Notice):
                return checked
        if loaded is None:
            return refuse(core, actor, "error.stale_button")
        page, incident = loaded
        now = core.now()
        acknowledge_page(core, uow, page, incident, actor.user_id)
        page.decision, page.decided_by, page.decided_at, page.reason = decision, actor.user_id, now, reason
        if (refusal := _saved(core, uow, actor, page)) is not None:
            return refusal
        if incident is not None and decision is not PageDecision.RAISED:
            params = {"who": who(core, actor.platform, actor.user_id), "reason": reason}
            if decision is PageDecision.NOT_NEEDED:
                params["plans"] = ", ".join(plan.value.upper() for plan in offered_plans(page)) or "—"
            log_bot_action(core, uow, incident, actor.user_id, f"page_log.{decision.value}", **params)
            enqueue(core, uow, JobKind.NOTICE_POST, incident, key=f"page_notice.{decision.value}", **params)
        refresh_page(core, uow, page, incident)
        uow.commit()
    core.wake_jobs()
    return None


def mark_reviewed(core: Core, actor: Actor, page_id: int) -> Outcome:
    with core.uow() as uow:
        checked = _check_kind(core, actor, uow, page_id, PageDecision.REVIEWED, PageKind.PLAN_REVIEW)
        if isinstance(checked, Notice):
            return checked
        page, incident = checked.page, checked.incident
        now = core.now()
        page.acknowledged_by, page.acknowledged_at = page.acknowledged_by or actor.user_id, page.acknowledged_at or now
        page.decision, page.decided_by, page.decided_at = PageDecision.REVIEWED, actor.user_id, now
        page.reason = core.team_translator().t("plan_version.reviewed", version=plan_stamp(core.plan))
        if (refusal := _saved(core, uow, actor, page)) is not None:
            return refusal
        refresh_page(core, uow, page, incident)
        uow.commit()
    core.wake_jobs()
    return None


def open_lessons(core: Core, actor: Actor, page_id: int) -> Outcome:
    with core.uow(read_only=True) as uow:
        checked = _check_kind(core, actor, uow, page_id, PageDecision.RECORDED, PageKind.LESSONS)
    if isinstance(checked, Notice):
        return checked
    assert checked.incident is not None  # a lessons page's
    return OpenForm(lessons_form(core.translator(actor.platform, actor.user_id), checked.page, checked.incident))


def submit_lessons(core: Core, actor: Actor, values: FormValues, state: str) -> Outcome:
    tr = core.translator(actor.platform, actor.user_id)
    errors = {name: tr.t("error.required") for name in REVISIONS if values.choice(name) not in ("yes", "no")}
    notes = values.text("notes")
    if len(notes) > REASON_MAX:
        errors["notes"] = tr.t("error.too_long", limit=REASON_MAX)
    if errors:
        return FieldErrors(errors)
    if not state.isdigit():
        return refuse(core, actor, "error.stale_form")
    with core.uow() as uow:
        checked = _check_kind(core, actor, uow, int(state), PageDecision.RECORDED, PageKind.LESSONS,
                              "error.stale_form")
        if isinstance(checked, Notice):
            return checked
        page, incident = checked.page, checked.incident
        assert incident is not None  # a lessons page's
        team = core.team_translator()
        answers = {name: team.t(f"lessons_prompt.{values.choice(name)}") for name in REVISIONS}
        now = core.now()
        acknowledge_page(core, uow, page, incident, actor.user_id)
        page.decision, page.decided_by, page.decided_at, page.reason = PageDecision.RECORDED, actor.user_id, now, notes
        if (refusal := _saved(core, uow, actor, page)) is not None:
            return refusal
        log_bot_action(core, uow, incident, actor.user_id, "lessons_prompt.logbook", who=who(core, actor.platform,
                       actor.user_id), notes=notes or "—", **answers)
        refresh_page(core, uow, page, incident)
        uow.commit()
    core.wake_jobs()
    return FormDone()
