"""Keys held one at a time by every Sirene process sharing one PostgreSQL database: a session advisory lock
per key, on a connection of its own for the block. A process that dies loses its connection, and with it
its locks: nobody waits for a key forever. The lock connections are opened apart from the pool the work
inside the block draws from, so many keys held at once never leave that work without a connection."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.pool import NullPool

from bot.key_locks import ProcessKeyLocks
from storage.engine import make_engine
from storage.unit_of_work import outage_as_unavailable


def lock_id(key: str) -> int:
    """The key as PostgreSQL's advisory lock id (a signed 64-bit number)."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)


class AdvisoryKeyLocks:
    """:class:`bot.ports.KeyLocks` across processes. Threads of this process queue in memory first, so a key
    holds at most one database connection here."""

    def __init__(self, engine: Engine) -> None:
        self._engine = make_engine(engine.url.render_as_string(hide_password=False), poolclass=NullPool)
        self._here = ProcessKeyLocks()

    @contextmanager
    def hold(self, key: str) -> Iterator[None]:
        number = lock_id(key)
        with self._here.hold(key), outage_as_unavailable(), self._engine.connect() as connection:
            connection.execute(select(func.pg_advisory_lock(number)))
            connection.commit()
            try:
                yield
            finally:
                connection.execute(select(func.pg_advisory_unlock(number)))
                connection.commit()
