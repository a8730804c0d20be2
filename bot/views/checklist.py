"""The severity's procedure (docs/irp.md §4) as a checklist whose items can be ticked."""

from __future__ import annotations

from bot import actions
from bot.domain.incident import ChecklistItem, Incident
from bot.domain.severity import Severity
from bot.i18n import Translator
from bot.plan import Plan
from bot.specs import Block, Button, Context, MessageSpec, Plain, Section, Strong
from bot.views.common import person, severity_label


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


def checklist_message(tr: Translator, incident: Incident, items: list[ChecklistItem]) -> MessageSpec:
    severity = items[0].severity if items else incident.severity
    blocks: list[Block] = [Section((Strong(tr.t("checklist.heading", severity=severity_label(tr, severity))),))]
    closed = not incident.is_open
    for item in items:
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
    return MessageSpec(tr.t("checklist.summary", number=incident.number, done=done, total=len(items)),
                       tuple(blocks), marker=f"{incident.number}:checklist")
