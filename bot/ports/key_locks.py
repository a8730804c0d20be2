"""One holder at a time per key: the matching and filing of a monitoring system's repeated report, for example,
so that two copies arriving together never open two incidents."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol


class KeyLocks(Protocol):
    def hold(self, key: str) -> AbstractContextManager[None]:
        """Hold ``key`` for the block: another holder of the same key waits until it ends. In this process
        (:class:`bot.key_locks.ProcessKeyLocks`) or in every process sharing the database
        (``storage.advisory_locks.AdvisoryKeyLocks`` on PostgreSQL)."""
