"""The register read in bulk for the figures (:class:`bot.figures.facts.FigureSource`): the incidents reported in
a period, their escalation pages, reviews and follow-up actions, in four statements whatever their number."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy import select
from sqlalchemy import type_coerce
from sqlalchemy.types import NullType
from sqlmodel import Session

from bot.domain.page import PageKind
from bot.domain.page import PageLevel
from bot.domain.severity import Severity
from bot.figures.facts import ESCALATING
from bot.figures.facts import Escalation
from bot.figures.facts import FollowUpFacts
from bot.figures.facts import IncidentFacts
from storage.review_tables import FollowUpRow
from storage.review_tables import ReviewRow
from storage.tables import INCIDENT
from storage.tables import PAGE
from storage.tables import table_of

REVIEW = table_of(ReviewRow)
FOLLOW_UP = table_of(FollowUpRow)
_ESCALATING = sorted(kind.value for kind in ESCALATING)


def _raw(column: Any) -> ColumnElement[Any]:
    """The column as the driver returns it, without SQLAlchemy's per-value conversion (100,000 rows of five
    moments each: the conversion cost more than the query). :func:`_moment` and :func:`_list` read it."""
    return type_coerce(column, NullType())


def _moment(value: Any) -> datetime | None:
    """SQLite gives ``2026-10-01 08:00:00.000000`` (UTC, no zone), PostgreSQL an aware datetime."""
    if value is None:
        return None
    if isinstance(value, str):
        return datetime.fromisoformat(f"{value}+00:00")
    moment: datetime = value
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _list(value: Any, seen: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """A JSON list (SQLite's text, read once per distinct text: incidents share few activity sets)."""
    if value is None:
        return ()
    if isinstance(value, str):
        if (found := seen.get(value)) is None:
            found = seen[value] = tuple(json.loads(value))
        return found
    return tuple(value)


class SqlFigures:
    def __init__(self, session: Session) -> None:
        self._session = session

    def facts(self, start: datetime, end: datetime) -> list[IncidentFacts]:
        connection = self._session.connection()
        inside = select(INCIDENT.c.id).where(INCIDENT.c.reported_at >= start, INCIDENT.c.reported_at < end)
        pages: dict[int, list[Escalation]] = defaultdict(list)
        for page in connection.execute(
                select(PAGE.c.incident_id, PAGE.c.kind, PAGE.c.level, PAGE.c.acknowledged_by)
                .where(PAGE.c.incident_id.in_(inside), PAGE.c.kind.in_(_ESCALATING)).order_by(PAGE.c.id)):
            pages[page.incident_id].append(
                Escalation(PageKind(page.kind), PageLevel(page.level), page.acknowledged_by))
        reviews = {row.incident_id: row.completed_at is not None for row in connection.execute(
            select(REVIEW.c.incident_id, REVIEW.c.completed_at).where(REVIEW.c.incident_id.in_(inside)))}
        follow_ups: dict[int, list[FollowUpFacts]] = defaultdict(list)
        for follow_up in connection.execute(
                select(FOLLOW_UP.c.incident_id, FOLLOW_UP.c.due_at, FOLLOW_UP.c.done_at)
                .where(FOLLOW_UP.c.incident_id.in_(inside)).order_by(FOLLOW_UP.c.id)):
            follow_ups[follow_up.incident_id].append(FollowUpFacts(follow_up.due_at, follow_up.done_at))
        found: list[IncidentFacts] = []
        severities = {severity.value: severity for severity in Severity}
        activity_sets: dict[str, tuple[str, ...]] = {}
        statement = (
            select(INCIDENT.c.id, INCIDENT.c.number, INCIDENT.c.severity, INCIDENT.c.incident_type,
                   _raw(INCIDENT.c.activities), _raw(INCIDENT.c.detected_at), _raw(INCIDENT.c.reported_at),
                   _raw(INCIDENT.c.classified_at), _raw(INCIDENT.c.closed_at), _raw(INCIDENT.c.sla_due),
                   INCIDENT.c.exercise)
            .where(INCIDENT.c.reported_at >= start, INCIDENT.c.reported_at < end).order_by(INCIDENT.c.id))
        for (incident_id, number, severity, incident_type, activities, detected_at, reported_at, classified_at,
             closed_at, sla_due, exercise) in connection.execute(statement):
            found.append(IncidentFacts(
                number=number, severity=severities.get(severity) if severity else None,
                incident_type=incident_type, activities=_list(activities, activity_sets),
                detected_at=_moment(detected_at) or start, reported_at=_moment(reported_at) or start,
                classified_at=_moment(classified_at), closed_at=_moment(closed_at), sla_due=_moment(sla_due),
                exercise=bool(exercise), escalations=tuple(pages.get(incident_id, ())),
                review_opened=incident_id in reviews, review_completed=reviews.get(incident_id, False),
                follow_ups=tuple(follow_ups.get(incident_id, ()))))
        return found
