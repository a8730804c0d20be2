"""Paper for the legal notifications: a draft per step (uploaded to the incident's channel on request, never
sent to an authority by Sirene) and the breach register (``sirene register breaches``)."""

from __future__ import annotations

import csv
import io

from bot.core import Actor
from bot.core import Core
from bot.core import Outcome
from bot.domain.regulation import RULE_OF
from bot.domain.regulation import Regime
from bot.domain.regulation import Step
from bot.exports.markdown import render_markdown
from bot.exports.notifications import DraftData
from bot.exports.notifications import RegisterLine
from bot.exports.notifications import draft
from bot.exports.notifications import register_document
from bot.exports.notifications import register_rows
from bot.exports.pdf import render_pdf
from bot.jobs.kind import JobKind
from bot.usecases.common import enqueue
from bot.usecases.common import find_incident
from bot.usecases.common import not_found
from bot.usecases.common import refuse
from bot.usecases.exports import ALL_ENTRIES
from bot.usecases.exports import FORMATS
from bot.usecases.notifications import case_of
from bot.usecases.notifications import may_notify
from bot.views.exercise import exercise_document


def _step(text: str) -> Step | None:
    return Step(text) if text in {s.value for s in Step} else None


def draft_files(core: Core, number: str, step: Step, formats: tuple[str, ...] = FORMATS) -> list[tuple[str, bytes]]:
    """The draft of ``step`` as ``(file name, content)`` per format; empty when the regime is not marked."""
    with core.uow(read_only=True) as uow:
        incident = uow.incidents.by_number(number.upper())
        if incident is None or incident.id is None:
            return []
        case = case_of(uow, incident.id, RULE_OF[step].regime)
        if case is None:
            return []
        entries = uow.logbook.entries(incident.id, ALL_ENTRIES)
    activities = [a.name if (a := core.plan.activity(key)) else key for key in incident.activities]
    tr = core.team_translator()
    document = exercise_document(tr, incident, draft(tr, core.plan, core.directory,
                                                     DraftData(incident, case, entries, activities), step, core.now()))
    return [(f"{incident.number}-{step.value}-draft.{fmt}",
             render_pdf(document) if fmt == "pdf" else render_markdown(document).encode("utf-8")) for fmt in formats]


def request_draft(core: Core, actor: Actor, number: str | None, step_text: str) -> Outcome:
    step = _step(step_text)
    if step is None:
        return refuse(core, actor, "error.stale_button")
    if not may_notify(core, actor, RULE_OF[step].regime):
        return refuse(core, actor, "notify.not_allowed")
    with core.uow() as uow:
        incident = find_incident(uow, actor, number)
        if incident is None or incident.id is None:
            return not_found(core, actor, number)
        if incident.home_channel is None:
            return refuse(core, actor, "export.no_channel", number=incident.number)
        for fmt in FORMATS:
            enqueue(core, uow, JobKind.NOTIFY_DRAFT, incident, step=step.value, format=fmt)
        uow.commit()
    core.wake_jobs()
    return refuse(core, actor, "notify_doc.preparing", step=core.translator(actor.platform, actor.user_id).t(
        f"notify.step.{step.value}"))


def _register_lines(core: Core) -> list[RegisterLine]:
    with core.uow(read_only=True) as uow:
        cases = uow.regulation.all_cases(Regime.GDPR)
        incidents = uow.incidents.get_many(sorted({c.incident_id for c in cases}))
    return [RegisterLine(incidents[c.incident_id], c) for c in cases if c.incident_id in incidents]


def register_files(core: Core, formats: tuple[str, ...]) -> list[tuple[str, bytes]]:
    """The breach register (GDPR art. 33(5)): every personal data breach, notified or not."""
    tr = core.team_translator()
    lines = _register_lines(core)
    files: list[tuple[str, bytes]] = []
    for fmt in formats:
        if fmt == "csv":
            headers, rows = register_rows(tr, core.directory, lines, core.now())
            out = io.StringIO()
            writer = csv.writer(out)
            writer.writerow(headers)
            writer.writerows(rows)
            files.append(("breach-register.csv", out.getvalue().encode("utf-8")))
            continue
        document = register_document(tr, core.plan, core.directory, lines, core.now())
        content = render_pdf(document) if fmt == "pdf" else render_markdown(document).encode("utf-8")
        files.append((f"breach-register.{fmt}", content))
    return files
