"""A classification clicked the instant the triage job stores its message on the incident (PostgreSQL: the
click's transaction read the incident just before the job saved it) is applied, not refused.

SQLite cannot have this race: a writing unit of work holds the write lock from its BEGIN."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator
from typing import Any

import pytest

from bot.domain.incident import MessageRef
from bot.domain.severity import Severity
from storage.engine import make_engine
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.core.harness import HELPDESK
from tests.core.harness import OPERATOR
from tests.core.harness import Harness
from tests.core.harness import make_harness
from tests.core.test_lifecycle import classify
from tests.storage.fixtures import empty_all_tables


class ChangedAfterRead:
    """Units of work whose first read of an incident by number is followed at once by ``change``, made
    and committed in a transaction of its own (as the triage job storing its message)."""

    def __init__(self, inner: SqlUnitOfWorkFactory) -> None:
        self.inner = inner
        self.change: Callable[[str], None] | None = None

    def __call__(self, read_only: bool = False) -> Any:
        return _Opened(self, self.inner(read_only=read_only))

    def healthy(self) -> bool:
        return self.inner.healthy()


class _Opened:
    def __init__(self, factory: ChangedAfterRead, uow: Any) -> None:
        self.factory, self.uow = factory, uow

    def __enter__(self) -> Any:
        uow = self.uow.__enter__()
        incidents, factory = uow.incidents, self.factory
        real = incidents.by_number

        def by_number(number: str) -> Any:
            found = real(number)
            change, factory.change = factory.change, None
            if change is not None:
                change(number)
            return found

        incidents.by_number = by_number
        return uow

    def __exit__(self, *exc: object) -> Any:
        return self.uow.__exit__(*exc)


@pytest.fixture
def racing(postgres_migrated_url: str) -> Iterator[tuple[Harness, ChangedAfterRead]]:
    empty_all_tables(postgres_migrated_url)
    factory = SqlUnitOfWorkFactory(make_engine(postgres_migrated_url))
    wrapped = ChangedAfterRead(factory)
    try:
        yield make_harness(wrapped), wrapped
    finally:
        factory.dispose()


def test_a_classification_racing_the_triage_job_is_applied(racing: tuple[Harness, ChangedAfterRead]) -> None:
    h, factory = racing
    number = h.report()
    triage = MessageRef(HELPDESK, "1700000000.000999")

    def triage_job_stores_its_message(number: str) -> None:
        with factory.inner() as other:
            incident = other.incidents.by_number(number)
            assert incident is not None
            incident.triage_ref = triage
            other.incidents.save(incident)
            other.commit()

    factory.change = triage_job_stores_its_message
    assert classify(h, number, "major") is None  # applied, no "changed meanwhile"
    assert factory.change is None  # the race did happen
    incident = h.incident(number)
    assert (incident.severity, incident.classified_by, incident.triage_ref) == (Severity.MAJOR, OPERATOR, triage)
