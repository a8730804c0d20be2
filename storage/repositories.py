"""The repositories behind the core's Protocols, one module each; gathered here for imports."""

from __future__ import annotations

from storage.events import SqlSeenEvents
from storage.incidents import SqlIncidentRepository
from storage.jobs import SqlJobQueue
from storage.logbook import SqlLogbookRepository
from storage.reviews import SqlReviewRepository

__all__ = ["SqlIncidentRepository", "SqlJobQueue", "SqlLogbookRepository", "SqlReviewRepository", "SqlSeenEvents"]
