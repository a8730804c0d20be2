"""The management report of a period as a neutral :class:`Document` (``sirene report``): a one-page summary in
the plan's language, the charts, the figures by severity, type and activity, escalations, and how it is all
counted."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from datetime import timedelta

from bot.directory import Directory
from bot.domain.severity import Severity
from bot.exports.document import Bullets
from bot.exports.document import Document
from bot.exports.document import Facts
from bot.exports.document import Heading
from bot.exports.document import Image
from bot.exports.document import Paragraph
from bot.exports.document import Part
from bot.exports.document import Table
from bot.figures.charts import Chart
from bot.figures.charts import severity_label
from bot.figures.figures import UNKNOWN_TYPE
from bot.figures.figures import Figures
from bot.figures.figures import Line
from bot.i18n import Translator
from bot.plan import PLATFORMS
from bot.plan import Plan
from bot.views.logbook_form import incident_type_label

WIDTHS = (30, 12, 18, 18, 16, 16)


def percent(tr: Translator, value: float | None) -> str:
    return tr.t("figures.percent", value=f"{value:.0f}") if value is not None else tr.t("figures.none")


def kept(tr: Translator, value: float | None, kept_count: int, decided: int) -> str:
    if value is None:
        return tr.t("figures.none")
    return tr.t("figures.of", percent=percent(tr, value), kept=kept_count, decided=decided)


def duration(tr: Translator, value: timedelta | None) -> str:
    return tr.duration(value) if value is not None else tr.t("figures.none")


def person_name(directory: Directory, user_id: str) -> str:
    for platform in PLATFORMS:
        if directory.person(platform, user_id) is not None:
            return directory.display_name(platform, user_id)
    return user_id


def key_numbers(tr: Translator, figures: Figures) -> Facts:
    total = figures.total
    return Facts((
        (tr.t("figures.incidents"), str(total.incidents)),
        (tr.t("figures.acknowledge"), duration(tr, total.acknowledge_median)),
        (tr.t("figures.resolve"), duration(tr, total.resolve_median)),
        (tr.t("figures.sla_kept"), kept(tr, total.sla_percent, total.sla_kept, total.sla_decided)),
        (tr.t("figures.rto_kept"), kept(tr, total.rto_percent, total.rto_kept, total.rto_decided)),
        (tr.t("figures.escalations"), str(figures.escalations.total)),
        (tr.t("figures.reviews"), tr.t("figures.reviews_value", completed=figures.reviews_completed,
                                       opened=figures.reviews_opened)),
        (tr.t("figures.follow_ups"), tr.t("figures.follow_ups_value", open=figures.follow_ups_open,
                                          overdue=figures.follow_ups_overdue)),
    ))


def summary(tr: Translator, plan: Plan, figures: Figures) -> list[str]:
    """The summary's sentences."""
    total, label = figures.total, figures.period.label
    if not total.incidents:
        return [tr.t("figures.summary_none", period=label)]
    heavy = sum(figures.by_severity[s.value].incidents for s in (Severity.MAJOR, Severity.CRISIS))
    lines = [tr.t("figures.summary_incidents", count=total.incidents, period=label, major=heavy)]
    if total.sla_percent is not None:
        lines.append(tr.t("figures.summary_sla", percent=percent(tr, total.sla_percent)))
    if total.rto_percent is not None:
        lines.append(tr.t("figures.summary_rto", percent=percent(tr, total.rto_percent)))
    if figures.by_activity:
        key, line = next(iter(figures.by_activity.items()))
        name = activity.name if (activity := plan.activity(key)) else key
        lines.append(tr.t("figures.summary_activity", activity=name, count=line.incidents))
    if figures.follow_ups_open:
        lines.append(tr.t("figures.summary_follow_ups", open=figures.follow_ups_open,
                          overdue=figures.follow_ups_overdue))
    if figures.exercises_left_out:
        lines.append(tr.t("figures.summary_exercises", count=figures.exercises_left_out))
    return lines


def _table(tr: Translator, rows: Sequence[tuple[str, Line]]) -> Table:
    headers = tuple(tr.t(f"figures.column_{name}")
                    for name in ("group", "incidents", "acknowledge", "resolve", "sla", "rto"))
    return Table(headers, tuple(
        (name, str(line.incidents), duration(tr, line.acknowledge_median), duration(tr, line.resolve_median),
         percent(tr, line.sla_percent), percent(tr, line.rto_percent)) for name, line in rows), WIDTHS)


def management_report(tr: Translator, plan: Plan, directory: Directory, figures: Figures, charts: Sequence[Chart],
                      made: datetime) -> Document:
    label = figures.period.label
    parts: list[Part] = [Heading(tr.t("figures.summary_heading")), Bullets(tuple(summary(tr, plan, figures))),
                         Heading(tr.t("figures.key_numbers"), 2), key_numbers(tr, figures)]
    if charts:
        parts.append(Heading(tr.t("figures.charts_heading")))
        parts += [Image(chart.name, chart.png, chart.title) for chart in charts]
    parts += [Heading(tr.t("figures.by_severity_heading")),
              _table(tr, [(severity_label(tr, key), line) for key, line in figures.by_severity.items()])]
    if figures.by_type:
        parts += [Heading(tr.t("figures.by_type_heading")), _table(tr, [
            (tr.t("figures.unknown_type") if key == UNKNOWN_TYPE else incident_type_label(tr, plan, key), line)
            for key, line in figures.by_type.items()])]
    if figures.by_activity:
        parts += [Heading(tr.t("figures.by_activity_heading")), _table(tr, [
            (activity.name if (activity := plan.activity(key)) else key, line)
            for key, line in figures.by_activity.items()])]
    escalations = figures.escalations
    parts += [Heading(tr.t("figures.escalations_heading")),
              Paragraph(tr.t("figures.escalations_line", total=escalations.total, backup=escalations.reached_backup,
                             unanswered=escalations.unanswered))]
    if escalations.answered_by:
        parts.append(Table((tr.t("figures.answered_by"), tr.t("figures.pages")), tuple(
            (person_name(directory, user_id), str(count)) for user_id, count in escalations.answered_by.items()),
            (70, 30)))
    parts += [Heading(tr.t("figures.definitions_heading")),
              Bullets(tuple(tr.t(key) for key in tr.keys_under("figures.definitions")))]
    return Document(
        title=tr.t("figures.title", period=label),
        subtitle=tr.t("figures.subtitle", organisation=plan.organisation, made=tr.when(made)),
        parts=tuple(parts), footer=tr.t("figures.footer", organisation=plan.organisation, period=label),
        page_label=tr.t("figures.page", page="{page}", pages="{pages}"))
