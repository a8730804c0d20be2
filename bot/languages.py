"""Each user's language as their platform reports it (Slack's locale, Mattermost's, the sandbox's
choice), asked once per user and kept for a while.

Use cases ask for a translator inside their database transaction, so asking the platform must never
hold them up: a question not answered within :data:`WAIT_SECONDS` is left to finish in the background
(the answer is kept for next time) and the plan's language is used meanwhile.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import datetime
from datetime import timedelta

from bot.i18n import LANGUAGES
from bot.ports import ChatError
from bot.ports import ChatPort
from bot.ports import ChatUnavailable

KEEP = timedelta(hours=1)
KEEP_UNKNOWN = timedelta(minutes=5)
"""When the platform could not tell (an outage), ask again sooner."""
WAIT_SECONDS = 0.3


class UserLanguages:
    def __init__(self, chats: Callable[[str], ChatPort | None], now: Callable[[], datetime],
                 wait_seconds: float = WAIT_SECONDS) -> None:
        self._chats = chats
        self._now = now
        self._wait = wait_seconds
        self._known: dict[tuple[str, str], tuple[str | None, datetime]] = {}
        self._asking: dict[tuple[str, str], Future[str | None]] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(2, "sirene-languages")

    def __call__(self, platform: str, user_id: str) -> str | None:
        """``en``, ``nl`` or ``fr`` when the platform says so (in time), else ``None``."""
        key = (platform, user_id)
        with self._lock:
            known = self._known.get(key)
            if known is not None and known[1] > self._now():
                return known[0]
            asking = self._asking.get(key)
            if asking is None:
                asking = self._asking[key] = self._pool.submit(self._ask, platform, user_id)
        try:
            return asking.result(timeout=self._wait)
        except FutureTimeout:
            return None

    def _ask(self, platform: str, user_id: str) -> str | None:
        keep = KEEP
        language: str | None = None
        chat = self._chats(platform)
        try:
            told = chat.user_language(user_id) if chat is not None else None
            code = (told or "")[:2].lower()
            language = code if code in LANGUAGES else None
        except (ChatError, ChatUnavailable, Exception):  # an outage, or an answer we cannot read: ask again sooner
            keep = KEEP_UNKNOWN
        with self._lock:
            self._known[(platform, user_id)] = (language, self._now() + keep)
            self._asking.pop((platform, user_id), None)
        return language

    def forget(self, platform: str, user_id: str) -> None:
        """The user changed their language: ask the platform again next time."""
        with self._lock:
            self._known.pop((platform, user_id), None)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
