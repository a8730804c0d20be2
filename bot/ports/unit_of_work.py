"""One transaction: the :class:`UnitOfWork` holds every repository and the job queue; the errors storage
raises when the database is gone or an incident changed meanwhile."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol

from bot.figures.facts import FigureSource
from bot.ports import repositories as repo
from bot.ports.jobs import JobQueue


class StorageUnavailable(Exception):
    """The database cannot be reached right now; nothing was changed."""


class ConcurrentUpdate(Exception):
    """Someone else changed the incident since it was read: reload and decide again."""


class UnitOfWork(Protocol):
    incidents: repo.IncidentRepository
    logbook: repo.LogbookRepository
    jobs: JobQueue
    events: repo.SeenEvents
    cursors: repo.Cursors
    reviews: repo.ReviewRepository
    timers: repo.TimerRepository
    pages: repo.PageRepository
    regulation: repo.RegulationRepository
    communications: repo.CommunicationRepository
    figures: FigureSource
    external_reports: repo.ExternalReportRepository
    sent: repo.SentMessages

    def __enter__(self) -> UnitOfWork: ...

    def __exit__(self, kind: object, error: object, traceback: object) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None:
        """Undo everything since the last commit; the unit of work stays open."""
        ...

    def savepoint(self) -> AbstractContextManager[None]:
        """A nested transaction: an exception inside undoes only what was done inside."""
        ...


class UnitOfWorkFactory(Protocol):
    def __call__(self, read_only: bool = False) -> UnitOfWork:
        """A unit of work; ``read_only`` ones never write, so they need not wait for writers."""
        ...

    def healthy(self) -> bool: ...
