"""Posting slots in the database: two processes (two instances here) on one database share each
conversation's pace; claims racing each other never get the same slot (#14)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine

from bot.ports import StorageUnavailable
from storage.engine import make_engine
from storage.post_slots import DatabasePostSlots


def test_two_replicas_share_one_conversations_slots(migrated_engine: Engine) -> None:
    now = [1000.0]
    first = DatabasePostSlots(migrated_engine, clock=lambda: now[0])
    second = DatabasePostSlots(migrated_engine, clock=lambda: now[0])
    assert first.claim("C1", "a") == 0
    assert second.claim("C1", "b") == 1.0  # the other replica's post took the slot
    assert first.claim("C1", "c") == 2.0
    assert second.claim("C2", "d") == 0  # another conversation: at once
    now[0] += 1
    assert first.claim("C1", "b") == 0  # b's reservation, made through the other replica, is kept
    assert second.claim("C1", "c") == 1.0
    now[0] += 10
    assert second.claim("C1", "e") == 0


def test_a_burst_of_direct_messages_is_shared_too(migrated_engine: Engine) -> None:
    replicas = [DatabasePostSlots(migrated_engine, clock=lambda: 50.0) for _ in range(3)]
    waits = [replica.claim("direct:U1", f"page{n}", burst=3) for n, replica in enumerate(replicas)]
    assert waits == [0, 0, 0]
    assert replicas[0].claim("direct:U1", "page3", burst=3) == 3.0


def test_racing_claims_never_get_the_same_slot(migrated_engine: Engine) -> None:
    replicas = [DatabasePostSlots(migrated_engine, clock=lambda: 2000.0) for _ in range(4)]

    def claim(n: int) -> float:
        return replicas[n % 4].claim("C1", f"post{n}")

    with ThreadPoolExecutor(max_workers=4) as pool:
        waits = sorted(pool.map(claim, range(12)))
    assert waits == [float(n) for n in range(12)]


def test_a_reservation_given_back_is_the_next_claims(migrated_engine: Engine) -> None:
    first, second = (DatabasePostSlots(migrated_engine, clock=lambda: 3000.0) for _ in range(2))
    assert first.claim("C1", "a") == 0
    assert first.claim("C1", "b") == 1.0
    second.release("C1", "b")  # its post will not be made
    second.release("C1", "b")
    second.release("C9", "b")
    assert second.claim("C1", "c") == 1.0


@pytest.mark.parametrize("url", ["postgresql+psycopg://postgres@127.0.0.1:1/test", "sqlite:////nonexistent/dir/s.db"],
                         ids=["postgresql-down", "sqlite-unopenable"])
def test_an_unreachable_database_is_storage_unavailable_not_a_failure(url: str) -> None:
    """A job claiming its slot during a database outage waits and is claimed again (the runner's rule for
    StorageUnavailable), instead of failing with a traceback and a backoff."""
    engine = make_engine(url)
    try:
        slots = DatabasePostSlots(engine)
        with pytest.raises(StorageUnavailable):
            slots.claim("C1", "job1")
        with pytest.raises(StorageUnavailable):
            slots.release("C1", "job1")
    finally:
        engine.dispose()
