"""The triage message in the helpdesk channel: the report, the four severities with the plan's
criteria, and — once classified — who classified it and where it is handled."""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Sequence
from datetime import datetime

from bot import actions
from bot.directory import Directory
from bot.domain.incident import Incident
from bot.domain.incident import ReporterKind
from bot.domain.severity import Severity
from bot.i18n import Translator
from bot.plan import Plan
from bot.sources import source_name
from bot.specs import Actions
from bot.specs import Block
from bot.specs import Button
from bot.specs import ButtonStyle
from bot.specs import ChannelLink
from bot.specs import Context
from bot.specs import Fields
from bot.specs import Inline
from bot.specs import MessageSpec
from bot.specs import Plain
from bot.specs import Rich
from bot.specs import Section
from bot.specs import Strong
from bot.views.checklist import scenario_choice
from bot.views.checklist import severity_criteria
from bot.views.common import person
from bot.views.common import phase_label
from bot.views.common import rich
from bot.views.common import severity_label
from bot.views.common import tone_of
from bot.views.duplicates import duplicate_triage
from bot.views.duplicates import possibly_same_blocks
from bot.views.external import external_reporter
from bot.views.logbook_form import incident_type_label


def activity_names(plan: Plan, incident: Incident) -> str:
    names = []
    for activity_id in incident.activities:
        activity = plan.activity(activity_id)
        names.append(activity.name if activity else activity_id)
    return ", ".join(names) or "—"


def reporter(tr: Translator, incident: Incident) -> Rich:
    source = source_name(incident.reporter_id)
    if source is not None:  # reported from outside the chat, through one of the plan's sources
        return external_reporter(tr, source, incident)
    parts: list[Inline] = [Plain(incident.reporter_display) if incident.reporter_display
                           else person(incident.reporter_id)]
    if incident.reporter_kind is not ReporterKind.EMPLOYEE:
        parts += [Plain(f" · {tr.t(f'reporter.{incident.reporter_kind.value}')}: "), Plain(incident.reporter_name)]
    return tuple(parts)


def _facts(tr: Translator, plan: Plan, incident: Incident) -> Fields:
    suggested = severity_label(tr, incident.suggested_severity) if incident.suggested_severity else "—"
    return Fields((
        (tr.t("field.reported_by"), reporter(tr, incident)),
        (tr.t("field.detected_at"), (Plain(tr.when(incident.detected_at)),)),
        (tr.t("field.activities"), (Plain(activity_names(plan, incident)),)),
        (tr.t("field.suggested_severity"), (Plain(suggested),)),
    ))


LABELS_SHOWN = 10
"""The labels a source sent that a triage line shows (sorted by name; the count of the others after them)."""


def shown_labels(labels: Mapping[str, str]) -> str:
    """``instance=db1 · job=node (+3)``."""
    names = sorted(labels)
    text = " · ".join(f"{name}={labels[name]}" for name in names[:LABELS_SHOWN])
    return f"{text} (+{len(names) - LABELS_SHOWN})" if len(names) > LABELS_SHOWN else text


def triage_message(tr: Translator, plan: Plan, directory: Directory, incident: Incident,
                   now: datetime, similar: Sequence[Incident] = (),
                   labels: Mapping[str, str] | None = None) -> MessageSpec:
    """``labels``: what the source that sent the report attached to it (a monitoring system's alert labels)."""
    if incident.duplicate_of:
        return duplicate_triage(tr, incident.number, incident.title, incident.duplicate_of)
    head = (Strong(f"{incident.number} · "), Strong(incident.title))
    blocks: list[Block] = [Section(head)]
    if incident.description:
        blocks.append(Section((Plain(incident.description),)))
    blocks.append(_facts(tr, plan, incident))
    if labels:
        blocks.append(Context((Plain(tr.t("intake.labels", labels=shown_labels(labels))),)))
    if incident.severity is None and incident.incident_type:
        blocks.append(Context((Plain(tr.t("types.triage.chosen",
                                          type=incident_type_label(tr, plan, incident.incident_type))),)))
    if incident.severity is None:
        blocks.append(Section((Strong(tr.t("triage.choose")),)))
        for severity in Severity:
            blocks.append(Context((Strong(severity_label(tr, severity) + ": "),
                                   Plain(severity_criteria(tr, plan, severity)))))
        blocks += possibly_same_blocks(tr, incident.number, [other.number for other in similar])
        blocks.append(Actions(tuple(
            Button(actions.CLASSIFY, tr.t("triage.classify_as", severity=tr.t(f"severity.{s.value}.name")),
                   actions.value(incident.number, s.value),
                   ButtonStyle.DANGER if s is Severity.CRISIS else ButtonStyle.DEFAULT)
            for s in Severity
        )))
        blocks += scenario_choice(tr, plan, incident, None, "types.triage.choose")
        summary = tr.t("triage.summary_new", number=incident.number, title=incident.title)
    else:
        where = (ChannelLink(incident.channel_id),) if incident.channel_id else (Plain(tr.t("triage.in_thread")),)
        classified = rich(tr, "triage.classified", severity=severity_label(tr, incident.severity),
                          by=person(incident.classified_by), when=tr.clock_time(incident.classified_at or now))
        blocks.append(Section((*classified, Plain(" · "), *where)))
        blocks.append(Context((Plain(phase_label(tr, incident.phase)),)))
        summary = tr.t("triage.summary_classified", number=incident.number,
                       severity=severity_label(tr, incident.severity))
    return MessageSpec(summary, tuple(blocks), tone_of(incident.severity), marker=f"{incident.number}:triage")
