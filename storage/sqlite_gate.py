"""One writer at a time inside this process, without SQLite's busy-wait.

SQLite lets one transaction write at a time. A second ``BEGIN IMMEDIATE`` waits in SQLite's busy
handler, which sleeps in growing steps (up to 100 ms) and so leaves the lock idle long after it
was freed: under a burst of tagged messages the writers spent most of their time asleep. Here the
writers of one process queue on a Python lock instead, handed over the moment the holder commits
or rolls back. ``busy_timeout`` still arbitrates between processes.
"""

from __future__ import annotations

import sqlite3
import threading
from typing import Any


class WriterGate:
    """The lock every connection of one engine takes before ``BEGIN IMMEDIATE``."""

    def __init__(self, timeout_s: float) -> None:
        self._lock = threading.Lock()
        self._timeout_s = timeout_s

    def enter(self) -> None:
        if not self._lock.acquire(timeout=self._timeout_s):
            raise sqlite3.OperationalError("database is locked")

    def leave(self) -> None:
        self._lock.release()

    def connection_class(self) -> type[sqlite3.Connection]:
        """A ``sqlite3.Connection`` (the ``factory`` of ``sqlite3.connect``) that leaves the gate when
        its transaction ends, whichever way it ends."""
        gate = self

        class GatedConnection(sqlite3.Connection):
            holding = False

            def begin_writing(self) -> None:
                gate.enter()
                self.holding = True
                try:
                    self.execute("BEGIN IMMEDIATE")
                except BaseException:
                    self._leave()
                    raise

            def commit(self) -> None:
                try:
                    super().commit()
                finally:
                    if not self.in_transaction:
                        self._leave()

            def rollback(self) -> None:
                try:
                    super().rollback()
                finally:
                    self._leave()

            def close(self) -> None:
                try:
                    super().close()
                finally:
                    self._leave()

            def _leave(self) -> None:
                if self.holding:
                    self.holding = False
                    gate.leave()

        return GatedConnection


def begin_writing(dbapi_connection: Any) -> None:
    """``BEGIN IMMEDIATE`` through the gate when the connection has one (it always does, unless
    a caller passed its own ``factory``)."""
    begin = getattr(dbapi_connection, "begin_writing", None)
    if begin is not None:
        begin()
    else:
        dbapi_connection.execute("BEGIN IMMEDIATE")
