"""What an operator watches, read in one short read-only transaction: the job queue, the timers, the
incidents (and drills) still open (``GET /metrics`` asks for it at every scrape)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlalchemy import select

from bot.operations import OperationsSnapshot
from storage.tables import INCIDENT
from storage.tables import JOB
from storage.tables import TIMER
from storage.unit_of_work import SqlUnitOfWorkFactory

_QUEUE = select(func.count()).select_from(JOB).where(JOB.c.done_at.is_(None))
_OPEN = (select(INCIDENT.c.severity, INCIDENT.c.exercise, func.count()).where(INCIDENT.c.phase != "closed")
         .group_by(INCIDENT.c.severity, INCIDENT.c.exercise))
_TIMERS = select(func.min(TIMER.c.due_at)).where(TIMER.c.fired_at.is_(None), TIMER.c.cancelled_at.is_(None))


def snapshot(factory: SqlUnitOfWorkFactory, now: datetime) -> OperationsSnapshot:
    with factory(read_only=True) as uow:
        connection = uow.session.connection()
        waiting = connection.execute(_QUEUE).scalar_one()
        due = connection.execute(
            select(func.count(), func.min(JOB.c.not_before)).where(JOB.c.done_at.is_(None), JOB.c.not_before <= now)
        ).one()
        oldest_timer = connection.execute(_TIMERS.where(TIMER.c.due_at <= now)).scalar()
        open_rows = connection.execute(_OPEN).all()
    age = max(0.0, (now - due[1]).total_seconds()) if due[1] is not None else 0.0
    lateness = max(0.0, (now - oldest_timer).total_seconds()) if oldest_timer is not None else 0.0
    incidents: dict[str, int] = {}
    exercises = 0
    for severity, exercise, count in open_rows:
        if exercise:  # a drill is not an incident: counted apart
            exercises += int(count)
        else:
            incidents[severity or "unclassified"] = int(count)
    return OperationsSnapshot(int(waiting), int(due[0]), age, lateness, incidents, exercises)
