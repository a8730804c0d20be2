"""Paper copies: the incident report (``/incident export``, ``sirene export``), the logbook as CSV
(``sirene logbook export``), its integrity check (``sirene logbook verify``) and the plan (``sirene plan print``)."""

from __future__ import annotations

import csv
import io

from bot.core import Actor
from bot.core import Core
from bot.core import Notice
from bot.core import Outcome
from bot.domain.incident import Approval
from bot.domain.incident import Incident
from bot.domain.logbook_chain import Verdict
from bot.domain.logbook_chain import verify
from bot.exports.incident_report import ReportData
from bot.exports.incident_report import incident_report
from bot.exports.markdown import render_markdown
from bot.exports.pdf import render_pdf
from bot.exports.plan_print import plan_document
from bot.jobs.kind import JobKind
from bot.policy import may_contribute_review
from bot.ports import UnitOfWork
from bot.usecases.common import allowed_incident
from bot.usecases.common import enqueue
from bot.usecases.common import refuse
from bot.views.exercise import exercise_document
from bot.views.logbook_form import incident_type_label

FORMATS = ("md", "pdf")
ALL_ENTRIES = 100_000


def _verdict(uow: UnitOfWork, number: str, incident_id: int) -> Verdict:
    return verify(number, uow.logbook.chain(incident_id), uow.logbook.seal(incident_id))


def verify_logbook(core: Core, number: str) -> Verdict | None:
    """The logbook's hash chain checked link by link; ``None`` for an unknown incident."""
    with core.uow() as uow:
        incident = uow.incidents.by_number(number.upper())
        if incident is None or incident.id is None:
            return None
        return _verdict(uow, incident.number, incident.id)


def load_report(core: Core, number: str) -> ReportData | None:
    with core.uow() as uow:
        incident = uow.incidents.by_number(number.upper())
        if incident is None or incident.id is None:
            return None
        approvals: list[Approval] = []
        for round_ in range(1, incident.deactivation_round + 1):
            approvals += uow.incidents.approvals(incident.id, round_)
        return ReportData(incident, uow.incidents.severity_changes(incident.id), approvals,
                          uow.logbook.entries(incident.id, ALL_ENTRIES), _verdict(uow, incident.number, incident.id),
                          uow.reviews.get(incident.id), uow.reviews.follow_ups(incident.id, open_only=False),
                          uow.regulation.cases(incident.id), uow.communications.of_incident(incident.id),
                          uow.incidents.checklist(incident.id))


def report_files(core: Core, number: str, formats: tuple[str, ...] = FORMATS) -> list[tuple[str, bytes]] | None:
    """The incident report as ``(file name, content)`` per format, in the plan's language."""
    data = load_report(core, number)
    if data is None:
        return None
    tr = core.team_translator()
    document = exercise_document(tr, data.incident, incident_report(tr, core.plan, core.directory, data, core.now()))
    files: list[tuple[str, bytes]] = []
    for fmt in formats:
        content = render_pdf(document) if fmt == "pdf" else render_markdown(document).encode("utf-8")
        files.append((f"{data.incident.number}-report.{fmt}", content))
    return files


def plan_files(core: Core, formats: tuple[str, ...] = FORMATS) -> list[tuple[str, bytes]]:
    document = plan_document(core.team_translator(), core.plan, core.now())
    return [("plan." + fmt, render_pdf(document) if fmt == "pdf" else render_markdown(document).encode("utf-8"))
            for fmt in formats]


def logbook_csv(core: Core, number: str) -> str | None:
    """The logbook with the template's columns, one row per entry, for spreadsheets and auditors; a drill's rows
    say so in the *Exercise* column (as the register's do), the entry's hash stays last."""
    data = load_report(core, number)
    if data is None:
        return None
    tr = core.team_translator()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*(tr.t(f"export.csv.{c}") for c in (
        "number", "date", "incident_type", "summary", "team", "impact", "duration", "activities", "resources",
        "actions", "author", "source", "link", "state", "revisions")),
        tr.t("exercise.column"), tr.t("export.csv.hash")])
    drill = tr.t("exercise.flag") if data.incident.exercise else ""  # every row of a drill's logbook says so
    for entry in data.entries:
        details = entry.details
        activities = [a.name if (a := core.plan.activity(i)) else i for i in details.activities]
        state = tr.t("export.csv.deleted") if entry.deleted else tr.t("export.csv.current")
        writer.writerow([
            entry.sequence, entry.recorded_at.astimezone(core.plan.zone).isoformat(timespec="seconds"),
            incident_type_label(tr, core.plan, details.incident_type), details.summary,
            tr.t(f"role.{details.team}") if details.team else "", details.impact, details.duration,
            ", ".join(activities), details.resources, entry.text,
            core.directory.display_name(data.incident.platform, entry.author_id),
            tr.t(f"log.source.{entry.source.value}"), entry.permalink or "", state, len(entry.revisions), drill,
            entry.hash,
        ])
    return out.getvalue()


def _archived(core: Core, uow: UnitOfWork, incident: Incident) -> bool:
    """Closed, its channel archived by the plan (once the review, if any, was complete): no upload there."""
    if incident.is_open or incident.channel_id is None or not core.plan.channels.archive_on_close:
        return False
    review = uow.reviews.get(incident.id or 0)
    return review is None or review.complete


def request_export(core: Core, actor: Actor, number: str | None) -> Outcome:
    """``/incident export``: the report as Markdown and PDF, uploaded to the incident's channel."""
    with core.uow() as uow:
        incident = allowed_incident(core, uow, actor, number, may_contribute_review, "export.not_allowed")
        if isinstance(incident, Notice):
            return incident
        if incident.home_channel is None or _archived(core, uow, incident):
            return refuse(core, actor, "export.no_channel", number=incident.number)
        for fmt in FORMATS:
            enqueue(core, uow, JobKind.EXPORT_UPLOAD, incident, format=fmt, requested_by=actor.user_id)
        uow.commit()
    core.wake_jobs()
    return refuse(core, actor, "export.preparing", number=incident.number)
