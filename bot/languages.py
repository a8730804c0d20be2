"""Each user's language as their platform reports it (Slack's locale, Mattermost's, the sandbox's
choice), asked once per user and kept for a while, so that answers are never slowed by asking again."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from bot.i18n import LANGUAGES
from bot.ports import ChatError, ChatPort, ChatUnavailable

KEEP = timedelta(hours=1)
KEEP_UNKNOWN = timedelta(minutes=5)
"""When the platform could not tell (an outage), ask again sooner."""


class UserLanguages:
    def __init__(self, chats: Callable[[str], ChatPort | None], now: Callable[[], datetime]) -> None:
        self._chats = chats
        self._now = now
        self._known: dict[tuple[str, str], tuple[str | None, datetime]] = {}
        self._lock = threading.Lock()

    def __call__(self, platform: str, user_id: str) -> str | None:
        """``en``, ``nl`` or ``fr`` when the platform says so, else ``None``."""
        now = self._now()
        with self._lock:
            known = self._known.get((platform, user_id))
        if known is not None and known[1] > now:
            return known[0]
        language, keep = self._ask(platform, user_id)
        with self._lock:
            self._known[(platform, user_id)] = (language, now + keep)
        return language

    def _ask(self, platform: str, user_id: str) -> tuple[str | None, timedelta]:
        chat = self._chats(platform)
        if chat is None:
            return None, KEEP
        try:
            told = chat.user_language(user_id)
        except (ChatError, ChatUnavailable):
            return None, KEEP_UNKNOWN
        language = (told or "")[:2].lower()
        return (language if language in LANGUAGES else None), KEEP

    def forget(self, platform: str, user_id: str) -> None:
        """The user changed their language: ask the platform again next time."""
        with self._lock:
            self._known.pop((platform, user_id), None)
