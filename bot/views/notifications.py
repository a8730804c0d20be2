"""The legal notifications as people read them: the overview behind *Notifications…*, the forms to mark a
regime and to record a submission, the reminders, and the lines of the channel's summary."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot import actions
from bot.domain.incident import Incident
from bot.domain.regulation import REFERENCES
from bot.domain.regulation import RULE_OF
from bot.domain.regulation import Regime
from bot.domain.regulation import RegulatoryCase
from bot.domain.regulation import Step
from bot.domain.regulation import StepClock
from bot.domain.regulation import StepState
from bot.domain.regulation import clocks
from bot.i18n import Translator
from bot.plan import Plan
from bot.specs import Actions
from bot.specs import Block
from bot.specs import Button
from bot.specs import ButtonStyle
from bot.specs import Choice
from bot.specs import Context
from bot.specs import DateTimeInput
from bot.specs import Divider
from bot.specs import FormInput
from bot.specs import FormSpec
from bot.specs import Inline
from bot.specs import MessageSpec
from bot.specs import Note
from bot.specs import Plain
from bot.specs import RadioInput
from bot.specs import Rich
from bot.specs import Section
from bot.specs import Strong
from bot.specs import TextInput
from bot.specs import Tone
from bot.views.clocks import due_text
from bot.views.common import person
from bot.views.common import rich

REFERENCE_MAX = 200
REGISTER_TEXT_MAX = 2000


def step_name(tr: Translator, step: Step) -> str:
    return tr.t(f"notify.step.{step.value}")


def state_text(tr: Translator, clock: StepClock, now: datetime) -> str:
    """``due 30 Nov 2026, 09:00 CET · in 2 days`` / ``overdue …`` / ``submitted …, reference …``."""
    if clock.state is StepState.SUBMITTED and clock.submission is not None:
        return tr.t("notify.state.submitted", when=tr.when(clock.submission.submitted_at),
                    reference=clock.submission.reference)
    if clock.state is StepState.WAITING and clock.rule.after is not None:
        return tr.t("notify.state.waiting", step=step_name(tr, clock.rule.after))
    if clock.state is StepState.OPEN:
        return tr.t("notify.state.open")
    if clock.state is StepState.OVERDUE:
        return "⚠️ " + tr.t("notify.state.overdue", due=due_text(tr, clock.due_at, now))
    return due_text(tr, clock.due_at, now)


def summary_fields(tr: Translator, cases: Sequence[RegulatoryCase], now: datetime) -> tuple[tuple[str, Rich], ...]:
    """One line per step owed, for the incident's living message (overdue ones stay until recorded)."""
    return tuple((f"{step_name(tr, clock.rule.step)} ({clock.rule.reference.split(';')[0]})",
                  (Plain(state_text(tr, clock, now)),))
                 for case in cases for clock in clocks(case, now))


def _decision(tr: Translator, case: RegulatoryCase) -> Rich:
    key = f"notify.decided.{case.regime.value}"
    params: dict[str, Inline | str] = {"by": person(case.decided_by), "when": tr.when(case.decided_at),
                                       "aware": tr.when(case.aware_at)}
    if case.regime is Regime.GDPR:
        params["risk"] = tr.t("notify.high_risk.yes" if case.high_risk else "notify.high_risk.no")
    return rich(tr, key, **params)


def overview(tr: Translator, plan: Plan, incident: Incident, cases: Sequence[RegulatoryCase],
             now: datetime) -> MessageSpec:
    number = incident.number
    blocks: list[Block] = [Section((Strong(tr.t("notify.heading", number=number)),))]
    marked = {case.regime: case for case in cases}
    buttons: list[Button] = []
    for regime in plan.regulation.regimes():
        blocks.append(Divider())
        blocks.append(Section((Strong(tr.t(f"notify.regime.{regime.value}")), Plain(f" · {REFERENCES[regime]}"))))
        case = marked.get(regime)
        if case is None:
            blocks.append(Context((Plain(tr.t(f"notify.not_marked.{regime.value}")),)))
            buttons.append(Button(actions.NOTIFY_MARK, tr.t(f"notify.button.mark.{regime.value}"),
                                  actions.value(number, regime.value)))
            continue
        blocks.append(Context(_decision(tr, case)))
        for clock in clocks(case, now):
            blocks.append(Section((Strong(step_name(tr, clock.rule.step) + ": "),
                                   Plain(f"{state_text(tr, clock, now)} · {clock.rule.reference}"))))
        blocks.append(Context((Plain(tr.t(f"notify.where.{regime.value}")),)))
        buttons.append(Button(actions.NOTIFY_MARK, tr.t("notify.button.awareness", regime=regime.value.upper()),
                              actions.value(number, regime.value)))
    owed = [c for case in cases for c in clocks(case, now)
            if c.state in (StepState.RUNNING, StepState.OVERDUE, StepState.OPEN)]
    if owed:
        buttons.insert(0, Button(actions.NOTIFY_SUBMIT, tr.t("notify.button.submit"), number, ButtonStyle.PRIMARY))
    if buttons:
        blocks.append(Actions(tuple(buttons)))
    drafts = [Button(actions.NOTIFY_DRAFT, tr.t("notify.button.draft", step=step_name(tr, c.rule.step)),
                     actions.value(number, c.rule.step.value)) for c in owed]
    if drafts:
        blocks.append(Actions(tuple(drafts)))
    blocks.append(Context((Plain(tr.t("notify.no_advice")),)))
    return MessageSpec(tr.t("notify.heading", number=number), tuple(blocks))


def _criteria(tr: Translator, plan: Plan, regime: Regime) -> tuple[str, ...]:
    if regime is Regime.NIS2 and plan.regulation.nis2_criteria:
        return plan.regulation.nis2_criteria
    return tuple(tr.t(key) for key in tr.keys_under(f"notify.criteria.{regime.value}"))


def mark_form(tr: Translator, plan: Plan, incident: Incident, regime: Regime, case: RegulatoryCase | None,
              now: datetime) -> FormSpec:
    lines = [tr.t(f"notify.question.{regime.value}"), *(f"• {line}" for line in _criteria(tr, plan, regime)),
             tr.t("notify.no_advice")]
    inputs: list[FormInput] = [Note((Plain("\n".join(lines)),)),
                               DateTimeInput("aware_at", tr.t("notify.form.aware_at"),
                                             initial=case.aware_at if case else incident.detected_at,
                                             hint=tr.t("notify.form.aware_hint"))]
    if regime is Regime.GDPR:
        risk = (Choice("no", tr.t("notify.high_risk.no")), Choice("yes", tr.t("notify.high_risk.yes")))
        inputs.append(RadioInput("high_risk", tr.t("notify.form.high_risk"), risk,
                                 initial="yes" if case and case.high_risk else "no",
                                 hint=tr.t("notify.form.high_risk_hint")))
        for name in ("facts", "effects", "remedy"):
            inputs.append(TextInput(name, tr.t(f"notify.form.{name}"), multiline=True, optional=True,
                                    max_length=REGISTER_TEXT_MAX, initial=getattr(case, name, "") if case else ""))
    title = tr.t("notify.form.mark_title" if case is None else "notify.form.change_title", regime=regime.value.upper())
    submit = tr.t("notify.form.mark_submit" if case is None else "notify.form.change_submit")
    return FormSpec(actions.FORM_NOTIFY_MARK, title, submit, tr.t("form.cancel"), tuple(inputs),
                    state=actions.value(incident.number, regime.value))


def submission_form(tr: Translator, incident: Incident, open_clocks: Sequence[StepClock], now: datetime) -> FormSpec:
    choices = tuple(Choice(c.rule.step.value, f"{step_name(tr, c.rule.step)} ({c.rule.reference.split(';')[0]})")
                    for c in open_clocks)
    inputs: tuple[FormInput, ...] = (
        RadioInput("step", tr.t("notify.form.step"), choices, initial=choices[0].value if len(choices) == 1 else None),
        DateTimeInput("submitted_at", tr.t("notify.form.submitted_at"), initial=now),
        TextInput("reference", tr.t("notify.form.reference"), max_length=REFERENCE_MAX,
                  hint=tr.t("notify.form.reference_hint")),
    )
    return FormSpec(actions.FORM_NOTIFY_SUBMIT, tr.t("notify.form.submit_title"), tr.t("notify.form.submit_submit"),
                    tr.t("form.cancel"), inputs, state=incident.number)


def reminder_message(tr: Translator, incident: Incident, step: Step, due: datetime, now: datetime,
                     responsible: str | None, overdue: bool = False) -> MessageSpec:
    """In the incident's channel (or a direct message to the responsible): a deadline draws near, or passed."""
    rule = RULE_OF[step]
    key = "notify.overdue" if overdue else "notify.reminder"
    text = rich(tr, key, step=step_name(tr, step), number=incident.number, due=due_text(tr, due, now),
                reference=rule.reference, who=person(responsible) if responsible else Plain("—"))
    blocks: list[Block] = [Section(text), Context((Plain(tr.t(f"notify.where.{rule.regime.value}")),)),
                           Actions((Button(actions.NOTIFY, tr.t("notify.button.open"), incident.number,
                                           ButtonStyle.PRIMARY),))]
    summary = tr.t("notify.reminder_summary", step=step_name(tr, step), number=incident.number, due=tr.when(due))
    return MessageSpec(summary, tuple(blocks), Tone.CRISIS if overdue else Tone.MAJOR,
                       marker=f"{incident.number}:notify:{step.value}:{'overdue' if overdue else 'reminder'}")


def page_body(tr: Translator, incident: Incident, cause: str, now: datetime) -> Rich:
    """The body of a page that a legal notification is due soon (``cause``: ``step@due``)."""
    step_value, _, due_value = cause.partition("@")
    step = Step(step_value) if step_value in {s.value for s in Step} else None
    if step is None:
        return (Plain(tr.t("notify.page.what")),)
    due = datetime.fromisoformat(due_value.replace("Z", "+00:00")) if due_value else None
    return (Plain(tr.t("notify.page.body", step=step_name(tr, step), number=incident.number,
                       due=due_text(tr, due, now), reference=RULE_OF[step].reference)),)
