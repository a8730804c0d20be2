"""The test side of the fake Slack's fault plan: a test makes the next calls to a method fail (an HTTP error
such as 429 with Retry-After, or an answer dropped after the call was processed), slows them down, lets a
seeded share of all calls fail at random, or clears what is still queued; the Web API's dispatch draws its
failures from this plan."""

from __future__ import annotations

import random
from collections import deque

from tests.fakes.slack.state import SlackState
from tests.fakes.slack.state import _Chaos
from tests.fakes.slack.state import _Fault


class FaultInjection(SlackState):
    # ------------------------------------------------------------------ fault injection

    def fail_next(
        self,
        method: str,
        status: int = 429,
        retry_after: int | None = 7,
        times: int = 1,
        error: str | None = None,
    ) -> None:
        """The next ``times`` calls to ``method`` fail with HTTP ``status`` and are *not* processed.

        429 answers ``{"ok": false, "error": "ratelimited"}`` with a ``Retry-After`` header; other
        statuses answer ``{"ok": false, "error": error or "fatal_error"}``.
        """
        with self._lock:
            q = self._faults.setdefault(method, deque())
            for _ in range(times):
                q.append(_Fault(kind="status", status=status, retry_after=retry_after, error=error))

    def drop_response_next(self, method: str, times: int = 1) -> None:
        """The next ``times`` calls to ``method`` are processed, then the connection closes unanswered."""
        with self._lock:
            q = self._faults.setdefault(method, deque())
            for _ in range(times):
                q.append(_Fault(kind="drop"))

    def chaos(self, rate: float, seed: int, spare: frozenset[str] = frozenset(),
              keep_answer: frozenset[str] = frozenset()) -> None:
        """From now on, a share ``rate`` of the Web API calls fail at random (seeded): a third answer 429 with
        ``Retry-After: 1``, a third 500, a third are processed and their answer dropped. ``rate=0`` stops it."""
        with self._lock:
            self._chaos = _Chaos(rate, random.Random(seed), spare, keep_answer) if rate else None

    def _chaos_fault(self, method: str) -> _Fault | None:
        chaos = self._chaos
        if chaos is None or method in chaos.spare or chaos.rng.random() >= chaos.rate:
            return None
        kind = chaos.rng.choice(("429", "500") if method in chaos.keep_answer else ("429", "500", "drop"))
        if kind == "drop":
            return _Fault(kind="drop")
        return _Fault(kind="status", status=int(kind), retry_after=1 if kind == "429" else None)

    def clear_faults(self, method: str) -> None:
        """Forget the failures and delays still queued for ``method`` (the outage is over)."""
        with self._lock:
            self._faults.pop(method, None)
            self._delays.pop(method, None)

    def delay_next(self, method: str, seconds: float, times: int = 1) -> None:
        """The next ``times`` calls to ``method`` wait ``seconds`` before Slack handles them (a slow API)."""
        with self._lock:
            q = self._delays.setdefault(method, deque())
            for _ in range(times):
                q.append(seconds)

