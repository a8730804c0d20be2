"""Buttons pressed and forms submitted: one entry point per kind, for every platform."""

from __future__ import annotations

from bot import actions
from bot.core import Actor, Core, Outcome
from bot.domain.phase import Phase
from bot.domain.severity import Severity
from bot.specs import FormValues
from bot.usecases.checklist import tick
from bot.usecases.classify import classify, reclassify_form, submit_reclassify
from bot.usecases.common import refuse
from bot.usecases.deactivation import approve, open_reject, request_deactivation, submit_reject
from bot.usecases.exports import request_export
from bot.usecases.followups import mark_done
from bot.usecases.logbook_form import press_complete, submit_add, submit_complete
from bot.usecases.phases import change_phase
from bot.usecases.report import submit_report
from bot.usecases.review import open_review, submit_review


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
    if action == actions.LOG_COMPLETE:
        return press_complete(core, actor, value)
    if action == actions.REVIEW_OPEN:
        return open_review(core, actor, number, second or None)
    if action == actions.FOLLOW_UP_DONE:
        return mark_done(core, actor, value)
    if action == actions.EXPORT:
        return request_export(core, actor, number)
    return refuse(core, actor, "error.stale_button")


def submit(core: Core, actor: Actor, form_id: str, values: FormValues, state: str,
           idempotency_key: str | None = None, move: str | None = None) -> Outcome:
    """A submitted form; ``move`` names the form's other button pressed instead of submit (``FormSpec.moves``)."""
    if form_id == actions.FORM_REPORT:
        return submit_report(core, actor, values, idempotency_key)
    if form_id == actions.FORM_RECLASSIFY:
        return submit_reclassify(core, actor, values, state)
    if form_id == actions.FORM_REJECT:
        return submit_reject(core, actor, values, state)
    if form_id == actions.FORM_LOG_ADD:
        return submit_add(core, actor, values, state, idempotency_key)
    if form_id == actions.FORM_LOG_COMPLETE:
        return submit_complete(core, actor, values, state)
    if form_id == actions.FORM_REVIEW:
        return submit_review(core, actor, values, state, move)
    return refuse(core, actor, "error.stale_form")
