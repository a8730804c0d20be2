"""Buttons pressed and forms submitted: one entry point per kind, for every platform."""

from __future__ import annotations

from collections.abc import Callable

from bot import actions
from bot.core import Actor
from bot.core import Core
from bot.core import Notice
from bot.core import Outcome
from bot.domain.phase import Phase
from bot.domain.roles import ContinuityPlan
from bot.domain.severity import Severity
from bot.specs import Button
from bot.specs import ButtonStyle
from bot.specs import FormValues
from bot.specs import MessageSpec
from bot.specs import Plain
from bot.specs import Section
from bot.usecases.activation import activate_plan
from bot.usecases.checklist import tick
from bot.usecases.classify import classify
from bot.usecases.classify import reclassify_form
from bot.usecases.classify import submit_reclassify
from bot.usecases.command import run_command
from bot.usecases.common import refuse
from bot.usecases.deactivation import approve
from bot.usecases.deactivation import open_reject
from bot.usecases.deactivation import request_deactivation
from bot.usecases.deactivation import submit_reject
from bot.usecases.duplicates import classify_all
from bot.usecases.duplicates import mark_duplicate
from bot.usecases.eta import open_eta_form
from bot.usecases.eta import submit_eta
from bot.usecases.exercise_answers import about_drill
from bot.usecases.exercise_answers import about_drill_page
from bot.usecases.exports import request_export
from bot.usecases.followups import mark_done
from bot.usecases.incident_type import press_type
from bot.usecases.inform import open_inform
from bot.usecases.inform import submit_inform
from bot.usecases.logbook_form import press_complete
from bot.usecases.logbook_form import submit_add
from bot.usecases.logbook_form import submit_complete
from bot.usecases.notification_files import request_draft
from bot.usecases.notifications import press_notifications
from bot.usecases.notifications import submit_notifications
from bot.usecases.pages import acknowledge
from bot.usecases.pages import mark_reviewed
from bot.usecases.pages import open_decision
from bot.usecases.pages import open_lessons
from bot.usecases.pages import submit_decision
from bot.usecases.pages import submit_lessons
from bot.usecases.phases import change_phase
from bot.usecases.proposal import propose_plan
from bot.usecases.report import submit_report
from bot.usecases.review import open_review
from bot.usecases.review import submit_review
from bot.usecases.status_update import open_status_form
from bot.usecases.status_update import submit_status

REPLAY_MAX = 2000


PAGE_BUTTONS = frozenset({actions.ACKNOWLEDGE, actions.DECIDE, actions.REVIEWED, actions.LESSONS})
"""Buttons on a page whose value starts with the page's id (not an incident's number)."""
PAGE_FORMS = frozenset({actions.FORM_DECISION, actions.FORM_LESSONS})
"""Forms of a page whose state starts with the page's id."""


def press(core: Core, actor: Actor, action: str, value: str) -> Outcome:
    parts = actions.parts(value)
    outcome = _press(core, actor, action, parts, value)
    if action in PAGE_BUTTONS:
        return about_drill_page(core, actor, parts[0], outcome)
    return about_drill(core, actor, parts[0], outcome)


def _press(core: Core, actor: Actor, action: str, parts: list[str], value: str) -> Outcome:
    number = parts[0]
    second = parts[1] if len(parts) > 1 else ""
    if action == actions.CLASSIFY and (severity := Severity.parse(second)) is not None:
        return classify(core, actor, number, severity)
    if action == actions.CLASSIFY_ALL and (severity := Severity.parse(second)) is not None:
        return classify_all(core, actor, number, severity)
    if action == actions.DUPLICATE and second:
        return mark_duplicate(core, actor, number, second)
    if action == actions.RECLASSIFY:
        return reclassify_form(core, actor, number, Severity.parse(second) if second else None)
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
    if action == actions.SET_TYPE and second:
        return press_type(core, actor, number, second)
    if action == actions.LOG_COMPLETE:
        return press_complete(core, actor, value)
    if action == actions.REVIEW_OPEN:
        return open_review(core, actor, number, second or None)
    if action == actions.FOLLOW_UP_DONE:
        return mark_done(core, actor, value)
    if action == actions.EXPORT:
        return request_export(core, actor, number)
    if action == actions.REOPEN:
        return reopen(core, actor, value)
    if action == actions.INFORM:
        return open_inform(core, actor, number, second)
    if action == actions.NOTIFY_DRAFT:
        return request_draft(core, actor, number, second)
    if action in (actions.NOTIFY, actions.NOTIFY_MARK, actions.NOTIFY_SUBMIT):
        return press_notifications(core, actor, action, parts)
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
    if action == actions.PROPOSE and second in (ContinuityPlan.BCP.value, ContinuityPlan.CMP.value):
        page = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else None
        return propose_plan(core, actor, first, ContinuityPlan(second), page)
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


def replay_of_command(text: str) -> str:
    """What a *reopen* button replays for a slash command (see :func:`form_expired`)."""
    return f"c:{text}"[:REPLAY_MAX]


def replay_of_press(action: str, value: str) -> str:
    return f"a:{action}|{value}"[:REPLAY_MAX]


def form_expired(core: Core, actor: Actor, replay: str) -> Notice:
    """The platform refused to open a form in time: offer a button that opens it again."""
    tr = core.translator(actor.platform, actor.user_id)
    text = tr.t("form_expired.text")
    button = Button(actions.REOPEN, tr.t("form_expired.reopen"), replay, ButtonStyle.PRIMARY)
    return Notice(MessageSpec(text, (Section((Plain(text),), button),)))


def reopen(core: Core, actor: Actor, replay: str) -> Outcome:
    kind, _, rest = replay.partition(":")
    if kind == "c":
        return run_command(core, actor, rest)
    action, _, value = rest.partition("|")
    if kind == "a" and action != actions.REOPEN:
        return press(core, actor, action, value)
    return refuse(core, actor, "error.stale_button")


def submit(core: Core, actor: Actor, form_id: str, values: FormValues, state: str,
           idempotency_key: str | None = None, move: str | None = None) -> Outcome:
    """A submitted form; ``move`` names the form's other button pressed instead of submit (``FormSpec.moves``).
    What it answers says EXERCISE when the form was about a drill (its state names the incident first)."""
    outcome = _submit(core, actor, form_id, values, state, idempotency_key, move)
    if form_id in PAGE_FORMS:
        return about_drill_page(core, actor, state.partition("|")[0], outcome)
    return about_drill(core, actor, state.partition("|")[0], outcome, by_channel=False)


def _submit(core: Core, actor: Actor, form_id: str, values: FormValues, state: str, idempotency_key: str | None,
            move: str | None) -> Outcome:
    if form_id == actions.FORM_REPORT:
        return submit_report(core, actor, values, idempotency_key)
    if form_id == actions.FORM_LOG_ADD:
        return submit_add(core, actor, values, state, idempotency_key)
    if form_id == actions.FORM_REVIEW:
        return submit_review(core, actor, values, state, move, idempotency_key)
    if form_id in (actions.FORM_NOTIFY_MARK, actions.FORM_NOTIFY_SUBMIT):
        return submit_notifications(core, actor, form_id, values, state)
    form = FORMS.get(form_id)
    if form is None:
        return refuse(core, actor, "error.stale_form")
    return form(core, actor, values, state)


FormSubmit = Callable[[Core, Actor, FormValues, str], Outcome]
"""A form's submission: its values and the state the form carried (the incident's number, and more)."""

FORMS: dict[str, FormSubmit] = {
    actions.FORM_RECLASSIFY: submit_reclassify,
    actions.FORM_REJECT: submit_reject,
    actions.FORM_LOG_COMPLETE: submit_complete,
    actions.FORM_ETA: submit_eta,
    actions.FORM_STATUS: submit_status,
    actions.FORM_DECISION: submit_decision,
    actions.FORM_LESSONS: submit_lessons,
    actions.FORM_INFORM: submit_inform,
}
"""The forms whose submission needs nothing but their values and state (the others are routed above)."""
