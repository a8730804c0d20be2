"""The fake Mattermost's state: what the server holds (the bot and its token, the team, its users, channels, posts,
ephemerals, dialogs, slash commands and files), the calls made and the contract violations seen, the fault plan
and the open websockets, all under one lock; the server's clock and Mattermost's error (``AppError``)."""

from __future__ import annotations

import asyncio
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.websockets import WebSocket

from tests.fakes.mattermost.model import Channel
from tests.fakes.mattermost.model import Command
from tests.fakes.mattermost.model import Dialog
from tests.fakes.mattermost.model import Ephemeral
from tests.fakes.mattermost.model import Post
from tests.fakes.mattermost.model import User
from tests.fakes.mattermost.model import new_id
from tests.fakes.slack.asgi_thread import ThreadedASGIServer


class AppError(Exception):
    def __init__(self, status: int, error_id: str) -> None:
        super().__init__(error_id)
        self.status = status
        self.error_id = error_id


@dataclass
class _Fault:
    status: int
    retry_after: int | None
    drop: bool = False
    """Processed, then the connection is closed without an answer (the status is not used)."""


@dataclass
class _Socket:
    ws: WebSocket
    loop: asyncio.AbstractEventLoop
    user_id: str
    seq: int = 0


class MattermostState:
    def __init__(self, team_name: str = "acme", server_version: str = "9.11.0") -> None:
        self.server_version = server_version
        self.bot = User(new_id(), "sirene", "sirene@bots.invalid", is_bot=True)
        self.bot_token = secrets.token_hex(13)
        self.token_revoked = False
        self.team_id = new_id()
        self.team_name = team_name
        self.users: dict[str, User] = {self.bot.id: self.bot}
        self.channels: dict[str, Channel] = {}
        self.posts: dict[str, Post] = {}
        self.ephemerals: list[Ephemeral] = []
        self.dialogs: list[Dialog] = []
        self.commands: list[Command] = []
        self.files: dict[str, tuple[str, bytes, str]] = {}
        self.calls: list[tuple[str, str, Any]] = []
        self.violations: list[str] = []
        self.refuse_websocket = False
        self._triggers: dict[str, tuple[str, float, bool]] = {}
        self._faults: dict[str, list[_Fault]] = {}
        self._sockets: list[_Socket] = []
        self._lock = threading.RLock()
        self._clock = 0
        self._server = ThreadedASGIServer(self._app(), name="fake-mattermost")

    def now(self) -> int:
        """Server time in ms, strictly increasing."""
        with self._lock:
            self._clock = max(self._clock + 1, int(time.time() * 1000))
            return self._clock

    def _violate(self, message: str) -> None:
        with self._lock:
            self.violations.append(message)

    def _app(self) -> Starlette:
        raise NotImplementedError  # the whole fake builds it (tests.fakes.mattermost.server)
