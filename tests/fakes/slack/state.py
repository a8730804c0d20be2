"""The fake Slack's state and the checks every API family shares: the workspace's users, channels, messages,
views and files, the calls made, the contract violations seen, the fault plan (which ``faults`` fills in);
triggers, ts and ids."""

from __future__ import annotations

import asyncio
import copy
import random
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any
from typing import Self

from starlette.applications import Starlette
from starlette.websockets import WebSocket

from tests.fakes.slack.asgi_thread import ThreadedASGIServer
from tests.fakes.slack.blockkit import check_blocks
from tests.fakes.slack.limits import ACK_DEADLINE_SECONDS
from tests.fakes.slack.limits import MESSAGE_TEXT_MAX
from tests.fakes.slack.model import Call
from tests.fakes.slack.model import Channel
from tests.fakes.slack.model import Ephemeral
from tests.fakes.slack.model import Json
from tests.fakes.slack.model import Message
from tests.fakes.slack.model import ResponseUrl
from tests.fakes.slack.model import ResponseUrlPost
from tests.fakes.slack.model import UploadedFile
from tests.fakes.slack.model import User
from tests.fakes.slack.model import View


class SlackError(Exception):
    """A Slack API error the fake answers with (``{"ok": false, "error": code}``)."""

    def __init__(self, code: str, **extra: Any) -> None:
        super().__init__(code)
        self.code = code
        self.extra = extra


@dataclass
class _Fault:
    kind: str  # "status" | "drop"
    status: int = 429
    retry_after: int | None = None
    error: str | None = None


@dataclass
class _Chaos:
    rate: float
    rng: random.Random
    spare: frozenset[str]
    """Methods never failed."""
    keep_answer: frozenset[str]
    """Methods failed with 429 or 500 but whose answer is never dropped."""


@dataclass
class _Trigger:
    issued_at: float
    user_id: str | None
    used: bool = False


@dataclass
class _SocketConn:
    ws: WebSocket
    loop: asyncio.AbstractEventLoop
    ticket: str
    open: bool = True


@dataclass
class _SentEnvelope:
    envelope: Json
    sent_monotonic: float



class SlackState:
    """A fake Slack workspace's state (see :class:`tests.fakes.slack.server.FakeSlack`)."""

    def __init__(
        self,
        *,
        bot_token: str = "xoxb-0000000001-0000000002-sirenefakebottoken",
        app_token: str = "xapp-1-A0SIRENE-0000000003-sirenefakeapptoken",
        team_id: str = "T0SIRENE",
        team_domain: str = "sirene-test",
        team_name: str = "Sirene Test",
        app_id: str = "A0SIRENE",
        bot_user_id: str = "U0SIRENEBOT",
        bot_id: str = "B0SIRENEBOT",
        bot_name: str = "sirene",
        verification_token: str = "sirene-verification-token",
        now: Callable[[], float] = time.time,
        ack_deadline: float | None = ACK_DEADLINE_SECONDS,
        http: str = "h11",
    ) -> None:
        self.bot_token = bot_token
        self.app_token = app_token
        self.team_id = team_id
        self.team_domain = team_domain
        self.team_name = team_name
        self.app_id = app_id
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.bot_name = bot_name
        self.verification_token = verification_token
        #: The clock used for trigger ages, message ts and call times. Replace it to age triggers.
        self.now: Callable[[], float] = now
        self.ack_deadline = ack_deadline

        self._lock = threading.RLock()
        self._cond = threading.Condition(self._lock)
        self.violations: list[str] = []
        self.calls: list[Call] = []
        self.users: dict[str, User] = {}
        self.channels: dict[str, Channel] = {}
        self._messages: dict[str, dict[str, Message]] = {}
        """Per channel, its messages by ts, oldest first (a reaction or an update finds its message at once)."""
        self.ephemerals: list[Ephemeral] = []
        self.views: dict[str, View] = {}
        self.home_tabs: dict[str, Json] = {}
        """The Home tab published for each user (views.publish), as Slack stores it."""
        self._stacks: dict[str | None, list[str]] = {}
        self.files: dict[str, UploadedFile] = {}
        self.response_urls: dict[str, ResponseUrl] = {}
        self.response_url_posts: list[ResponseUrlPost] = []
        self._triggers: dict[str, _Trigger] = {}
        self._faults: dict[str, deque[_Fault]] = {}
        self._delays: dict[str, deque[float]] = {}
        self._chaos: _Chaos | None = None
        self._counters: dict[str, int] = {}
        self._last_ts_micro = 0
        self._tickets: dict[str, bool] = {}
        self._sockets: list[_SocketConn] = []
        self._sent_envelopes: dict[str, _SentEnvelope] = {}
        self.socket_acks: dict[str, Json] = {}
        self.socket_messages: list[Json] = []

        self.users[bot_user_id] = User(
            id=bot_user_id, name=bot_name, email="", real_name="Sirene", is_bot=True, bot_id=bot_id
        )
        self._server = ThreadedASGIServer(self._build_app(), name="fake-slack", http=http)

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> Self:
        self._server.start()
        return self

    def stop(self, *, wait: bool = True) -> None:
        """Stop the server (``wait=False``: do not wait for uvicorn's ~0.1 s shutdown)."""
        with self._lock:
            conns = [c for c in self._sockets if c.open]
        for conn in conns:
            self._run_on(conn, conn.ws.close(code=1001), timeout=2.0, ignore_errors=True)
        self._server.stop(wait=wait)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        return self._server.port

    @property
    def base(self) -> str:
        """``http://127.0.0.1:PORT`` (no trailing slash)."""
        return self._server.base_url

    @property
    def api_url(self) -> str:
        """Web API base URL for ``WebClient(base_url=...)``, ending in ``/api/``."""
        return f"{self.base}/api/"


    # ------------------------------------------------------------------ triggers, response URLs

    def new_trigger_id(self, user_id: str | None = None) -> str:
        """Issue a trigger_id, valid once and for 3 s (on ``self.now``)."""
        with self._lock:
            now = self.now()
            tid = f"{int(now * 1000)}.{self._next('trigger'):011d}.{secrets.token_hex(16)}"
            self._triggers[tid] = _Trigger(issued_at=now, user_id=user_id)
            return tid

    def new_response_url(
        self, channel_id: str, user_id: str, message_ts: str | None = None, *, is_ephemeral: bool = False
    ) -> str:
        with self._lock:
            rid = f"{self.team_id}/{self._next('response_url')}/{secrets.token_urlsafe(12)}"
            self.response_urls[rid] = ResponseUrl(
                id=rid,
                channel_id=channel_id,
                user_id=user_id,
                message_ts=message_ts,
                is_ephemeral=is_ephemeral,
            )
            return f"{self.base}/response_url/{rid}"

    def new_event_id(self) -> str:
        with self._lock:
            return f"Ev{self._next('event'):08d}{secrets.token_hex(2).upper()}"

    def next_ts(self) -> str:
        """A fresh, strictly increasing message ts ("1767225600.000001") on ``self.now``."""
        with self._lock:
            micro = int(self.now() * 1_000_000)
            if micro <= self._last_ts_micro:
                micro = self._last_ts_micro + 1
            self._last_ts_micro = micro
            return f"{micro // 1_000_000}.{micro % 1_000_000:06d}"

    # ================================================================== internals

    def _violate(self, message: str) -> None:
        with self._lock:
            self.violations.append(message)

    def _next(self, key: str) -> int:
        self._counters[key] = self._counters.get(key, 0) + 1
        return self._counters[key]

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}0{self._next('id:' + prefix):08d}"

    def _require_user(self, user_id: str) -> User:
        with self._lock:
            user = self.users.get(user_id)
            if user is None:
                raise AssertionError(f"unknown user {user_id!r}: call fake.add_user() first")
            return user


    # ------------------------------------------------------------------ shared checks

    def _visible(self, channel_id: str) -> Channel:
        """A conversation the bot can see: public ones, and private ones it is a member of."""
        ch = self.channels.get(channel_id)
        if ch is None or ((ch.is_private or ch.is_im or ch.is_mpim) and self.bot_user_id not in ch.members):
            raise SlackError("channel_not_found")
        return ch

    def _check_content(self, method: str, args: Json, *, require: bool = True) -> None:
        has = any(args.get(k) for k in ("text", "blocks", "attachments"))
        if require and not has:
            self._violate(f"{method}: needs text, blocks or attachments (Slack answers no_text)")
            raise SlackError("no_text")
        text = args.get("text")
        if isinstance(text, str) and len(text) > MESSAGE_TEXT_MAX:
            raise SlackError("msg_too_long")
        problems: list[str] = []
        if "blocks" in args:
            problems += check_blocks(args["blocks"], "message")
        for i, att in enumerate(args.get("attachments") or []):
            if "blocks" in att:
                problems += [f"attachments[{i}].{p}" for p in check_blocks(att["blocks"], "message")]
        if problems:
            for p in problems:
                self._violate(f"{method}: invalid_blocks: {p}")
            raise SlackError("invalid_blocks", errors=problems, response_metadata={"messages": problems})

    def _with_block_ids(self, blocks: list[Json] | None) -> list[Json] | None:
        """Slack fills in a random block_id for blocks that have none."""
        if blocks is None:
            return None
        out = copy.deepcopy(blocks)
        for b in out:
            if "block_id" not in b:
                b["block_id"] = secrets.token_urlsafe(3)
        return out

    def _bot_profile(self) -> Json:
        icon = "https://a.slack-edge.com/80588/img/plugins/app/bot_{}.png"
        return {
            "id": self.bot_id,
            "deleted": False,
            "name": self.bot_name,
            "updated": 1_700_000_000,
            "app_id": self.app_id,
            "icons": {"image_36": icon.format(36), "image_48": icon.format(48), "image_72": icon.format(72)},
            "team_id": self.team_id,
        }

    def _post_as_bot(
        self,
        ch: Channel,
        *,
        text: str,
        blocks: list[Json] | None,
        attachments: list[Json] | None,
        thread_ts: str | None,
        reply_broadcast: bool = False,
        files: list[Json] | None = None,
    ) -> Message:
        parent_user: str | None = None
        if thread_ts:
            parent = self.message(ch.id, thread_ts)
            parent_user = parent.user if parent else None
        msg = Message(
            channel=ch.id,
            ts=self.next_ts(),
            text=text,
            blocks=self._with_block_ids(blocks),
            attachments=attachments,
            user=self.bot_user_id,
            bot_id=self.bot_id,
            app_id=self.app_id,
            team=self.team_id,
            thread_ts=thread_ts,
            parent_user_id=parent_user,
            reply_broadcast=reply_broadcast,
            files=files,
            bot_profile=self._bot_profile(),
        )
        self._messages.setdefault(ch.id, {})[msg.ts] = msg
        return msg

    def _resolve_dm(self, user_ids: list[str]) -> tuple[Channel, bool]:
        """Find or create the DM / group DM between the bot and ``user_ids``. Returns (channel, existed)."""
        for uid in user_ids:
            if uid not in self.users:
                raise SlackError("user_not_found")
        wanted = set(user_ids) | {self.bot_user_id}
        for ch in self.channels.values():
            if (ch.is_im or ch.is_mpim) and set(ch.members) == wanted:
                return ch, True
        created = int(self.now())
        if len(user_ids) == 1:
            ch = Channel(
                id=self._new_id("D"),
                name=user_ids[0],
                is_private=True,
                is_im=True,
                im_user=user_ids[0],
                members=[self.bot_user_id, user_ids[0]],
                created=created,
                creator=self.bot_user_id,
            )
        else:
            names = [self.users[u].name for u in [self.bot_user_id, *user_ids]]
            ch = Channel(
                id=self._new_id("C"),
                name="mpdm-" + "--".join(names) + "-1",
                is_private=True,
                is_mpim=True,
                members=[self.bot_user_id, *user_ids],
                created=created,
                creator=self.bot_user_id,
            )
        self.channels[ch.id] = ch
        self._messages[ch.id] = {}
        return ch, False

    def message(self, channel_id: str, ts: str) -> Message | None:
        with self._lock:
            return self._messages.get(channel_id, {}).get(ts)

    def _run_on(self, conn: _SocketConn, coro: Any, *, timeout: float, ignore_errors: bool = False) -> None:
        try:
            asyncio.run_coroutine_threadsafe(coro, conn.loop).result(timeout)
        except Exception:
            if not ignore_errors:
                raise

    def _build_app(self) -> Starlette:
        raise NotImplementedError  # the whole fake builds it (tests.fakes.slack.server)
