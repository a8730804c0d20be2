"""The legal notifications on paper: their section of the incident report, the drafts of each step (never sent
by Sirene: a person submits them to the authority), and the breach register (GDPR art. 33(5))."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.directory import Directory
from bot.domain.communication import Communication
from bot.domain.incident import Incident
from bot.domain.logbook import EntrySource
from bot.domain.logbook import LogbookEntry
from bot.domain.regulation import REFERENCES
from bot.domain.regulation import REGISTER_REFERENCE
from bot.domain.regulation import RULE_OF
from bot.domain.regulation import Regime
from bot.domain.regulation import RegulatoryCase
from bot.domain.regulation import Step
from bot.domain.regulation import StepState
from bot.domain.regulation import clocks
from bot.exports.document import Bullets
from bot.exports.document import Document
from bot.exports.document import Facts
from bot.exports.document import Heading
from bot.exports.document import Paragraph
from bot.exports.document import Part
from bot.exports.document import Table
from bot.i18n import Translator
from bot.plan import Plan
from bot.views.exercise import marked
from bot.views.inform import audience_name
from bot.views.notifications import state_text
from bot.views.notifications import step_name


def _name(directory: Directory, incident: Incident, user_id: str) -> str:
    return directory.display_name(incident.platform, user_id) if user_id else "—"


def _decision(tr: Translator, directory: Directory, incident: Incident, case: RegulatoryCase) -> str:
    risk = tr.t("notify.high_risk.yes" if case.high_risk else "notify.high_risk.no")
    return tr.t(f"notify.decided.{case.regime.value}", by=_name(directory, incident, case.decided_by),
                when=tr.when(case.decided_at), aware=tr.when(case.aware_at), risk=risk)


def report_parts(tr: Translator, directory: Directory, incident: Incident, cases: Sequence[RegulatoryCase],
                 now: datetime) -> list[Part]:
    """The incident report's section: each regime's decision and every step's deadline and state."""
    parts: list[Part] = [Heading(tr.t("notify_doc.section"))]
    if not cases:
        return [*parts, Paragraph(tr.t("notify_doc.none"))]
    rows: list[tuple[str, ...]] = []
    for case in cases:
        parts.append(Paragraph(f"{tr.t(f'notify.regime.{case.regime.value}')}: "
                               f"{_decision(tr, directory, incident, case)}"))
        if case.regime is Regime.GDPR:  # the breach register's line (GDPR art. 33(5))
            parts.append(Facts(tuple((tr.t(f"notify_doc.register.{name}"), getattr(case, name) or "—")
                                     for name in ("facts", "effects", "remedy"))))
        for clock in clocks(case, now):
            recorded = (_name(directory, incident, clock.submission.recorded_by)
                        if clock.submission is not None else "—")
            rows.append((step_name(tr, clock.rule.step), clock.rule.reference,
                         tr.when(clock.due_at) if clock.due_at else "—",
                         state_text(tr, clock, now) if clock.state is not StepState.RUNNING else "—", recorded))
    headers = tuple(tr.t(f"notify_doc.column.{c}") for c in ("step", "law", "due", "state", "recorded_by"))
    parts.append(Table(headers, tuple(rows), (24, 24, 18, 22, 12)))
    return parts


def communication_parts(tr: Translator, directory: Directory, incident: Incident,
                        communications: Sequence[Communication]) -> list[Part]:
    """The incident report's section: every communication to an audience, with its full text."""
    parts: list[Part] = [Heading(tr.t("notify_doc.communications"))]
    if not communications:
        return [*parts, Paragraph(tr.t("notify_doc.no_communications"))]
    rows = tuple((audience_name(tr, c.audience), tr.t(f"inform.method.{c.method.value}"),
                  _name(directory, incident, c.by), tr.when(c.at), ", ".join(c.recipients) or "—",
                  f"{c.subject}\n{c.text}" if c.subject else c.text) for c in communications)
    headers = tuple(tr.t(f"notify_doc.communication.{c}") for c in ("audience", "how", "by", "when", "to", "text"))
    return [*parts, Table(headers, rows, (12, 12, 14, 16, 18, 28))]


@dataclass(frozen=True)
class DraftData:
    incident: Incident
    case: RegulatoryCase
    entries: list[LogbookEntry]
    activities: list[str]


def draft(tr: Translator, plan: Plan, directory: Directory, data: DraftData, step: Step, now: datetime) -> Document:
    """A pre-filled draft of one notification step, for a person to check, complete and submit."""
    incident, case, rule = data.incident, data.case, RULE_OF[step]
    due = next((c.due_at for c in clocks(case, now) if c.rule.step is step), None)
    timeline = [f"{tr.when(incident.detected_at)} — {tr.t('notify_doc.detected')}",
                f"{tr.when(case.aware_at)} — {tr.t('notify_doc.aware')}"]
    timeline += [f"{tr.when(e.recorded_at)} — {e.text}" for e in data.entries if e.source is not EntrySource.BOT]
    parts: list[Part] = [
        Paragraph(tr.t("notify_doc.draft_note")),
        Facts((
            (tr.t("notify_doc.field.step"), step_name(tr, step)),
            (tr.t("notify_doc.field.law"), rule.reference),
            (tr.t("notify_doc.field.due"), tr.when(due) if due else tr.t("notify.state.open")),
            (tr.t("notify_doc.field.where"), tr.t(f"notify.where.{case.regime.value}")),
            (tr.t("notify_doc.field.organisation"), plan.organisation),
            (tr.t("notify_doc.field.incident"), f"{incident.number} · {incident.title}"),
            (tr.t("notify_doc.field.detected"), tr.when(incident.detected_at)),
            (tr.t("notify_doc.field.aware"), tr.when(case.aware_at)),
            (tr.t("notify_doc.field.decision"), _decision(tr, directory, incident, case)),
        )),
        Heading(tr.t("notify_doc.heading.description"), 2), Paragraph(incident.description or "—"),
        Heading(tr.t("notify_doc.heading.impact"), 2),
        Paragraph(case.effects or tr.t("notify_doc.to_complete")),
        Heading(tr.t("notify_doc.heading.activities"), 2), Paragraph(", ".join(data.activities) or "—"),
        Heading(tr.t("notify_doc.heading.cause"), 2), Paragraph(tr.t("notify_doc.to_complete")),
        Heading(tr.t("notify_doc.heading.measures"), 2), Paragraph(case.remedy or tr.t("notify_doc.to_complete")),
        Heading(tr.t("notify_doc.heading.cross_border"), 2), Paragraph(tr.t("notify_doc.cross_border")),
    ]
    if case.regime is Regime.GDPR:
        parts += [Heading(tr.t("notify_doc.heading.facts"), 2), Paragraph(case.facts or tr.t("notify_doc.to_complete"))]
    parts += [Heading(tr.t("notify_doc.heading.fields", reference=rule.reference), 2),
              Bullets(tuple(tr.t(key) for key in tr.keys_under(f"notify_doc.fields.{step.value}")))]
    if step is Step.GDPR_AUTHORITY and due is not None and now > due:
        parts.append(Paragraph(tr.t("notify_doc.late_reasons")))
    parts += [Heading(tr.t("notify_doc.heading.timeline"), 2), Bullets(tuple(timeline))]
    title = tr.t("notify_doc.draft_title", step=step_name(tr, step), number=incident.number)
    footer = tr.t("notify_doc.footer", reference=REFERENCES[case.regime], when=tr.when(now))
    return Document(title, plan.organisation, tuple(parts), footer, tr.t("export.page"))


@dataclass(frozen=True)
class RegisterLine:
    incident: Incident
    case: RegulatoryCase


def register_rows(tr: Translator, directory: Directory, lines: Sequence[RegisterLine],
                  now: datetime) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    headers = tuple(tr.t(f"notify_doc.register.{c}") for c in ("incident", "aware", "facts", "effects", "remedy",
                                                               "high_risk", "notified", "decided"))
    rows: list[tuple[str, ...]] = []
    for line in lines:
        case, incident = line.case, line.incident
        notified = case.submissions.get(Step.GDPR_AUTHORITY)
        state = (tr.t("notify.state.submitted", when=tr.when(notified.submitted_at), reference=notified.reference)
                 if notified else tr.t("notify_doc.register.not_notified"))
        rows.append((marked(tr, incident, f"{incident.number} · {incident.title}"), tr.when(case.aware_at),
                     case.facts or "—", case.effects or "—", case.remedy or "—",
                     tr.t("notify.high_risk.yes" if case.high_risk else "notify.high_risk.no"), state,
                     f"{_name(directory, incident, case.decided_by)} · {tr.when(case.decided_at)}"))
    return headers, rows


def register_document(tr: Translator, plan: Plan, directory: Directory, lines: Sequence[RegisterLine],
                      now: datetime) -> Document:
    headers, rows = register_rows(tr, directory, lines, now)
    body: Part = Table(headers, tuple(rows), (14, 10, 16, 14, 14, 6, 14, 12)) if rows \
        else Paragraph(tr.t("notify_doc.register.empty"))
    return Document(tr.t("notify_doc.register.title"), plan.organisation,
                    (Paragraph(tr.t("notify_doc.register.intro", reference=REGISTER_REFERENCE)), body),
                    tr.t("notify_doc.footer", reference=REGISTER_REFERENCE, when=tr.when(now)), tr.t("export.page"))
