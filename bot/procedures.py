"""Which checklist an incident follows now: its severity's procedure, extended or replaced by the scenario of
its incident type (``incident_types.<id>.procedure`` in the plan, ``bot.plan_types``)."""

from __future__ import annotations

from collections.abc import Iterable

from bot.domain.incident import ChecklistItem
from bot.domain.incident import Incident
from bot.i18n import Translator
from bot.plan import Plan
from bot.plan_types import IncidentType
from bot.plan_types import ProcedureMode


def applied_type(plan: Plan, incident: Incident) -> str:
    """The incident type whose scenario steps apply to ``incident`` now; empty when none does (no type, a type
    without steps, or steps for other severities)."""
    kind = plan.incident_type(incident.incident_type)
    if kind is None or incident.severity is None or not kind.procedure_for(incident.severity):
        return ""
    return incident.incident_type or ""


def scenario_of(plan: Plan, incident: Incident) -> IncidentType | None:
    """The incident type whose scenario applies now (see :func:`applied_type`)."""
    return plan.incident_type(applied_type(plan, incident))


def current_checklist(plan: Plan, incident: Incident, items: Iterable[ChecklistItem]) -> list[ChecklistItem]:
    """The steps the incident follows now, in order: the severity's, then the scenario's (``extend``), or the
    scenario's alone (``replace``)."""
    if incident.severity is None:
        return []
    mine = [item for item in items if item.severity is incident.severity]
    own = [item for item in mine if not item.incident_type]
    type_id = applied_type(plan, incident)
    if not type_id:
        return own
    scenario = [item for item in mine if item.incident_type == type_id]
    kind = plan.incident_types[type_id]
    return scenario if kind.procedure_mode is ProcedureMode.REPLACE else own + scenario


def new_items(plan: Plan, incident: Incident, items: list[ChecklistItem], own_steps: list[str]) -> list[ChecklistItem]:
    """The steps still to store for the incident's severity and type: the severity's (``own_steps``) the first
    time, the scenario's the first time it applies at this severity. Numbers follow on after the severity's
    steps when the scenario extends them, so every step the incident follows has its own number."""
    severity = incident.severity
    assert incident.id is not None and severity is not None
    mine = [item for item in items if item.severity is severity]
    own = [item for item in mine if not item.incident_type]
    added: list[ChecklistItem] = []
    if not own:
        added = [ChecklistItem(incident.id, severity, n, text) for n, text in enumerate(own_steps, start=1)]
    type_id = applied_type(plan, incident)
    if type_id and not any(item.incident_type == type_id for item in mine):
        kind = plan.incident_types[type_id]
        start = len(own or added) if kind.procedure_mode is ProcedureMode.EXTEND else 0
        added += [ChecklistItem(incident.id, severity, start + n, text, incident_type=type_id)
                  for n, text in enumerate(kind.procedure_for(severity), start=1)]
    return added


def procedure_words(tr: Translator, plan: Plan, incident: Incident) -> str:
    """What the incident follows now, in words (the logbook, the channel, the export)."""
    if incident.severity is None:
        return tr.t("types.procedure.unclassified")
    severity = tr.t(f"severity.{incident.severity.value}.name")
    kind = scenario_of(plan, incident)
    if kind is None:
        return tr.t("types.procedure.severity", severity=severity)
    key = "types.procedure.replace" if kind.procedure_mode is ProcedureMode.REPLACE else "types.procedure.extend"
    return tr.t(key, severity=severity, type=kind.name)
