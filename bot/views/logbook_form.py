"""The small form that adds an action to the logbook or completes an entry's columns (impact, duration,
affected activities, resources assigned, incident type)."""

from __future__ import annotations

from bot import actions
from bot.domain.incident import Incident
from bot.domain.logbook import LogbookEntry
from bot.i18n import Translator
from bot.plan import Plan
from bot.specs import Choice
from bot.specs import FormInput
from bot.specs import FormSpec
from bot.specs import Note
from bot.specs import Plain
from bot.specs import SelectInput
from bot.specs import Strong
from bot.specs import TextInput

ACTION_MAX = 3000
DETAIL_MAX = 1000
DEFAULT_INCIDENT_TYPES = ("outage", "security", "data_breach", "supplier", "facilities", "human_error", "other")


def incident_type_choices(tr: Translator, plan: Plan) -> tuple[Choice, ...]:
    if plan.incident_types:
        return tuple(Choice(code, kind.name) for code, kind in plan.incident_types.items())
    return tuple(Choice(code, tr.t(f"incident_type.{code}")) for code in DEFAULT_INCIDENT_TYPES)


def incident_type_label(tr: Translator, plan: Plan, code: str | None) -> str:
    if not code:
        return "—"
    return next((choice.label for choice in incident_type_choices(tr, plan) if choice.value == code), code)


def _detail_inputs(tr: Translator, plan: Plan, incident: Incident, entry: LogbookEntry | None) -> list[FormInput]:
    details = entry.details if entry is not None else None
    inputs: list[FormInput] = [
        TextInput("impact", tr.t("entry_form.impact"), multiline=True, optional=True, max_length=DETAIL_MAX,
                  initial=details.impact if details else "", hint=tr.t("entry_form.impact_hint")),
        TextInput("duration", tr.t("entry_form.duration"), optional=True, max_length=DETAIL_MAX,
                  initial=details.duration if details else "", placeholder=tr.t("entry_form.duration_placeholder")),
    ]
    if plan.activities:
        chosen = details.activities if details else incident.activities
        inputs.append(SelectInput("activities", tr.t("entry_form.activities"),
                                  tuple(Choice(a.id, a.name) for a in plan.activities), multiple=True, optional=True,
                                  initial=tuple(chosen)))
    inputs += [
        TextInput("resources", tr.t("entry_form.resources"), multiline=True, optional=True, max_length=DETAIL_MAX,
                  initial=details.resources if details else "", hint=tr.t("entry_form.resources_hint")),
        SelectInput("incident_type", tr.t("entry_form.incident_type"), incident_type_choices(tr, plan),
                    optional=True, initial=(incident.incident_type,) if incident.incident_type else (),
                    hint=tr.t("entry_form.incident_type_hint")),
    ]
    return inputs


def add_form(tr: Translator, plan: Plan, incident: Incident, text: str) -> FormSpec:
    inputs: list[FormInput] = [
        Note((Strong(f"{incident.number} · "), Plain(incident.title))),
        TextInput("text", tr.t("entry_form.text"), multiline=True, max_length=ACTION_MAX, initial=text[:ACTION_MAX],
                  hint=tr.t("entry_form.text_hint")),
        *_detail_inputs(tr, plan, incident, None),
    ]
    return FormSpec(actions.FORM_LOG_ADD, tr.t("entry_form.add_heading"), tr.t("entry_form.add_submit"),
                    tr.t("form.cancel"), tuple(inputs), state=incident.number)


def complete_form(tr: Translator, plan: Plan, incident: Incident, entry: LogbookEntry) -> FormSpec:
    shown = tr.t("log.deleted") if entry.deleted else entry.text
    inputs: list[FormInput] = [
        Note((Strong(f"{incident.number} · #{entry.sequence} · {tr.when(entry.recorded_at)}\n"), Plain(shown))),
        *_detail_inputs(tr, plan, incident, entry),
    ]
    return FormSpec(actions.FORM_LOG_COMPLETE, tr.t("entry_form.complete_heading"),
                    tr.t("entry_form.complete_submit"), tr.t("form.cancel"), tuple(inputs),
                    state=actions.value(incident.number, entry.sequence))
