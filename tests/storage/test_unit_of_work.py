from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import timedelta

import pytest

from bot.ports import Job
from bot.ports import UnitOfWorkFactory
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.storage.builders import T0
from tests.storage.builders import new_incident


def test_it_is_a_unit_of_work_factory(uow_factory: SqlUnitOfWorkFactory) -> None:
    factory: UnitOfWorkFactory = uow_factory  # checked by mypy; here, that it runs
    with factory() as uow:
        assert uow.incidents.open_incidents(10) == []


def test_work_not_committed_is_rolled_back(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.incidents.add(new_incident(1))
    with pytest.raises(RuntimeError), uow_factory() as uow:
        uow.incidents.add(new_incident(2))
        raise RuntimeError("handler failed")
    with uow_factory() as uow:
        uow.incidents.add(new_incident(3))
        uow.commit()
        uow.incidents.add(new_incident(4))  # after the commit, never committed
    with uow_factory() as uow:
        assert [i.number for i in uow.incidents.open_incidents(10)] == ["INC-2026-0003"]


def test_a_unit_of_work_can_commit_several_times(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.incidents.add(new_incident(1))
        uow.commit()
        uow.incidents.add(new_incident(2))
        uow.commit()
    with uow_factory() as uow:
        assert len(uow.incidents.open_incidents(10)) == 2


def test_it_is_used_inside_a_with_block(uow_factory: SqlUnitOfWorkFactory) -> None:
    uow = uow_factory()
    with pytest.raises(RuntimeError):
        uow.commit()
    with uow, pytest.raises(RuntimeError):
        uow.__enter__()  # not twice at once
    with uow:  # but again after the first block closed
        assert uow.jobs.pending() == 0


def test_done_jobs_can_be_purged(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.jobs.enqueue(Job("k", None, {}), T0, dedupe_key="d")
        uow.jobs.enqueue(Job("k", None, {}), T0)
        uow.commit()
    with uow_factory() as uow:
        first, _ = uow.jobs.claim_due(T0, 10, 60)
        assert first.id is not None
        uow.jobs.complete(first.id)
        uow.commit()
    with uow_factory() as uow:
        assert uow.purge_done_jobs(datetime.now(UTC) - timedelta(hours=1)) == 0
        assert uow.purge_done_jobs(datetime.now(UTC) + timedelta(seconds=1)) == 1
        assert uow.jobs.pending() == 1
        uow.commit()


def test_healthy_when_the_database_answers(uow_factory: SqlUnitOfWorkFactory) -> None:
    assert uow_factory.healthy()
