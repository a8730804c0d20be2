"""Per-source rate limits (the plan's ``sources[].rate``): a token bucket each.

A source may send ``count`` requests at once, then one more every ``period / count``. A refused request
learns how many seconds to wait (HTTP ``Retry-After``); it never reaches the helpdesk. The rule is
:func:`take_token`; the buckets live in this process's memory (:class:`RateLimiter`, SQLite: one process) or,
on PostgreSQL, in the database, shared by every replica (``storage.rate_buckets.DatabaseRateBuckets``).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.sources import Rate


@dataclass(frozen=True)
class Bucket:
    tokens: float
    """Requests the source may still send at once."""
    counted_at: float
    """When they were counted, in seconds since the epoch."""


def take_token(bucket: Bucket | None, now: float, rate: Rate) -> tuple[Bucket, int | None]:
    """The bucket after a request at ``now`` (a full one when the source has none yet), and ``None`` when the
    request may go on, else the whole seconds to wait before the next one may."""
    period = rate.period.total_seconds()
    full = float(rate.count)
    tokens = full if bucket is None else min(full, bucket.tokens + max(0.0, now - bucket.counted_at) * full / period)
    if tokens >= 1.0:
        return Bucket(tokens - 1.0, now), None
    return Bucket(tokens, now), max(1, math.ceil((1.0 - tokens) * period / rate.count))


class RateBuckets(Protocol):
    def take(self, source: str, rate: Rate) -> int | None:
        """``None`` when the source's request may go on, else the whole seconds to wait."""


class RateLimiter:
    """:class:`RateBuckets` in this process's memory."""

    def __init__(self, now: Callable[[], datetime]) -> None:
        self._now = now
        self._buckets: dict[str, Bucket] = {}
        self._lock = threading.Lock()

    def take(self, source: str, rate: Rate) -> int | None:
        with self._lock:
            self._buckets[source], wait = take_token(self._buckets.get(source), self._now().timestamp(), rate)
            return wait
