"""Rate buckets in the database: every replica on one PostgreSQL spends one budget per source.

The rule is the core's (:func:`bot.rate_limit.take_token`); here a source's bucket is one row, read and
written back with a conditional update on its version: when another process changed the row meanwhile,
nothing is written and the request is counted again on the fresh row.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import Engine
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects import sqlite

from bot.rate_limit import Bucket
from bot.rate_limit import take_token
from bot.sources import Rate
from storage.rate_bucket_tables import RATE_BUCKET
from storage.unit_of_work import outage_as_unavailable

ATTEMPTS = 20
"""Counts made again at most this often when other processes keep changing the row (then: refused, one
second)."""


class DatabaseRateBuckets:
    """:class:`bot.rate_limit.RateBuckets` on a database table, each count in a short transaction of its own."""

    def __init__(self, engine: Engine, clock: Callable[[], float] = time.time) -> None:
        self._engine = engine
        self._clock = clock
        dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
        key = RATE_BUCKET.c.source
        self._insert = dialect.insert(RATE_BUCKET).on_conflict_do_nothing(index_elements=[key]).returning(key)
        """Inserts a source's first bucket; a row comes back only when it was written (``rowcount`` is not to be
        trusted for an insert on PostgreSQL with psycopg: it answers -1)."""

    def take(self, source: str, rate: Rate) -> int | None:
        with outage_as_unavailable():
            for _ in range(ATTEMPTS):
                with self._engine.begin() as connection:
                    row = connection.execute(select(RATE_BUCKET.c.tokens, RATE_BUCKET.c.counted_at,
                                                    RATE_BUCKET.c.version)
                                             .where(RATE_BUCKET.c.source == source)).first()
                    before = Bucket(float(row.tokens), float(row.counted_at)) if row is not None else None
                    bucket, wait = take_token(before, self._clock(), rate)
                    values = {"tokens": bucket.tokens, "counted_at": bucket.counted_at}
                    if row is None:
                        inserted = connection.execute(self._insert, {"source": source, **values, "version": 0})
                        written = 1 if inserted.first() is not None else 0
                    else:
                        written = connection.execute(
                            update(RATE_BUCKET).where(RATE_BUCKET.c.source == source,
                                                      RATE_BUCKET.c.version == row.version)
                            .values(**values, version=row.version + 1)).rowcount
                    if written == 1:
                        return wait
        return 1
