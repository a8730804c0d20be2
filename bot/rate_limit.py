"""Per-source rate limits (the plan's ``sources[].rate``): a token bucket each, in memory.

A source may send ``count`` requests at once, then one more every ``period / count``. A refused request
learns how many seconds to wait (HTTP ``Retry-After``); it never reaches the helpdesk.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from datetime import datetime

from bot.sources import Rate


class RateLimiter:
    def __init__(self, now: Callable[[], datetime]) -> None:
        self._now = now
        self._buckets: dict[str, tuple[float, datetime]] = {}
        """Per source: the tokens left, and when they were counted."""
        self._lock = threading.Lock()

    def take(self, source: str, rate: Rate) -> int | None:
        """``None`` when the request may go on, else the whole seconds to wait before the next one may."""
        period = rate.period.total_seconds()
        with self._lock:
            now = self._now()
            tokens, at = self._buckets.get(source, (float(rate.count), now))
            tokens = min(float(rate.count), tokens + max(0.0, (now - at).total_seconds()) * rate.count / period)
            if tokens >= 1.0:
                self._buckets[source] = (tokens - 1.0, now)
                return None
            self._buckets[source] = (tokens, now)
            return max(1, math.ceil((1.0 - tokens) * period / rate.count))
