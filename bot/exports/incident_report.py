"""The incident report (paper copy): summary, severity history, timeline, logbook with its seal,
approvals, the Post Incident Review and the follow-up actions, in the plan's language."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from datetime import datetime

from bot.directory import Directory
from bot.domain.communication import Communication
from bot.domain.incident import Approval
from bot.domain.incident import ChecklistItem
from bot.domain.incident import Decision
from bot.domain.incident import Incident
from bot.domain.incident import ReporterKind
from bot.domain.incident import SeverityChange
from bot.domain.logbook import EntrySource
from bot.domain.logbook import LogbookEntry
from bot.domain.logbook_chain import Verdict
from bot.domain.regulation import RegulatoryCase
from bot.domain.review import FollowUp
from bot.domain.review import Review
from bot.domain.review import done_sections
from bot.domain.review_sections import SECTIONS
from bot.exports.document import Bullets
from bot.exports.document import Document
from bot.exports.document import Facts
from bot.exports.document import Heading
from bot.exports.document import Paragraph
from bot.exports.document import Part
from bot.exports.document import Table
from bot.exports.notifications import communication_parts
from bot.exports.notifications import report_parts
from bot.exports.procedure import followed_parts
from bot.i18n import Translator
from bot.plan import Plan
from bot.sources import source_name
from bot.views.logbook_form import incident_type_label
from bot.views.review import choice_label


@dataclass(frozen=True)
class ReportData:
    incident: Incident
    severity_changes: list[SeverityChange]
    approvals: list[Approval]
    entries: list[LogbookEntry]
    verdict: Verdict
    review: Review | None
    follow_ups: list[FollowUp]
    notifications: list[RegulatoryCase] = field(default_factory=list)
    """The legal notifications marked on the incident (NIS2, GDPR, DORA)."""
    communications: list[Communication] = field(default_factory=list)
    """What was told to customers, suppliers, staff… (the communication plan)."""
    checklist: list[ChecklistItem] = field(default_factory=list)
    """Every checklist step stored for the incident (the report shows the ones it follows)."""


def _severity(tr: Translator, value: object) -> str:
    return tr.t(f"severity.{getattr(value, 'value', value)}.name") if value else "—"


def _name(directory: Directory, incident: Incident, user_id: str | None) -> str:
    if user_id and user_id == incident.reporter_id and incident.reporter_display:
        return incident.reporter_display
    return directory.display_name(incident.platform, user_id) if user_id else "—"


def _when(tr: Translator, moment: datetime | None) -> str:
    return tr.when(moment) if moment else "—"


def _summary(tr: Translator, plan: Plan, directory: Directory, incident: Incident) -> Facts:
    source = source_name(incident.reporter_id)  # reported from outside the chat
    reporter = (tr.t("intake.triage.source", source=source) if source
                else _name(directory, incident, incident.reporter_id))
    if incident.reporter_kind is not ReporterKind.EMPLOYEE:
        reporter += f" ({tr.t(f'reporter.{incident.reporter_kind.value}')}: {incident.reporter_name})"
    activities = []
    for activity_id in incident.activities:
        activity = plan.activity(activity_id)
        activities.append(f"{activity.name} (RTO {tr.duration(activity.rto)})" if activity else activity_id)
    classified = "—"
    if incident.classified_at:
        classified = f"{_when(tr, incident.classified_at)} · {_name(directory, incident, incident.classified_by)}"
    return Facts((
        (tr.t("export.field.title"), incident.title),
        (tr.t("export.field.description"), incident.description or "—"),
        (tr.t("field.severity"), _severity(tr, incident.severity)),
        (tr.t("export.field.incident_type"), incident_type_label(tr, plan, incident.incident_type)),
        (tr.t("field.phase"), tr.t(f"phase.{incident.phase.value}")),
        (tr.t("field.owner"), _name(directory, incident, incident.owner_id)),
        (tr.t("field.reported_by"), reporter),
        (tr.t("field.detected_at"), _when(tr, incident.detected_at)),
        (tr.t("export.field.reported_at"), _when(tr, incident.reported_at)),
        (tr.t("export.field.classified"), classified),
        (tr.t("export.field.closed_at"), _when(tr, incident.closed_at)),
        (tr.t("plan_version.field"), incident.plan_version or "—"),
        (tr.t("field.activities"), ", ".join(activities) or "—"),
        (tr.t("field.plans_activated"), ", ".join(p.value.upper() for p in sorted(incident.activated_plans)) or "—"),
        (tr.t("export.field.channel"), f"#{incident.channel_name}" if incident.channel_name else "—"),
    ))


def _details(tr: Translator, plan: Plan, entry: LogbookEntry) -> str:
    details = entry.details
    lines = []
    for key, value in (("impact", details.impact), ("duration", details.duration),
                       ("resources", details.resources)):
        if value:
            lines.append(f"{tr.t(f'export.logbook.{key}')}: {value}")
    names = [a.name if (a := plan.activity(i)) else i for i in details.activities]
    if names:
        lines.append(f"{tr.t('export.logbook.activities')}: {', '.join(names)}")
    return "\n".join(lines)


def _logbook(tr: Translator, plan: Plan, directory: Directory, data: ReportData) -> list[Part]:
    rows = []
    for entry in data.entries:
        action = entry.text
        if entry.deleted:
            action = f"[{tr.t('export.logbook.deleted')}] {action}"
        elif entry.revisions:
            action += f"\n({tr.t('log.edited', count=len(entry.revisions))})"
        team = tr.t(f"role.{entry.details.team}") if entry.details.team else "—"
        rows.append((str(entry.sequence), tr.when(entry.recorded_at),
                     incident_type_label(tr, plan, entry.details.incident_type), entry.details.summary or "—", team,
                     _details(tr, plan, entry), action,
                     f"{_name(directory, data.incident, entry.author_id)}\n{tr.t(f'log.source.{entry.source.value}')}"))
    headers = tuple(tr.t(f"export.logbook.{c}") for c in ("number", "date", "type", "summary", "team", "detail",
                                                          "actions", "author"))
    verdict = data.verdict
    seal = tr.t("export.logbook.intact" if verdict.intact else "export.logbook.broken", links=verdict.links,
                head=verdict.head, sequence=verdict.broken_at.sequence if verdict.broken_at else 0)
    return [Heading(tr.t("export.section.logbook")), Table(headers, tuple(rows), (4, 12, 9, 12, 10, 20, 22, 11)),
            Paragraph(seal)]


def _timeline(tr: Translator, data: ReportData) -> Bullets:
    incident = data.incident
    moments: list[tuple[datetime, str]] = [(incident.detected_at, tr.t("export.timeline.detected")),
                                           (incident.reported_at, tr.t("export.timeline.reported"))]
    moments += [(e.recorded_at, e.text) for e in data.entries if e.source is EntrySource.BOT]
    return Bullets(tuple(f"{tr.when(at)} — {text}" for at, text in sorted(moments, key=lambda m: m[0])))


def _review(tr: Translator, plan: Plan, directory: Directory, data: ReportData) -> list[Part]:
    review = data.review
    parts: list[Part] = [Heading(tr.t("export.section.review"))]
    if review is None:
        return [*parts, Paragraph(tr.t("export.review.none"))]
    done = done_sections(review)
    status = (tr.t("export.review.completed", when=_when(tr, review.completed_at),
                   by=_name(directory, data.incident, review.completed_by))
              if review.complete else tr.t("pir.progress", done=len(done), total=len(SECTIONS)))
    parts.append(Paragraph(status))
    for index, section in enumerate(SECTIONS, start=1):
        parts.append(Heading(f"{index}. {tr.t(f'pir.{section.id}.title')}", 2))
        pairs = []
        for question in section.questions:
            value = review.answer(section.id, question.id)
            pairs.append((tr.t(f"pir.{section.id}.{question.id}"), choice_label(tr, plan, question, value) or "—"))
        parts.append(Facts(tuple(pairs)))
    return parts


def _follow_ups(tr: Translator, directory: Directory, data: ReportData) -> list[Part]:
    rows = []
    for item in data.follow_ups:
        status = (tr.t("export.followups.done", when=_when(tr, item.done_at),
                       by=_name(directory, data.incident, item.done_by)) if item.done
                  else tr.t("export.followups.open"))
        rows.append((item.text, _name(directory, data.incident, item.owner_id), tr.when(item.due_at), status))
    headers = tuple(tr.t(f"export.followups.{c}") for c in ("action", "owner", "due", "status"))
    body: Part = Table(headers, tuple(rows), (40, 20, 20, 20)) if rows else Paragraph(tr.t("export.followups.none"))
    return [Heading(tr.t("export.section.followups")), body]


def _approvals(tr: Translator, directory: Directory, data: ReportData) -> list[Part]:
    rows = tuple((str(a.round), tr.t(f"role.{a.role}"),
                  tr.t("approval.approved" if a.decision is Decision.APPROVE else "approval.rejected"),
                  _name(directory, data.incident, a.decided_by), tr.when(a.decided_at), a.reason or "—")
                 for a in data.approvals)
    headers = tuple(tr.t(f"export.approvals.{c}") for c in ("round", "role", "decision", "by", "when", "reason"))
    body: Part = Table(headers, rows, (8, 22, 14, 18, 18, 20)) if rows else Paragraph(tr.t("export.approvals.none"))
    return [Heading(tr.t("export.section.approvals")), body]


def incident_report(tr: Translator, plan: Plan, directory: Directory, data: ReportData, now: datetime) -> Document:
    incident = data.incident
    changes = tuple((tr.when(c.changed_at), _severity(tr, c.from_severity), _severity(tr, c.to_severity),
                     _name(directory, incident, c.changed_by), c.reason or "—") for c in data.severity_changes)
    change_headers = tuple(tr.t(f"export.severity.{c}") for c in ("when", "from", "to", "by", "reason"))
    parts: list[Part] = [
        Heading(tr.t("export.section.summary")), _summary(tr, plan, directory, incident),
        Heading(tr.t("export.section.severity")),
        Table(change_headers, changes, (20, 14, 14, 18, 34)) if changes else Paragraph("—"),
        *followed_parts(tr, plan, incident, data.checklist, lambda user_id: _name(directory, incident, user_id)),
        Heading(tr.t("export.section.timeline")), _timeline(tr, data),
        *_logbook(tr, plan, directory, data),
        *_approvals(tr, directory, data),
        *report_parts(tr, directory, incident, data.notifications, now),
        *communication_parts(tr, directory, incident, data.communications),
        *_review(tr, plan, directory, data),
        *_follow_ups(tr, directory, data),
    ]
    footer = tr.t("export.footer", number=incident.number, organisation=plan.organisation, when=tr.when(now))
    return Document(tr.t("export.title", number=incident.number, title=incident.title),
                    tr.t("export.subtitle", organisation=plan.organisation, when=tr.when(now)), tuple(parts), footer,
                    tr.t("export.page"))
