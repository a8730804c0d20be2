"""User names and channel names by id, read from the API and kept (mentions are written by name)."""

from __future__ import annotations

import threading

from bot.ports import ChatError
from bot.ports import ChatUnavailable
from handlers.mattermost.api import MattermostApi


class ApiNames:
    """:class:`~handlers.mattermost.render_text.Names` over the REST API, cached; unknown → ``None``."""

    def __init__(self, api: MattermostApi) -> None:
        self._api = api
        self._users: dict[str, str] = {}
        self._channels: dict[str, str] = {}
        self._lock = threading.Lock()

    def _lookup(self, cache: dict[str, str], path: str, key: str, field: str) -> str | None:
        with self._lock:
            if key in cache:
                return cache[key]
        try:
            found = self._api.call("GET", path)
        except (ChatError, ChatUnavailable):
            return None
        value = found.get(field) if isinstance(found, dict) else None
        if not isinstance(value, str) or not value:
            return None
        with self._lock:
            cache[key] = value
        return value

    def username(self, user_id: str) -> str | None:
        return self._lookup(self._users, f"/users/{user_id}", user_id, "username")

    def channel_name(self, channel_id: str) -> str | None:
        return self._lookup(self._channels, f"/channels/{channel_id}", channel_id, "name")

    def remember_channel(self, channel_id: str, name: str) -> None:
        with self._lock:
            self._channels[channel_id] = name
