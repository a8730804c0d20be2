"""The websocket listener: Mattermost's live events, with reconnection and catch-up.

A thread keeps one websocket open to ``/api/v4/websocket`` (bot token in the ``Authorization``
header). Each time it connects, before reading live events, it catches up: for every open
incident's channel it reads, through the REST API, the posts changed since the cursor (less a
margin), and hands them to the core as if their events had arrived. The cursor (the server time
of the last event handled, stored in the database) only moves after an event is handled, so a
dropped connection, a Mattermost restart or a Sirene restart delays events and loses none;
duplicates are recognised by their event id and by the logbook's one-entry-per-message rule.
If handling an event fails (the database is down), the connection is dropped and the next one
catches up from the cursor. The ``hello`` event each connection starts with tells the server's version
(:class:`~handlers.mattermost.server_version.ServerVersion`).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from websockets.exceptions import WebSocketException
from websockets.sync.client import ClientConnection
from websockets.sync.client import connect

from bot.core import Core
from bot.ports import ChatError
from bot.ports import ChatUnavailable
from bot.ports import StorageUnavailable
from bot.usecases.chat_sync import mark_read
from bot.usecases.chat_sync import read_up_to
from bot.usecases.chat_sync import watched_channels
from handlers.mattermost.api import MattermostApi
from handlers.mattermost.events import HANDLED
from handlers.mattermost.events import PLATFORM
from handlers.mattermost.events import catch_up_post
from handlers.mattermost.events import handle_event
from handlers.mattermost.events import moment
from handlers.mattermost.server_version import ServerVersion

log = logging.getLogger("sirene.mattermost")

STREAM = "websocket"
OVERLAP_MS = 5 * 60 * 1000
"""Caught-up posts start this long before the cursor (events of one moment may arrive out of order)."""
SINCE_LIMIT = 1000
"""Mattermost answers at most this many posts to ``GET /channels/{id}/posts?since=``."""
SAVE_EVERY_SECONDS = 2.0
BACKOFF_MAX_SECONDS = 30.0


def websocket_url(base_url: str) -> str:
    base = base_url.rstrip("/")
    scheme, _, rest = base.partition("://")
    return f"{'wss' if scheme == 'https' else 'ws'}://{rest}/api/v4/websocket"


def _ms(moment_: datetime) -> int:
    return int(moment_.timestamp() * 1000)


class EventListener:
    def __init__(self, core: Core, api: MattermostApi, token: str, bot_user_id: str,
                 version: ServerVersion | None = None) -> None:
        self._core = core
        self.version = version or ServerVersion()
        self._api = api
        self._token = token
        self._bot = bot_user_id
        self._url = websocket_url(api.base_url)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._connection: ClientConnection | None = None
        self._read = 0
        self._saved = 0
        self._saved_at = 0.0
        self.connected = threading.Event()
        self.connections = 0

    # ---- lifecycle ----------------------------------------------------------------------

    def start(self) -> Callable[[], None]:
        self._thread = threading.Thread(target=self._run, name="sirene-mattermost-ws", daemon=True)
        self._thread.start()
        return self.stop

    def stop(self) -> None:
        self._stop.set()
        connection = self._connection
        if connection is not None:
            connection.close()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._save(force=True)

    def _run(self) -> None:
        failures = 0
        while not self._stop.is_set():
            before = self.connections
            try:
                self._session()
            except (OSError, WebSocketException, TimeoutError) as exc:
                log.warning("mattermost websocket lost: %s; reconnecting", exc or type(exc).__name__)
            except (ChatUnavailable, ChatError, StorageUnavailable) as exc:
                log.warning("mattermost catch-up interrupted: %s; retrying", exc)
            except Exception:
                log.exception("mattermost websocket failed; reconnecting")
            finally:
                self.connected.clear()
                self._connection = None
            if self._stop.is_set():
                return
            failures = 1 if self.connections > before else failures + 1
            self._stop.wait(min(BACKOFF_MAX_SECONDS, 0.2 * 2 ** min(failures, 8)))

    def _session(self) -> None:
        with connect(self._url, additional_headers={"Authorization": f"Bearer {self._token}"},
                     open_timeout=10, close_timeout=2) as connection:
            self._connection = connection
            if self._stop.is_set():
                return
            self.connections += 1
            self._catch_up()
            self.connected.set()
            log.info("mattermost websocket connected")
            while not self._stop.is_set():
                try:
                    raw = connection.recv(timeout=1.0)
                except TimeoutError:
                    self._save()
                    continue
                self._handle(raw)

    # ---- events -------------------------------------------------------------------------

    def _handle(self, raw: str | bytes) -> None:
        try:
            event = json.loads(raw)
        except ValueError:
            return
        if not isinstance(event, dict):
            return
        if event.get("event") == "hello":
            data = event.get("data")
            self.version.heard(data.get("server_version") if isinstance(data, dict) else None)
            return
        if event.get("event") not in HANDLED:
            return
        self._advance(handle_event(self._core, self._bot, event))

    def _advance(self, value: int) -> None:
        self._read = max(self._read, value)
        self._save()

    def _save(self, force: bool = False) -> None:
        if self._read <= self._saved:
            return
        if not force and time.monotonic() - self._saved_at < SAVE_EVERY_SECONDS:
            return
        try:
            mark_read(self._core, PLATFORM, STREAM, self._read)
        except StorageUnavailable:
            return
        self._saved, self._saved_at = self._read, time.monotonic()

    # ---- catching up --------------------------------------------------------------------

    def _catch_up(self) -> None:
        cursor = read_up_to(self._core, PLATFORM, STREAM)
        latest = 0
        for channel in watched_channels(self._core, PLATFORM):
            since = _ms(channel.since) if cursor is None else max(cursor - OVERLAP_MS, _ms(channel.since))
            try:
                latest = max(latest, self._catch_up_channel(channel.channel_id, since))
            except ChatError as exc:  # the bot was taken out of the channel, or it is gone: skip it
                log.warning("cannot catch up on channel %s: %s", channel.channel_id, exc.code)
        self._read = max(self._read, latest)  # only once every channel is caught up
        self._save(force=True)

    def _catch_up_channel(self, channel_id: str, since: int) -> int:
        """Hand the posts of ``channel_id`` changed since ``since`` to the core; the latest time seen."""
        latest = 0
        while True:
            answer: Any = self._api.call("GET", f"/channels/{channel_id}/posts", params={"since": since})
            posts = list((answer or {}).get("posts", {}).values()) if isinstance(answer, dict) else []
            posts.sort(key=lambda p: (p.get("create_at") or 0, p.get("id") or ""))
            for post in posts:
                if isinstance(post, dict):
                    catch_up_post(self._core, self._bot, post)
                    latest = max(latest, moment(post))
            if len(posts) < SINCE_LIMIT or latest <= since:
                return latest
            since = latest
