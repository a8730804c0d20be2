"""The intake's rate buckets in the database: two replicas (two instances here) on one database spend one
budget per source; racing requests never spend the same token twice."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from alembic import command
from sqlalchemy import Engine
from sqlalchemy import inspect

from bot.ports import StorageUnavailable
from bot.sources import Rate
from storage.engine import make_engine
from storage.migrate import current
from storage.migrate import head
from storage.migrate import make_config
from storage.migrate import upgrade
from storage.rate_buckets import DatabaseRateBuckets

RATE = Rate(3, timedelta(minutes=1))


def test_two_replicas_spend_one_budget_per_source(migrated_engine: Engine) -> None:
    now = [1000.0]
    first = DatabaseRateBuckets(migrated_engine, clock=lambda: now[0])
    second = DatabaseRateBuckets(migrated_engine, clock=lambda: now[0])
    assert [first.take("shop", RATE), second.take("shop", RATE), first.take("shop", RATE)] == [None, None, None]
    assert second.take("shop", RATE) == 20  # the burst of 3 is spent, whichever replica counted it
    assert first.take("prometheus", RATE) is None  # another source: its own bucket
    now[0] += 20
    assert first.take("shop", RATE) is None  # one more every 20 s
    assert second.take("shop", RATE) == 20


def test_racing_requests_never_spend_a_token_twice(migrated_engine: Engine) -> None:
    replicas = [DatabaseRateBuckets(migrated_engine, clock=lambda: 50.0) for _ in range(3)]
    rate = Rate(10, timedelta(hours=1))
    with ThreadPoolExecutor(6) as pool:
        waits = list(pool.map(lambda n: replicas[n % 3].take("flood", rate), range(30)))
    assert waits.count(None) == 10


def test_an_unreachable_database_is_storage_unavailable() -> None:
    engine = make_engine("sqlite:////nonexistent/dir/s.db")
    try:
        with pytest.raises(StorageUnavailable):
            DatabaseRateBuckets(engine).take("shop", RATE)
    finally:
        engine.dispose()


def test_the_rate_buckets_migration_goes_down_and_up_again(database_url: str) -> None:
    upgrade(database_url)
    engine = make_engine(database_url)
    try:
        assert DatabaseRateBuckets(engine, clock=lambda: 5.0).take("shop", RATE) is None
        command.downgrade(make_config(database_url), "0016")
        assert current(database_url) == "0016" and "rate_bucket" not in inspect(engine).get_table_names()
        upgrade(database_url)
        assert current(database_url) == head()
        assert DatabaseRateBuckets(engine, clock=lambda: 5.0).take("shop", RATE) is None  # a fresh budget
    finally:
        engine.dispose()
