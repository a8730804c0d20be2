"""The severity's procedure (docs/irp.md §4), extended or replaced by the incident type's scenario, as a checklist
whose items can be ticked."""

from __future__ import annotations

from bot import actions
from bot.domain.incident import ChecklistItem
from bot.domain.incident import Incident
from bot.domain.severity import Severity
from bot.i18n import Translator
from bot.plan import Plan
from bot.plan_types import ProcedureMode
from bot.plan_types import with_procedures
from bot.procedures import scenario_of
from bot.specs import Actions
from bot.specs import Block
from bot.specs import Button
from bot.specs import Context
from bot.specs import MessageSpec
from bot.specs import Plain
from bot.specs import Section
from bot.specs import Strong
from bot.views.common import person
from bot.views.common import severity_label


def procedure_steps(tr: Translator, plan: Plan, severity: Severity) -> list[str]:
    custom = plan.policy(severity).procedure
    if custom:
        return list(custom)
    return [tr.t(key) for key in tr.keys_under(f"procedure.{severity.value}")]


def severity_criteria(tr: Translator, plan: Plan, severity: Severity) -> str:
    """The plan's own criteria for ``severity`` (its lines joined), else the template's description."""
    own = plan.policy(severity).criteria
    if own:
        return " · ".join(line.strip() for line in own if line.strip())
    return tr.t(f"severity.{severity.value}.criteria")


SCENARIO_BUTTONS = 5
"""At most this many scenario buttons on a checklist (more types: ``/incident type <id>``)."""


def _heading(tr: Translator, plan: Plan, incident: Incident, severity: Severity) -> str:
    kind = scenario_of(plan, incident)
    if kind is None:
        return tr.t("checklist.heading", severity=severity_label(tr, severity))
    key = "types.checklist.heading_replace" if kind.procedure_mode is ProcedureMode.REPLACE \
        else "types.checklist.heading_extend"
    return tr.t(key, severity=severity_label(tr, severity), type=kind.name)


def scenario_choice(tr: Translator, plan: Plan, incident: Incident, severity: Severity | None,
                    key: str = "types.checklist.choose") -> list[Block]:
    """No type named yet, and the plan has scenarios (for ``severity``; any, before the incident is classified):
    offer them, as buttons when they are few (``key``: the catalog's words above them)."""
    if incident.incident_type or not incident.is_open:
        return []
    offered = [(type_id, kind) for type_id, kind in with_procedures(plan.incident_types).items()
               if severity is None or kind.procedure_for(severity)]
    if not offered:
        return []
    ids = ", ".join(type_id for type_id, _ in offered)
    blocks: list[Block] = [Context((Plain(tr.t(key, types=ids)),))]
    if len(offered) <= SCENARIO_BUTTONS:
        blocks.append(Actions(tuple(Button(actions.SET_TYPE, kind.name, actions.value(incident.number, type_id))
                                    for type_id, kind in offered)))
    return blocks


def checklist_message(tr: Translator, plan: Plan, incident: Incident, items: list[ChecklistItem]) -> MessageSpec:
    severity = items[0].severity if items else incident.severity
    assert severity is not None
    blocks: list[Block] = [Section((Strong(_heading(tr, plan, incident, severity)),))]
    closed = not incident.is_open
    scenario_started = False
    for item in items:
        if item.incident_type and not scenario_started and item is not items[0]:
            kind = plan.incident_type(item.incident_type)
            blocks.append(Section((Strong(tr.t("types.checklist.scenario_steps",
                                              type=kind.name if kind else item.incident_type)),)))
        scenario_started = scenario_started or bool(item.incident_type)
        label = f"{item.position}. {item.text}"
        if item.done:
            blocks.append(Section((Plain("✅ "), Plain(label))))
            blocks.append(Context((Plain(tr.t("checklist.done_by") + " "), person(item.done_by),
                                   Plain(" · " + tr.clock_time(item.done_at)) if item.done_at else Plain(""))))
        else:
            button = None if closed else Button(actions.CHECK, tr.t("checklist.tick"),
                                                actions.value(incident.number, item.position))
            blocks.append(Section((Plain("☐ "), Plain(label)), button))
    done = sum(1 for item in items if item.done)
    blocks.append(Context((Plain(tr.t("checklist.progress", done=done, total=len(items))),)))
    blocks += scenario_choice(tr, plan, incident, severity)
    return MessageSpec(tr.t("checklist.summary", number=incident.number, done=done, total=len(items)),
                       tuple(blocks), marker=f"{incident.number}:checklist")
