"""Keys held one at a time within this process (SQLite: Sirene runs as one process)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class ProcessKeyLocks:
    """:class:`bot.ports.KeyLocks` for one process: a lock per key, kept while anyone holds or waits for it."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[str, tuple[threading.Lock, int]] = {}

    @contextmanager
    def hold(self, key: str) -> Iterator[None]:
        with self._guard:
            lock, users = self._locks.get(key) or (threading.Lock(), 0)
            self._locks[key] = (lock, users + 1)
        try:
            with lock:
                yield
        finally:
            with self._guard:
                lock, users = self._locks[key]
                if users == 1:
                    del self._locks[key]
                else:
                    self._locks[key] = (lock, users - 1)
