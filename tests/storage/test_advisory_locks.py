"""Keys held one at a time across processes sharing PostgreSQL: two Sirene replicas (two engines here, each
with its own pool and its own in-process locks) never match and file the same repeated report together."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy import text

from bot.clock import FixedClock
from bot.core import Core
from bot.directory import Directory
from bot.plan_loader import load_plan
from bot.sources import Source
from bot.usecases.intake import IncomingReport
from bot.usecases.intake import Received
from bot.usecases.intake import receive_report
from storage.advisory_locks import AdvisoryKeyLocks
from storage.advisory_locks import lock_id
from storage.engine import make_engine
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.core.harness import START
from tests.core.harness import plan_file_with
from tests.e2e.world import wait_for
from tests.storage.fixtures import empty_all_tables


@pytest.fixture
def engines(postgres_migrated_url: str) -> Iterator[tuple[Engine, Engine]]:
    """Two replicas' engines on the session's migrated PostgreSQL database, emptied (skipped, saying why,
    where PostgreSQL is not reachable)."""
    empty_all_tables(postgres_migrated_url)
    first, second = make_engine(postgres_migrated_url), make_engine(postgres_migrated_url)
    yield first, second
    first.dispose()
    second.dispose()


def waiting_for(engine: Engine, key: str) -> bool:
    """Whether a session waits for the advisory lock of ``key`` (PostgreSQL shows a bigint key as two halves)."""
    number = lock_id(key) & 0xFFFFFFFFFFFFFFFF
    with engine.connect() as connection:
        return bool(connection.execute(text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
            "AND classid::bigint = :high AND objid::bigint = :low"),
            {"high": number >> 32, "low": number & 0xFFFFFFFF}).scalar_one())


def test_a_key_held_by_one_replica_makes_the_other_wait(engines: tuple[Engine, Engine]) -> None:
    first, second = AdvisoryKeyLocks(engines[0]), AdvisoryKeyLocks(engines[1])
    entered, release = threading.Event(), threading.Event()

    def other_replica() -> None:
        with second.hold("intake:prometheus:k1"):
            entered.set()

    with first.hold("intake:prometheus:k1"):
        with second.hold("intake:prometheus:k2"):
            pass  # another key: no wait
        waiter = threading.Thread(target=other_replica)
        waiter.start()
        wait_for(lambda: waiting_for(engines[0], "intake:prometheus:k1"), what="the other replica to wait")
        assert not entered.is_set()
        release.set()
    wait_for(entered.is_set, what="the other replica to hold the key once it was released")
    waiter.join(10)


def test_two_replicas_receiving_the_same_alert_together_open_one_incident(
        engines: tuple[Engine, Engine], tmp_path: Path) -> None:
    source = Source(name="prometheus", kind="monitoring", token_env="SIRENE_TOKEN_PROMETHEUS")
    plan = load_plan(plan_file_with(tmp_path, {"sources": [source.model_dump(mode="json", exclude={"rate"})]}))
    cores = []
    for engine in engines:
        core = Core(plan, Directory(plan), SqlUnitOfWorkFactory(engine), FixedClock(START), platforms=("slack",))
        core.key_locks = AdvisoryKeyLocks(engine)
        cores.append(core)
    report = IncomingReport(title="db1 down", dedup_key="group-db1")

    def deliver(n: int) -> Received:
        received = receive_report(cores[n % 2], source, report)
        assert isinstance(received, Received)
        return received

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(deliver, range(16)))
    assert len({r.number for r in results}) == 1
    assert [r.created for r in results].count(True) == 1
    assert sorted(r.signals for r in results if not r.created) == list(range(2, 17))


def test_holding_keys_never_takes_the_connections_filing_needs(postgres_migrated_url: str) -> None:
    """A storm of distinct alerts holds a key each while filing: the locks use connections of their own, so the
    pool that filing draws from is never emptied by them (here a pool of one connection)."""
    engine = make_engine(postgres_migrated_url, pool_size=1, max_overflow=0, pool_timeout=2)
    try:
        locks = AdvisoryKeyLocks(engine)
        with locks.hold("intake:prometheus:a"), locks.hold("intake:prometheus:b"), engine.connect() as filing:
            assert filing.execute(text("SELECT 1")).scalar_one() == 1
    finally:
        engine.dispose()
