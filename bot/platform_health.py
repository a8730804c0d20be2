"""Whether a chat platform is down (a core rule): its API failing for a while — connection errors and 5xx
for :data:`DOWN_AFTER`, 429 for :data:`RATE_LIMITED_DOWN_AFTER`, or a revoked token at once. While a
platform is down, pages go every way the plan gives (e-mail, SMS) instead of waiting for the chat; the
channel's own posts wait in the outbox and go out in order when it is back; ``/healthz`` says
``degraded``. Every chat call of the job runner is watched (:class:`WatchedChat`): a success ends the
outage, and its return is noted once (:meth:`PlatformHealth.take_returns`) so that the channel can be told
what was sent outside the chat meanwhile.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta
from typing import Any

from bot.ports import ChatError
from bot.ports import ChatPort
from bot.ports import ChatUnavailable

DOWN_AFTER = timedelta(minutes=1)
"""The default of ``SIRENE_PLATFORM_DOWN_AFTER_SECONDS``."""
RATE_LIMITED_DOWN_AFTER = timedelta(minutes=3)
"""For 429 answers only (scaled with the setting: three times as long)."""
REVOKED = frozenset({"invalid_auth", "token_revoked", "account_inactive", "not_authed", "token_expired",
                     "unauthorized", "api.context.session_expired.app_error"})
"""Error codes that mean Sirene's token no longer works (Slack's, and the Mattermost adapter's 401)."""


@dataclass(frozen=True)
class Outage:
    platform: str
    since: datetime
    until: datetime


@dataclass
class _Streak:
    first: datetime
    rate_limited_only: bool = True
    revoked: bool = False
    down_since: datetime | None = None


class PlatformHealth:
    """Thread-safe: job threads report, the tick and ``/healthz`` read."""

    def __init__(self, down_after: timedelta = DOWN_AFTER) -> None:
        self._down_after = down_after
        self._rate_limited_down_after = down_after * (RATE_LIMITED_DOWN_AFTER / DOWN_AFTER)
        self._lock = threading.Lock()
        self._streaks: dict[str, _Streak] = {}
        self._returns: list[Outage] = []

    def failed(self, platform: str, now: datetime, *, rate_limited: bool = False, revoked: bool = False) -> None:
        with self._lock:
            streak = self._streaks.setdefault(platform, _Streak(now))
            streak.rate_limited_only = streak.rate_limited_only and rate_limited
            streak.revoked = streak.revoked or revoked
            self._down(platform, streak, now)

    def succeeded(self, platform: str, now: datetime) -> None:
        with self._lock:
            streak = self._streaks.pop(platform, None)
            if streak is not None and streak.down_since is not None:
                self._returns.append(Outage(platform, streak.down_since, now))

    def _down(self, platform: str, streak: _Streak, now: datetime) -> bool:
        if streak.down_since is None:
            wait = self._rate_limited_down_after if streak.rate_limited_only else self._down_after
            if streak.revoked or now - streak.first >= wait:
                streak.down_since = now
        return streak.down_since is not None

    def is_down(self, platform: str, now: datetime) -> bool:
        with self._lock:
            streak = self._streaks.get(platform)
            return streak is not None and self._down(platform, streak, now)

    def degraded(self, now: datetime) -> list[str]:
        with self._lock:
            return sorted(p for p, streak in self._streaks.items() if self._down(p, streak, now))

    def take_returns(self) -> list[Outage]:
        """Outages that ended since the last call (each once)."""
        with self._lock:
            returns, self._returns = self._returns, []
            return returns


class WatchedChat:
    """A :class:`ChatPort` that reports each call's success or failure to :class:`PlatformHealth`."""

    def __init__(self, chat: ChatPort, platform: str, health: PlatformHealth, now: Callable[[], datetime]) -> None:
        self._chat = chat
        self._platform = platform
        self._health = health
        self._now = now

    def __getattr__(self, name: str) -> Any:
        target = getattr(self._chat, name)
        if not callable(target):
            return target

        def watched(*args: Any, **kwargs: Any) -> Any:
            try:
                result = target(*args, **kwargs)
            except ChatUnavailable as exc:
                self._health.failed(self._platform, self._now(), rate_limited=exc.retry_after is not None)
                raise
            except ChatError as exc:
                if exc.code in REVOKED:
                    self._health.failed(self._platform, self._now(), revoked=True)
                else:  # the platform answered: it is up, the request was wrong
                    self._health.succeeded(self._platform, self._now())
                raise
            self._health.succeeded(self._platform, self._now())
            return result

        return watched
