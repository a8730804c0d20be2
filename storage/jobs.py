"""The job queue (outbox): chat work stored with the state change and delivered after it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy import delete
from sqlalchemy import exists
from sqlalchemy import func
from sqlalchemy import insert
from sqlalchemy import or_
from sqlalchemy import update
from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

from bot.ports import Job
from storage.sql import insert_ignoring
from storage.tables import JOB
from storage.tables import JobRow

_PLAIN_INSERT = insert(JOB)

_EARLIER = JOB.alias("earlier")
_CANDIDATES = (
    select(JOB.c.id)
    .where(JOB.c.done_at.is_(None), JOB.c.not_before <= bindparam("now"),
           or_(JOB.c.leased_until.is_(None), JOB.c.leased_until < bindparam("now")),
           ~exists().where(_EARLIER.c.lane == JOB.c.lane, _EARLIER.c.id < JOB.c.id, _EARLIER.c.done_at.is_(None)))
    .order_by(JOB.c.id)
    .limit(bindparam("limit"))
    .with_for_update(skip_locked=True)
)
"""Due jobs in queue order: not done, due, not leased (or the lease ran out), none earlier in their lane
waiting. Built once, parameters bound at execution (claiming is hot)."""
_KIND_CANDIDATES = (
    select(JOB.c.id)
    .where(JOB.c.done_at.is_(None), JOB.c.not_before <= bindparam("due_by"),
           or_(JOB.c.leased_until.is_(None), JOB.c.leased_until < bindparam("now")),
           JOB.c.kind == bindparam("kind"), JOB.c.incident_id == bindparam("incident_id"), JOB.c.lane.is_(None))
    .order_by(JOB.c.id)
    .limit(bindparam("limit"))
    .with_for_update(skip_locked=True)
)
"""Jobs of one kind and incident due by ``due_by``, without a lane, in queue order."""
_LEASE = (
    update(JOB)
    .where(JOB.c.id.in_(bindparam("ids", expanding=True)), JOB.c.done_at.is_(None),
           or_(JOB.c.leased_until.is_(None), JOB.c.leased_until < bindparam("now")))
    .values(leased_until=bindparam("leased_until"), attempts=JOB.c.attempts + 1)
    .returning(JOB.c.id, JOB.c.kind, JOB.c.incident_id, JOB.c.payload, JOB.c.attempts, JOB.c.lane)
)
"""Lease the candidates, re-checking each lease (a job is never handed to two claimers)."""


class SqlJobQueue:
    """:class:`bot.ports.JobQueue` on a session; never commits (the unit of work does).

    ``claim_due`` should run in a short transaction of its own, committed at once: on
    PostgreSQL the claimed rows stay locked until that commit.
    """

    def __init__(self, session: Session) -> None:
        self._session = session
        self._held: list[dict[str, Any]] | None = None

    @contextmanager
    def batched(self) -> Iterator[None]:
        """Jobs enqueued inside are inserted together when the block ends (one round trip to the database
        rather than one each); nothing is inserted if the block raises (its transaction is rolled back)."""
        if self._held is not None:
            yield
            return
        self._held = []
        try:
            yield
            held = self._held
        finally:
            self._held = None
        connection = self._session.connection()
        plain = [values for values in held if values["dedupe_key"] is None]
        keyed = [values for values in held if values["dedupe_key"] is not None]
        if plain:
            connection.execute(_PLAIN_INSERT, plain)
        if keyed:
            connection.execute(insert_ignoring(self._session, JOB, ("dedupe_key",)), keyed)

    def enqueue(self, job: Job, not_before: datetime, dedupe_key: str | None = None) -> None:
        """Store ``job``; a job whose ``dedupe_key`` was ever enqueued before is ignored."""
        values = {
            "kind": job.kind,
            "incident_id": job.incident_id,
            "payload": dict(job.payload),
            "not_before": not_before,
            "attempts": job.attempts,
            "dedupe_key": dedupe_key,
            "lane": job.lane,
        }
        if self._held is not None:
            self._held.append(values)
            return
        # Parameters are bound at execution so the compiled statement is cached (enqueueing is hot).
        connection = self._session.connection()
        if dedupe_key is None:
            connection.execute(_PLAIN_INSERT, values)
            return
        # ON CONFLICT DO NOTHING waits for a concurrent transaction holding the same key and
        # skips only if it commits: no error, and the surrounding transaction stays usable.
        connection.execute(insert_ignoring(self._session, JOB, ("dedupe_key",)), values)

    def claim_due(self, now: datetime, limit: int, lease_seconds: float) -> list[Job]:
        """Lease up to ``limit`` due jobs (in queue order) and count an attempt.

        Due: not done, ``not_before <= now``, not leased or the lease ran out, and no earlier job
        of the same lane still waiting (one incident's chat updates happen in the order queued). PostgreSQL
        picks candidates with ``FOR UPDATE SKIP LOCKED`` (concurrent claimers take different
        jobs); on SQLite BEGIN IMMEDIATE serialises claimers. Either way the UPDATE re-checks
        the lease, so a job is never handed to two claimers.
        """
        if limit <= 0:
            return []
        connection = self._session.connection()
        ids = list(connection.execute(_CANDIDATES, {"now": now, "limit": limit}).scalars())
        return self._lease(ids, now, lease_seconds)

    def _lease(self, ids: list[int], now: datetime, lease_seconds: float) -> list[Job]:
        if not ids:
            return []
        rows = self._session.connection().execute(_LEASE, {
            "ids": ids, "now": now, "leased_until": now + timedelta(seconds=lease_seconds)}).all()
        return [Job(kind=row.kind, incident_id=row.incident_id, payload=dict(row.payload), id=row.id,
                    attempts=row.attempts, lane=row.lane)
                for row in sorted(rows, key=lambda row: row.id)]

    def claim_kind(self, now: datetime, kind: str, incident_id: int, limit: int, lease_seconds: float,
                   due_by: datetime | None = None) -> list[Job]:
        """Lease up to ``limit`` due jobs of one kind and incident, without a lane (a runner gathering all of an
        incident's waiting logbook confirmations into one)."""
        if limit <= 0:
            return []
        connection = self._session.connection()
        ids = list(connection.execute(_KIND_CANDIDATES, {"now": now, "due_by": due_by or now, "limit": limit,
                                                         "kind": kind, "incident_id": incident_id}).scalars())
        return self._lease(ids, now, lease_seconds)

    def complete(self, *job_ids: int) -> None:
        """Mark done, in one statement (``done_at`` is the wall-clock time: the Protocol passes no ``now``)."""
        if job_ids:
            self._session.connection().execute(
                _COMPLETE, {"ids": list(job_ids), "done_at": datetime.now(UTC)})

    def retry(self, job_id: int, not_before: datetime, error: str) -> None:
        """Release the lease; the job is due again at ``not_before``."""
        self._session.exec(
            update(JOB).where(JOB.c.id == job_id).values(not_before=not_before, last_error=error, leased_until=None)
        )

    def requeue(self, job_id: int, not_before: datetime, uncount: bool) -> None:
        """Release the lease until ``not_before`` (a paced post's slot); the attempt is taken back if ``uncount``."""
        attempts = JOB.c.attempts - 1 if uncount else JOB.c.attempts
        self._session.exec(
            update(JOB).where(JOB.c.id == job_id).values(not_before=not_before, leased_until=None, attempts=attempts)
        )

    def pending(self, incident_id: int | None = None) -> int:
        """Jobs not done yet (leased ones included), of one incident or of all."""
        statement = select(func.count()).select_from(JobRow).where(col(JobRow.done_at).is_(None))
        if incident_id is not None:
            statement = statement.where(col(JobRow.incident_id) == incident_id)
        return self._session.exec(statement).one()

    def purge_done(self, before: datetime) -> int:
        """Delete jobs done before ``before`` (housekeeping; dedupe keys of those are forgotten)."""
        result = self._session.exec(delete(JOB).where(JOB.c.done_at.is_not(None), JOB.c.done_at < before))
        return int(result.rowcount)


_COMPLETE = (update(JOB).where(JOB.c.id.in_(bindparam("ids", expanding=True)))
             .values(done_at=bindparam("done_at"), leased_until=None))
