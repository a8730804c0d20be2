"""The register read in bulk for the figures (:class:`bot.figures.facts.FigureSource`): the incidents reported in
a period, their escalation pages, reviews and follow-up actions, in four statements whatever their number."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session

from bot.domain.page import PageKind, PageLevel
from bot.domain.severity import Severity
from bot.figures.facts import ESCALATING, Escalation, FollowUpFacts, IncidentFacts
from storage.review_tables import FollowUpRow, ReviewRow
from storage.tables import INCIDENT, PAGE, table_of

REVIEW = table_of(ReviewRow)
FOLLOW_UP = table_of(FollowUpRow)
_ESCALATING = sorted(kind.value for kind in ESCALATING)


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
        for row in connection.execute(
                select(INCIDENT.c.id, INCIDENT.c.number, INCIDENT.c.severity, INCIDENT.c.incident_type,
                       INCIDENT.c.activities, INCIDENT.c.detected_at, INCIDENT.c.reported_at,
                       INCIDENT.c.classified_at, INCIDENT.c.closed_at, INCIDENT.c.sla_due)
                .where(INCIDENT.c.reported_at >= start, INCIDENT.c.reported_at < end).order_by(INCIDENT.c.id)):
            found.append(IncidentFacts(
                number=row.number, severity=Severity(row.severity) if row.severity else None,
                incident_type=row.incident_type, activities=tuple(row.activities or ()),
                detected_at=row.detected_at, reported_at=row.reported_at, classified_at=row.classified_at,
                closed_at=row.closed_at, sla_due=row.sla_due, escalations=tuple(pages.get(row.id, ())),
                review_opened=row.id in reviews, review_completed=reviews.get(row.id, False),
                follow_ups=tuple(follow_ups.get(row.id, ()))))
        return found
