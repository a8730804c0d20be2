"""A read-only unit of work reads without waiting for a writer (SQLite: a deferred BEGIN in WAL mode)."""

from __future__ import annotations

import threading

from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.storage.builders import new_incident


def test_a_reader_is_not_blocked_by_a_writer(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.incidents.add(new_incident(1))
        uow.commit()
    writing = threading.Event()
    release = threading.Event()

    def writer() -> None:
        with uow_factory() as uow:  # holds the write lock (SQLite: BEGIN IMMEDIATE) until released
            uow.incidents.add(new_incident(2))
            writing.set()
            release.wait(10)
            uow.commit()

    thread = threading.Thread(target=writer)
    thread.start()
    assert writing.wait(10)
    try:
        with uow_factory(read_only=True) as uow:  # would wait for the writer's lock without read_only
            assert [i.number for i in uow.incidents.open_incidents(10)] == [new_incident(1).number]
    finally:
        release.set()
        thread.join()
    with uow_factory(read_only=True) as uow:
        assert uow.incidents.count_open() == 2
