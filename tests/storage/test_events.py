from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import timedelta

from storage.unit_of_work import SqlUnitOfWorkFactory


def test_an_event_is_new_once(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        assert uow.events.first_time("slack", "Ev1")
        assert not uow.events.first_time("slack", "Ev1")  # within the same transaction too
        assert uow.events.first_time("mattermost", "Ev1")  # ids are per platform
        uow.commit()
    with uow_factory() as uow:
        assert not uow.events.first_time("slack", "Ev1")
        assert not uow.events.first_time("mattermost", "Ev1")
        assert uow.events.first_time("slack", "Ev2")


def test_a_rolled_back_event_is_not_seen(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        assert uow.events.first_time("slack", "Ev1")
        # handling failed: no commit
    with uow_factory() as uow:
        assert uow.events.first_time("slack", "Ev1")  # the redelivery is processed
        uow.commit()
    with uow_factory() as uow:
        assert not uow.events.first_time("slack", "Ev1")


def test_a_duplicate_event_does_not_break_the_transaction(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.events.first_time("slack", "Ev1")
        uow.commit()
    with uow_factory() as uow:
        assert not uow.events.first_time("slack", "Ev1")
        assert uow.events.first_time("slack", "Ev2")
        uow.commit()
    with uow_factory() as uow:
        assert not uow.events.first_time("slack", "Ev2")


def test_old_events_can_be_forgotten(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.events.first_time("slack", "Ev1")
        uow.commit()
    with uow_factory() as uow:
        assert uow.forget_events_before(datetime.now(UTC) - timedelta(hours=1)) == 0
        assert uow.forget_events_before(datetime.now(UTC) + timedelta(seconds=1)) == 1
        uow.commit()
    with uow_factory() as uow:
        assert uow.events.first_time("slack", "Ev1")


def test_many_events_at_once_are_each_new_once(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        assert uow.events.first_time("slack", "Ev1")
        uow.commit()
    with uow_factory() as uow:
        assert uow.events.first_times("slack", ["Ev1", "Ev2", "Ev3", "Ev2"]) == {"Ev2", "Ev3"}
        assert uow.events.first_times("slack", ["Ev3", "Ev4"]) == {"Ev4"}  # within the same transaction too
        assert uow.events.first_times("mattermost", ["Ev1"]) == {"Ev1"}  # ids are per platform
        assert uow.events.first_times("slack", []) == set()
        uow.commit()
    with uow_factory() as uow:
        assert uow.events.first_times("slack", ["Ev1", "Ev2", "Ev3", "Ev4", "Ev5"]) == {"Ev5"}
        # not committed: Ev5 is new again for the next transaction
    with uow_factory() as uow:
        assert not uow.events.first_time("slack", "Ev4")
        assert uow.events.first_time("slack", "Ev5")
