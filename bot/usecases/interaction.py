"""Buttons pressed and forms submitted: one entry point per kind, for every platform."""

from __future__ import annotations

from bot import actions
from bot.core import Actor, Core, Outcome
from bot.domain.phase import Phase
from bot.domain.roles import ContinuityPlan
from bot.domain.severity import Severity
from bot.specs import FormValues
from bot.usecases.activation import activate_plan
from bot.usecases.checklist import tick
from bot.usecases.classify import classify, reclassify_form, submit_reclassify
from bot.usecases.common import refuse
from bot.usecases.deactivation import approve, open_reject, request_deactivation, submit_reject
from bot.usecases.eta import open_eta_form, submit_eta
from bot.usecases.pages import acknowledge, mark_reviewed, open_decision, open_lessons, submit_decision, submit_lessons
from bot.usecases.phases import change_phase
from bot.usecases.report import submit_report
from bot.usecases.status_update import open_status_form, submit_status


def press(core: Core, actor: Actor, action: str, value: str) -> Outcome:
    parts = actions.parts(value)
    number = parts[0]
    second = parts[1] if len(parts) > 1 else ""
    if action == actions.CLASSIFY and (severity := Severity.parse(second)) is not None:
        return classify(core, actor, number, severity)
    if action == actions.RECLASSIFY:
        return reclassify_form(core, actor, number)
    if action == actions.PHASE and (phase := Phase.parse(second)) is not None:
        return change_phase(core, actor, number, phase)
    if action == actions.REQUEST_DEACTIVATION:
        return request_deactivation(core, actor, number)
    if action == actions.APPROVE and second.isdigit():
        return approve(core, actor, number, int(second))
    if action == actions.REJECT and second.isdigit():
        return open_reject(core, actor, number, int(second))
    if action == actions.CHECK and second.isdigit():
        return tick(core, actor, number, int(second))
    return _press_scheduler(core, actor, action, parts)


def _press_scheduler(core: Core, actor: Actor, action: str, parts: list[str]) -> Outcome:
    """Buttons of reminders, escalation pings and upkeep prompts."""
    first, second = parts[0], parts[1] if len(parts) > 1 else ""
    if action == actions.SET_ETA:
        return open_eta_form(core, actor, first)
    if action == actions.STATUS_UPDATE:
        return open_status_form(core, actor, first)
    if action == actions.ACTIVATE and second in {p.value for p in ContinuityPlan}:
        page = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else None
        return activate_plan(core, actor, first, ContinuityPlan(second), page)
    if not first.isdigit():
        return refuse(core, actor, "error.stale_button")
    if action == actions.ACKNOWLEDGE:
        return acknowledge(core, actor, int(first))
    if action == actions.DECIDE:
        return open_decision(core, actor, int(first), second)
    if action == actions.REVIEWED:
        return mark_reviewed(core, actor, int(first))
    if action == actions.LESSONS:
        return open_lessons(core, actor, int(first))
    return refuse(core, actor, "error.stale_button")


def submit(core: Core, actor: Actor, form_id: str, values: FormValues, state: str,
           idempotency_key: str | None = None) -> Outcome:
    if form_id == actions.FORM_REPORT:
        return submit_report(core, actor, values, idempotency_key)
    if form_id == actions.FORM_RECLASSIFY:
        return submit_reclassify(core, actor, values, state)
    if form_id == actions.FORM_REJECT:
        return submit_reject(core, actor, values, state)
    if form_id == actions.FORM_ETA:
        return submit_eta(core, actor, values, state)
    if form_id == actions.FORM_STATUS:
        return submit_status(core, actor, values, state)
    if form_id == actions.FORM_DECISION:
        return submit_decision(core, actor, values, state)
    if form_id == actions.FORM_LESSONS:
        return submit_lessons(core, actor, values, state)
    return refuse(core, actor, "error.stale_form")
