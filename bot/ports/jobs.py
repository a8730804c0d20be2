"""Durable chat work: a :class:`Job` is written with the state change that calls for it and run after,
from the :class:`JobQueue` (implemented in ``storage/``)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class Job:
    """Work for the chat that must survive a crash: written with the state change, run after."""

    kind: str
    incident_id: int | None
    payload: dict[str, str]
    id: int | None = None
    attempts: int = 0
    lane: str | None = None
    """Jobs of one lane run in the order they were queued (e.g. one incident's chat updates)."""


class JobQueue(Protocol):
    def enqueue(self, job: Job, not_before: datetime, dedupe_key: str | None = None) -> None: ...

    def batched(self) -> AbstractContextManager[None]:
        """Jobs enqueued inside are stored together when the block ends; none if it raises."""
        ...

    def claim_due(self, now: datetime, limit: int, lease_seconds: float) -> list[Job]:
        """Take due jobs for this process; another process cannot take them while leased."""
        ...

    def claim_kind(self, now: datetime, kind: str, incident_id: int, limit: int, lease_seconds: float,
                   due_by: datetime | None = None) -> list[Job]:
        """:meth:`claim_due` for the jobs of one kind and incident only (jobs without a lane) due by ``due_by``
        (default ``now``); leases are judged at ``now``."""
        ...

    def complete(self, *job_ids: int) -> None: ...

    def retry(self, job_id: int, not_before: datetime, error: str) -> None: ...

    def requeue(self, job_id: int, not_before: datetime, uncount: bool) -> None:
        """Put a job back until ``not_before`` (its post's slot); ``uncount``: the run posted nothing, so the
        claim's attempt is taken back (the next run need not look for what this one posted)."""
        ...

    def pending(self, incident_id: int | None = None) -> int: ...
