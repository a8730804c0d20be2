"""Retention: done jobs and seen platform events are deleted once older than ``SIRENE_RETENTION_DAYS``.

Only those two tables shrink: incidents, logbooks, reviews, timers and pages are the register and stay.
Jobs not yet done are never touched, however old (a job waiting for a platform to come back is work).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta

from storage.unit_of_work import SqlUnitOfWorkFactory

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Purged:
    jobs: int
    events: int


def purge_old(factory: SqlUnitOfWorkFactory, now: datetime, days: int) -> Purged:
    """Delete done jobs and seen events older than ``days`` before ``now``, in one transaction."""
    before = now - timedelta(days=days)
    with factory() as uow:
        jobs = uow.purge_done_jobs(before)
        events = uow.forget_events_before(before)
        uow.commit()
    if jobs or events:
        log.info("retention: %d done jobs and %d seen events older than %d days deleted", jobs, events, days)
    return Purged(jobs, events)
