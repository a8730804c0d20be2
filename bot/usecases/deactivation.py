"""Deactivation: the owner requests it; the IRP manager (and the BCP/CMP/DRP managers whose plans were
activated) approve or reject; when all approved, the incident is closed (docs/irp.md §4, phase 5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core import Actor
from bot.core import Core
from bot.core import FieldErrors
from bot.core import FormDone
from bot.core import Notice
from bot.core import OpenForm
from bot.core import Outcome
from bot.domain.incident import Approval
from bot.domain.incident import Decision
from bot.domain.incident import Incident
from bot.domain.phase import Phase
from bot.domain.roles import Role
from bot.jobs.kind import JobKind
from bot.policy import may_steer
from bot.policy import required_approvers
from bot.ports import ConcurrentUpdate
from bot.ports import UnitOfWork
from bot.scheduler.paging import refresh_pages
from bot.scheduler.schedule import schedule_lessons
from bot.scheduler.schedule import stop_incident_timers
from bot.specs import FormValues
from bot.specs import Plain
from bot.usecases.common import allowed_incident
from bot.usecases.common import enqueue
from bot.usecases.common import log_bot_action
from bot.usecases.common import read_reason_form
from bot.usecases.common import refuse
from bot.usecases.common import show_change
from bot.usecases.common import who
from bot.usecases.review import start_on_close
from bot.views.approval import REASON_MAX
from bot.views.approval import reject_form
from bot.views.common import person


def request_deactivation(core: Core, actor: Actor, number: str | None) -> Outcome:
    with core.uow() as uow:
        incident = allowed_incident(core, uow, actor, number, may_steer, "deactivation.not_allowed")
        if isinstance(incident, Notice):
            return incident
        if incident.phase is Phase.DEACTIVATION_REQUESTED:
            return refuse(core, actor, "deactivation.already_requested", number=incident.number)
        if incident.phase not in (Phase.ACTIVATION, Phase.ERADICATION):
            return refuse(core, actor, "deactivation.not_now", number=incident.number)
        incident.phase_before_deactivation = incident.phase
        incident.deactivation_requested_by = actor.user_id
        incident.phase = Phase.DEACTIVATION_REQUESTED
        incident.deactivation_round += 1
        try:
            uow.incidents.save(incident)
        except ConcurrentUpdate:
            return refuse(core, actor, "error.changed_meanwhile", number=incident.number)
        log_bot_action(core, uow, incident, actor.user_id, "logbook.deactivation_requested",
                       who=who(core, actor.platform, actor.user_id))
        enqueue(core, uow, JobKind.APPROVAL_POST, incident, requested_by=actor.user_id)
        show_change(core, uow, incident, JobKind.SPACE_REFRESH)
        uow.commit()
    core.wake_jobs()
    return None


def _approver_ids(core: Core, incident: Incident, roles: list[Role]) -> list[str]:
    found: list[str] = []
    for role in roles:
        contacts = (core.directory.primary(incident.platform, role), core.directory.backup(incident.platform, role))
        for user_id in contacts:
            if user_id and user_id not in found:
                found.append(user_id)
    return found


@dataclass(frozen=True)
class Decider:
    """The incident an approver may decide on, and the roles they still have to decide for."""

    incident: Incident
    pending: list[Role]


def _check_decider(core: Core, uow: UnitOfWork, actor: Actor, number: str, round_: int) -> Decider | Notice:
    """The incident and the roles this actor still has to decide for, or the refusal."""
    incident = uow.incidents.by_number(number)
    if incident is None:
        return refuse(core, actor, "error.unknown_incident", number=number)
    required = required_approvers(incident)
    assert incident.id is not None
    decisions = uow.incidents.approvals(incident.id, round_)
    if incident.phase is not Phase.DEACTIVATION_REQUESTED or incident.deactivation_round != round_:
        last = decisions[-1] if decisions else None
        if last is not None:
            tr = core.translator(actor.platform, actor.user_id)
            return refuse(core, actor, "deactivation.already_decided", number=number, by=person(last.decided_by),
                          when=tr.clock_time(last.decided_at))
        return refuse(core, actor, "deactivation.no_request", number=number)
    holds = core.directory.roles_of(actor.platform, actor.user_id)
    mine = [role for role in required if role in holds]
    if not mine:
        names = ", ".join(core.translator(actor.platform, actor.user_id).t(f"role.{r.value}") for r in required)
        return refuse(core, actor, "deactivation.only_approvers", number=number, roles=names,
                      ask=_ask(core, incident, required))
    decided = {d.role for d in decisions}
    pending = [role for role in mine if role.value not in decided]
    if not pending:
        tr = core.translator(actor.platform, actor.user_id)
        mine_decision = next(d for d in decisions if d.role in {r.value for r in mine})
        return refuse(core, actor, "deactivation.already_decided", number=number, by=person(mine_decision.decided_by),
                      when=tr.clock_time(mine_decision.decided_at))
    return Decider(incident, pending)


def _ask(core: Core, incident: Incident, roles: list[Role]) -> Plain:
    ids = _approver_ids(core, incident, roles)
    return Plain(", ".join(core.directory.display_name(incident.platform, user_id) for user_id in ids))


@dataclass(frozen=True)
class Decided:
    """An approver's decision, recorded for every role they still had to decide for."""

    incident: Incident
    at: datetime


def _decide(core: Core, uow: UnitOfWork, actor: Actor, number: str, round_: int, decision: Decision,
            reason: str = "") -> Decided | Notice:
    """Check that the actor may decide, and record their decision; or the refusal they read."""
    checked = _check_decider(core, uow, actor, number, round_)
    if isinstance(checked, Notice):
        return checked
    incident = checked.incident
    assert incident.id is not None
    now = core.now()
    try:
        for role in checked.pending:
            uow.incidents.add_approval(Approval(incident.id, round_, role.value, actor.user_id, decision, reason, now))
    except ConcurrentUpdate:
        return refuse(core, actor, "error.changed_meanwhile", number=number)
    return Decided(incident, now)


def approve(core: Core, actor: Actor, number: str, round_: int) -> Outcome:
    with core.uow() as uow:
        decided_now = _decide(core, uow, actor, number, round_, Decision.APPROVE)
        if isinstance(decided_now, Notice):
            return decided_now
        incident, now = decided_now.incident, decided_now.at
        assert incident.id is not None
        decided = {d.role for d in uow.incidents.approvals(incident.id, round_) if d.decision is Decision.APPROVE}
        log_bot_action(core, uow, incident, actor.user_id, "logbook.approved", who=who(core, actor.platform,
                       actor.user_id))
        if all(role.value in decided for role in required_approvers(incident)):
            incident.phase = Phase.CLOSED
            incident.closed_at = now
            log_bot_action(core, uow, incident, actor.user_id, "logbook.closed")
            start_on_close(core, uow, incident)
            enqueue(core, uow, JobKind.SPACE_CLOSE, incident)
            enqueue(core, uow, JobKind.TRIAGE_REFRESH, incident)
            stop_incident_timers(core, uow, incident)
            schedule_lessons(core, uow, incident)
            refresh_pages(core, uow, incident, uow.pages.of_incident(incident.id))
        try:
            uow.incidents.save(incident)
        except ConcurrentUpdate:
            return refuse(core, actor, "error.changed_meanwhile", number=number)
        enqueue(core, uow, JobKind.APPROVAL_REFRESH, incident)
        uow.commit()
    core.wake_jobs()
    return None


def open_reject(core: Core, actor: Actor, number: str, round_: int) -> Outcome:
    with core.uow() as uow:
        checked = _check_decider(core, uow, actor, number, round_)
    if isinstance(checked, Notice):
        return checked
    return OpenForm(reject_form(core.translator(actor.platform, actor.user_id), checked.incident, round_))


def submit_reject(core: Core, actor: Actor, values: FormValues, state: str) -> Outcome:
    tr = core.translator(actor.platform, actor.user_id)
    form = read_reason_form(tr, values, state, "deactivation.reason_needed", REASON_MAX,
                            lambda _number, round_text: round_text.isdigit())
    if isinstance(form, FieldErrors):
        return form
    outcome = reject(core, actor, form.subject, int(form.detail), form.reason)
    return outcome if outcome is not None else FormDone()


def reject(core: Core, actor: Actor, number: str, round_: int, reason: str) -> Outcome:
    with core.uow() as uow:
        decided = _decide(core, uow, actor, number, round_, Decision.REJECT, reason)
        if isinstance(decided, Notice):
            return decided
        incident = decided.incident
        incident.phase = incident.phase_before_deactivation or Phase.ACTIVATION
        try:
            uow.incidents.save(incident)
        except ConcurrentUpdate:
            return refuse(core, actor, "error.changed_meanwhile", number=number)
        params = {"who": who(core, actor.platform, actor.user_id), "reason": reason}
        log_bot_action(core, uow, incident, actor.user_id, "logbook.rejected", **params)
        enqueue(core, uow, JobKind.APPROVAL_REFRESH, incident)
        show_change(core, uow, incident, JobKind.SPACE_REFRESH, "notice.rejected", **params)
        uow.commit()
    core.wake_jobs()
    return None

