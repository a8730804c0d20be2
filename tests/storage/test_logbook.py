from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from bot.domain.incident import MessageRef
from bot.domain.logbook import EntryRevision
from bot.domain.logbook import EntrySource
from bot.domain.logbook import LogbookEntry
from bot.domain.logbook import RevisionKind
from bot.ports import ConcurrentUpdate
from bot.ports import Job
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.storage.builders import T0
from tests.storage.builders import new_incident


def _incident(uow_factory: SqlUnitOfWorkFactory) -> int:
    with uow_factory() as uow:
        incident_id = uow.incidents.add(new_incident(channel_id="C1")).id
        uow.commit()
    assert incident_id is not None
    return incident_id


def _entry(incident_id: int, sequence: int, message: str | None = None, **changes: object) -> LogbookEntry:
    entry = LogbookEntry(
        incident_id=incident_id,
        sequence=sequence,
        recorded_at=T0 + timedelta(minutes=sequence),
        author_id="U1",
        source=EntrySource.TAG,
        text=f"action {sequence}",
        message=MessageRef("C1", message) if message else None,
    )
    for name, value in changes.items():
        setattr(entry, name, value)
    return entry


def test_entries_round_trip_in_order_and_page(uow_factory: SqlUnitOfWorkFactory) -> None:
    incident_id = _incident(uow_factory)
    with uow_factory() as uow:
        assert uow.logbook.next_sequence(incident_id) == 1
        first = uow.logbook.add(_entry(incident_id, 1, "100.1", permalink="https://x/1"))
        second = uow.logbook.add(_entry(incident_id, 2, source=EntrySource.BOT))
        assert uow.logbook.next_sequence(incident_id) == 3
        third = uow.logbook.add(_entry(incident_id, 3, "100.3", source=EntrySource.REACTION))
        uow.commit()
    assert first is not None and second is not None and third is not None
    assert first.id is not None and second.id is not None

    with uow_factory() as uow:
        assert uow.logbook.count(incident_id) == 3
        assert uow.logbook.entries(incident_id, limit=10) == [first, second, third]
        assert uow.logbook.entries(incident_id, limit=1, offset=1) == [second]
        assert uow.logbook.by_message(MessageRef("C1", "100.3")) == third
        assert uow.logbook.by_message(MessageRef("C2", "100.3")) is None
        uow.logbook.set_permalinks({second.id: "https://x/2"})
        uow.commit()
    with uow_factory() as uow:
        assert uow.logbook.entries(incident_id, limit=1, offset=1)[0].permalink == "https://x/2"


def test_a_message_logged_twice_returns_none_and_the_transaction_goes_on(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    incident_id = _incident(uow_factory)
    with uow_factory() as uow:
        assert uow.logbook.add(_entry(incident_id, 1, "200.1")) is not None
        uow.commit()
    with uow_factory() as uow:
        assert uow.logbook.add(_entry(incident_id, 2, "200.1", text="again")) is None
        # the same unit of work keeps working and commits the rest
        assert uow.logbook.add(_entry(incident_id, 2, "200.2")) is not None
        uow.jobs.enqueue(Job("log.confirm", incident_id, {"entry": "2"}), T0)
        uow.commit()
    with uow_factory() as uow:
        assert [entry.text for entry in uow.logbook.entries(incident_id, 10)] == ["action 1", "action 2"]
        assert uow.jobs.pending(incident_id) == 1


def test_a_burst_skips_messages_already_logged_and_numbers_the_rest_without_gaps(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    incident_id = _incident(uow_factory)
    with uow_factory() as uow:
        assert uow.logbook.add(_entry(incident_id, 1, "300.1")) is not None
        uow.commit()
    with uow_factory() as uow:
        later = T0 + timedelta(minutes=5)  # the burst arrives after the first entry (entries read in time order)
        burst = [_entry(incident_id, 0, "300.1", text="again", recorded_at=later),
                 _entry(incident_id, 0, "300.2", recorded_at=later),
                 _entry(incident_id, 0, "300.2", text="twice in the burst", recorded_at=later),
                 _entry(incident_id, 0, "300.3", recorded_at=later)]
        added = uow.logbook.add_burst(burst)
        uow.commit()
    assert [entry is not None for entry in added] == [False, True, False, True]
    assert [(e.sequence, e.link) for e in added if e is not None] == [(2, 2), (3, 3)]
    with uow_factory() as uow:
        stored = uow.logbook.entries(incident_id, 10)
        assert [(e.sequence, e.text, e.message) for e in stored] == [
            (1, "action 1", MessageRef("C1", "300.1")), (2, "action 0", MessageRef("C1", "300.2")),
            (3, "action 0", MessageRef("C1", "300.3"))]
        assert [e.id for e in stored[1:]] == [e.id for e in added if e is not None]
        assert uow.logbook.seal(incident_id) == (3, stored[-1].hash)


def test_a_taken_sequence_raises_concurrent_update_without_breaking_the_transaction(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    incident_id = _incident(uow_factory)
    with uow_factory() as uow:
        uow.logbook.add(_entry(incident_id, 1, "300.1"))
        uow.commit()
    with uow_factory() as uow:
        with pytest.raises(ConcurrentUpdate):
            uow.logbook.add(_entry(incident_id, 1, "300.2"))  # read the sequence before the other commit
        assert uow.logbook.add(_entry(incident_id, uow.logbook.next_sequence(incident_id), "300.2"))
        uow.commit()
    with uow_factory() as uow:
        assert [entry.sequence for entry in uow.logbook.entries(incident_id, 10)] == [1, 2]


def test_revisions_are_kept_in_order(uow_factory: SqlUnitOfWorkFactory) -> None:
    incident_id = _incident(uow_factory)
    with uow_factory() as uow:
        entry = uow.logbook.add(_entry(incident_id, 1, "400.1", text="v1"))
        uow.commit()
    assert entry is not None

    history = []
    for number, kind in ((2, RevisionKind.EDITED), (3, RevisionKind.EDITED), (4, RevisionKind.DELETED)):
        with uow_factory() as uow:
            stored = uow.logbook.by_message(MessageRef("C1", "400.1"))
            assert stored is not None
            revision = EntryRevision(stored.text, kind, T0 + timedelta(hours=number))
            history.append(revision)
            if kind is RevisionKind.EDITED:
                stored.text = f"v{number}"
            else:
                stored.deleted = True
            uow.logbook.revise(stored, revision)
            assert stored.revisions == history
            uow.commit()

    with uow_factory() as uow:
        (loaded,) = uow.logbook.entries(incident_id, 10)
    assert loaded.text == "v3" and loaded.deleted
    assert loaded.revisions == history
    assert [revision.text for revision in loaded.revisions] == ["v1", "v2", "v3"]


def test_an_unsaved_entry_cannot_be_revised(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow, pytest.raises(ValueError):
        uow.logbook.revise(_entry(1, 1), EntryRevision("x", RevisionKind.EDITED, T0))


def test_concurrent_writers_to_one_logbook_take_turns(uow_factory: SqlUnitOfWorkFactory) -> None:
    incident_id = _incident(uow_factory)
    threads, per_thread = 4, 5
    start = threading.Barrier(threads)

    def write(worker: int) -> None:
        start.wait()
        for n in range(per_thread):
            with uow_factory() as uow:
                sequence = uow.logbook.next_sequence(incident_id)
                assert uow.logbook.add(_entry(incident_id, sequence, f"{worker}.{n}")) is not None
                uow.commit()

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(write, range(threads)))  # re-raises a ConcurrentUpdate, if any
    with uow_factory() as uow:
        entries = uow.logbook.entries(incident_id, 100)
    assert [entry.sequence for entry in entries] == list(range(1, threads * per_thread + 1))


def test_a_burst_is_numbered_after_the_writer_that_held_the_incident_before_it(
        uow_factory: SqlUnitOfWorkFactory, backend: str) -> None:
    """Another writer logs an entry and commits while the burst waits for the incident's lock: the burst's
    numbers follow that entry (read after the lock), none is given twice."""
    if backend == "sqlite":
        pytest.skip("SQLite's writer holds the write lock from BEGIN: no second writer can commit in between")
    incident_id = _incident(uow_factory)
    with uow_factory() as uow:
        logbook = uow.logbook
        real_lock = logbook._lock

        def lock_after_another_writer(incident: int) -> str:
            with uow_factory() as other:
                sequence = other.logbook.next_sequence(incident)
                assert other.logbook.add(_entry(incident, sequence, "400.1")) is not None
                other.commit()
            return real_lock(incident)

        logbook._lock = lock_after_another_writer  # type: ignore[method-assign, assignment]
        later = T0 + timedelta(minutes=5)
        added = logbook.add_burst([_entry(incident_id, 0, "400.2", recorded_at=later),
                                   _entry(incident_id, 0, "400.3", recorded_at=later)])
        uow.commit()
    assert [entry.sequence for entry in added if entry is not None] == [2, 3]
    with uow_factory() as uow:
        assert [entry.sequence for entry in uow.logbook.entries(incident_id, 10)] == [1, 2, 3]
