"""The procedure on paper: the procedure an incident followed (its report) and the plan's scenarios (the printed
plan)."""

from __future__ import annotations

from collections.abc import Callable

from bot.domain.incident import ChecklistItem
from bot.domain.incident import Incident
from bot.exports.document import Bullets
from bot.exports.document import Heading
from bot.exports.document import Paragraph
from bot.exports.document import Part
from bot.exports.document import Table
from bot.i18n import Translator
from bot.plan import Plan
from bot.plan_types import ProcedureMode
from bot.plan_types import with_procedures
from bot.procedures import current_checklist
from bot.procedures import procedure_words


def followed_parts(tr: Translator, plan: Plan, incident: Incident, items: list[ChecklistItem],
                   name: Callable[[str | None], str]) -> list[Part]:
    """The steps the incident follows (or followed, once closed), ticked or not, with who and when."""
    parts: list[Part] = [Heading(tr.t("types.export.heading"))]
    steps = current_checklist(plan, incident, items)
    if not steps:
        return [*parts, Paragraph(tr.t("types.export.none"))]
    parts.append(Paragraph(tr.t("types.export.followed", procedure=procedure_words(tr, plan, incident))))
    rows = tuple((f"{item.position}. {item.text}", name(item.done_by) if item.done else tr.t("types.export.open"),
                  tr.when(item.done_at) if item.done_at else "—") for item in steps)
    headers = (tr.t("types.export.step"), tr.t("types.export.done"), tr.t("types.export.when"))
    return [*parts, Table(headers, rows, (56, 22, 22))]


def scenario_parts(tr: Translator, plan: Plan) -> list[Part]:
    """The plan's scenarios: per incident type with steps, how they join the severity's and the steps."""
    scenarios = with_procedures(plan.incident_types)
    if not scenarios:
        return []
    parts: list[Part] = [Heading(tr.t("types.paper.section"))]
    for kind in scenarios.values():
        parts.append(Heading(kind.name, 2))
        mode = tr.t("types.paper.replace" if kind.procedure_mode is ProcedureMode.REPLACE else "types.paper.extend")
        severities = (", ".join(tr.t(f"severity.{s.value}.name") for s in kind.severities)
                      or tr.t("types.paper.every_severity"))
        parts.append(Paragraph(f"{mode} · {tr.t('types.paper.severities', severities=severities)}"))
        parts.append(Bullets(tuple(f"{i}. {step}" for i, step in enumerate(kind.procedure, start=1))))
    return parts
