"""The unit of work: one session, one transaction at a time, the repositories on it."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import Engine
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import InterfaceError
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from bot.ports import StorageUnavailable
from bot.ports import UnitOfWork
from storage.communications import SqlCommunicationRepository
from storage.cursors import SqlCursors
from storage.engine import READ_ONLY
from storage.events import SqlSeenEvents
from storage.figures import SqlFigures
from storage.incidents import SqlIncidentRepository
from storage.intake import SqlExternalReportRepository
from storage.jobs import SqlJobQueue
from storage.logbook import SqlLogbookRepository
from storage.outreach import SqlSentMessages
from storage.regulation import SqlRegulationRepository
from storage.reviews import SqlReviewRepository
from storage.scheduler import SqlPageRepository
from storage.scheduler import SqlTimerRepository

log = logging.getLogger(__name__)


def _unreachable(error: object) -> bool:
    """Errors that mean "the database cannot be reached" rather than "this request is wrong"."""
    if isinstance(error, OperationalError | InterfaceError):
        return True
    return isinstance(error, DBAPIError) and error.connection_invalidated


@contextmanager
def outage_as_unavailable() -> Iterator[None]:
    """Work on the database outside a unit of work (a short transaction of its own): an unreachable database
    raises :class:`StorageUnavailable`, as it does in a unit of work, so the caller waits and tries again."""
    try:
        yield
    except DBAPIError as error:
        if _unreachable(error):
            raise StorageUnavailable(str(error).splitlines()[0]) from error
        raise


class SqlUnitOfWork(UnitOfWork):
    """``with factory() as uow: ...; uow.commit()`` — anything not committed is rolled back.

    ``commit()`` may be called more than once; work after the last commit is rolled back on
    exit, as is everything when the block raises.
    """

    # Subclasses the Protocol for its repositories' types (their attributes are invariant); the SQL extras
    # are reachable through the methods below.

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._session: Session | None = None

    def __enter__(self) -> SqlUnitOfWork:
        if self._session is not None:
            raise RuntimeError("this unit of work is already open")
        session = Session(self._engine, expire_on_commit=False, autoflush=False)
        self._session = session
        self.incidents = SqlIncidentRepository(session)
        self.logbook = SqlLogbookRepository(session)
        self._jobs = self.jobs = SqlJobQueue(session)
        self._events = self.events = SqlSeenEvents(session)
        self.cursors = SqlCursors(session)
        self.reviews = SqlReviewRepository(session)
        self.timers = SqlTimerRepository(session)
        self.pages = SqlPageRepository(session)
        self.regulation = SqlRegulationRepository(session)
        self.communications = SqlCommunicationRepository(session)
        self.figures = SqlFigures(session)
        self.external_reports = SqlExternalReportRepository(session)
        self.sent = SqlSentMessages(session)
        return self

    def __exit__(self, kind: object, error: object, traceback: object) -> None:
        session, self._session = self._session, None
        if session is not None:
            try:
                session.rollback()
            except DBAPIError:
                log.warning("rollback failed: the database connection is gone")
            finally:
                session.close()
        if _unreachable(error):
            raise StorageUnavailable(str(error).splitlines()[0]) from error  # type: ignore[misc]

    def commit(self) -> None:
        try:
            self._open().commit()
        except DBAPIError as error:
            if _unreachable(error):
                raise StorageUnavailable(str(error).splitlines()[0]) from error
            raise

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        with self._open().begin_nested():
            yield

    def rollback(self) -> None:
        self._open().rollback()

    def purge_done_jobs(self, before: datetime) -> int:
        """Housekeeping: delete jobs done before ``before``; how many went."""
        self._open()
        return self._jobs.purge_done(before)

    def forget_events_before(self, moment: datetime) -> int:
        """Housekeeping: delete seen events older than ``moment``; how many went."""
        self._open()
        return self._events.forget_before(moment)

    @property
    def session(self) -> Session:
        """The underlying session (for tests and maintenance scripts)."""
        return self._open()

    def _open(self) -> Session:
        if self._session is None:
            raise RuntimeError("use the unit of work inside a `with` block")
        return self._session


class SqlUnitOfWorkFactory:
    """:class:`bot.ports.UnitOfWorkFactory`: a fresh :class:`SqlUnitOfWork` per call."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._reading = engine.execution_options(**{READ_ONLY: True})

    def __call__(self, read_only: bool = False) -> SqlUnitOfWork:
        return SqlUnitOfWork(self._reading if read_only else self.engine)

    def healthy(self) -> bool:
        """``SELECT 1`` works; ``False`` (logged, not raised) when the database is unreachable."""
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1")).scalar_one()
        except Exception as error:
            log.warning("database unhealthy: %s", error)
            return False
        return True

    def dispose(self) -> None:
        """Close the pooled connections (at shutdown, in tests)."""
        self.engine.dispose()
