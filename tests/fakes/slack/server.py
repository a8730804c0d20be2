"""FakeSlack: a strict, stateful fake of the Slack Web API and Socket Mode, served over real HTTP.

Start it, point slack_sdk / slack_bolt at ``fake.api_url`` and run the bot against it::

    with FakeSlack() as fake:
        client = WebClient(base_url=fake.api_url, token=fake.bot_token)
        ...
        assert fake.violations == []

The fake checks every call against ``contract.METHODS`` (our table of Slack's contract). Calls
that break it get Slack's error *and* a line in ``fake.violations``; the ``fake_slack`` fixture
fails a test whose violations are not empty at teardown.
"""

from __future__ import annotations

import asyncio
import base64
import copy
import json
import random
import secrets
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from tests.fakes.slack.asgi_thread import ThreadedASGIServer, drop_connection
from tests.fakes.slack.blockkit import check_blocks, check_home_view, check_view
from tests.fakes.slack.contract import (
    ACK_DEADLINE_SECONDS,
    COMMON_ERRORS,
    CONVERSATION_ID,
    INVITE_MAX_USERS,
    MESSAGE_TEXT_MAX,
    METHODS,
    OPEN_MAX_USERS,
    RESPONSE_URL_MAX_USES,
    TOPIC_MAX,
    TRIGGER_TTL_SECONDS,
    UNIVERSAL_ARGS,
    USER_ID,
    VIEW_STACK_MAX,
    channel_name_error,
    check_args,
)
from tests.fakes.slack.model import (
    Call,
    Channel,
    Ephemeral,
    Json,
    Message,
    ResponseUrl,
    ResponseUrlPost,
    UploadedFile,
    User,
    View,
    rich_text_blocks,
)


class SlackError(Exception):
    """A Slack API error the fake answers with (``{"ok": false, "error": code}``)."""

    def __init__(self, code: str, **extra: Any) -> None:
        super().__init__(code)
        self.code = code
        self.extra = extra


def _offset(cursor: str) -> int:
    """Where a page starts: the fake's cursors are ``base64("offset:N")``; an unreadable one is Slack's error."""
    if not cursor:
        return 0
    try:
        decoded = base64.b64decode(cursor.encode(), validate=True).decode()
        if not decoded.startswith("offset:"):
            raise ValueError(decoded)
        return int(decoded.split(":", 1)[1])
    except ValueError:
        raise SlackError("invalid_cursor") from None


def _next_cursor(offset: int, limit: int, total: int) -> str:
    """The cursor of the next page, or ``""`` after the last one (Slack's way to say "no more")."""
    return base64.b64encode(f"offset:{offset + limit}".encode()).decode() if offset + limit < total else ""


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


class FakeSlack:
    """A fake Slack workspace with a real HTTP + WebSocket endpoint (see module docstring)."""

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

    def start(self) -> FakeSlack:
        self._server.start()
        return self

    def stop(self, *, wait: bool = True) -> None:
        """Stop the server (``wait=False``: do not wait for uvicorn's ~0.1 s shutdown)."""
        with self._lock:
            conns = [c for c in self._sockets if c.open]
        for conn in conns:
            self._run_on(conn, conn.ws.close(code=1001), timeout=2.0, ignore_errors=True)
        self._server.stop(wait=wait)

    def __enter__(self) -> FakeSlack:
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

    # ------------------------------------------------------------------ workspace setup

    def add_user(
        self,
        id: str,
        name: str,
        email: str,
        locale: str = "en-US",
        tz: str = "Europe/Brussels",
        *,
        real_name: str = "",
    ) -> User:
        if not USER_ID.match(id):
            raise AssertionError(f"user id {id!r} does not look like a Slack user ID (U…/W…)")
        with self._lock:
            user = User(id=id, name=name, email=email, locale=locale, tz=tz, real_name=real_name)
            self.users[id] = user
            return user

    def add_channel(
        self,
        name: str,
        *,
        is_private: bool = False,
        members: Iterable[str] = (),
        bot_is_member: bool = True,
        topic: str = "",
        is_general: bool = False,
    ) -> Channel:
        """Create a channel directly (as if a human made it), e.g. ``#general``."""
        err = channel_name_error(name)
        if err:
            raise AssertionError(f"bad channel name {name!r}: {err}")
        with self._lock:
            if self.channel_by_name(name) is not None:
                raise AssertionError(f"channel #{name} already exists")
            member_list = list(dict.fromkeys(members))
            for m in member_list:
                self._require_user(m)
            if bot_is_member and self.bot_user_id not in member_list:
                member_list.append(self.bot_user_id)
            creator = next((m for m in member_list if m != self.bot_user_id), self.bot_user_id)
            ch = Channel(
                id=self._new_id("C"),
                name=name,
                is_private=is_private,
                members=member_list,
                topic=topic,
                topic_creator=creator if topic else "",
                topic_last_set=int(self.now()) if topic else 0,
                created=int(self.now()),
                creator=creator,
                is_general=is_general,
            )
            self.channels[ch.id] = ch
            self._messages[ch.id] = {}
            return ch

    def join(self, user_id: str, channel_id: str) -> None:
        """A human joins a channel (no event is sent)."""
        with self._lock:
            self._require_user(user_id)
            ch = self.channel(channel_id)
            if user_id not in ch.members:
                ch.members.append(user_id)

    # ------------------------------------------------------------------ inspection helpers

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def channel(self, channel_id: str) -> Channel:
        with self._lock:
            ch = self.channels.get(channel_id)
            if ch is None:
                known = {c.id: c.name for c in self.channels.values()}
                raise AssertionError(f"no channel {channel_id!r}; channels: {known}")
            return ch

    def channel_by_name(self, name: str) -> Channel | None:
        name = name.lstrip("#")
        with self._lock:
            return next((c for c in self.channels.values() if c.name == name and not c.is_im), None)

    def user(self, user_id: str) -> User:
        return self._require_user(user_id)

    def messages(self, channel_id: str, *, include_replies: bool = True) -> list[Message]:
        """Messages in a channel, oldest first (thread replies included unless told otherwise)."""
        with self._lock:
            msgs = list(self._messages.get(channel_id, {}).values())
        if not include_replies:
            msgs = [m for m in msgs if not m.thread_ts or m.thread_ts == m.ts]
        return msgs

    def thread(self, channel_id: str, thread_ts: str) -> list[Message]:
        """Replies of a thread, oldest first (the parent is not included)."""
        return [m for m in self.messages(channel_id) if m.thread_ts == thread_ts and m.ts != thread_ts]

    def message(self, channel_id: str, ts: str) -> Message | None:
        with self._lock:
            return self._messages.get(channel_id, {}).get(ts)

    def ephemerals_for(self, user_id: str) -> list[Ephemeral]:
        with self._lock:
            return [e for e in self.ephemerals if e.user == user_id and not e.deleted]

    def ephemeral(self, user_id: str, message_ts: str) -> Ephemeral | None:
        with self._lock:
            return next((e for e in self.ephemerals if e.user == user_id and e.message_ts == message_ts), None)

    def last_view(self, user_id: str) -> View | None:
        """The view on top of the user's open modal stack (None when no modal is open)."""
        with self._lock:
            stack = self._stacks.get(user_id) or []
            return self.views[stack[-1]] if stack else None

    def view(self, view_id: str) -> View:
        with self._lock:
            v = self.views.get(view_id)
            if v is None:
                raise AssertionError(f"no view {view_id!r}; views: {sorted(self.views)}")
            return v

    def open_views(self, user_id: str) -> list[View]:
        """The user's modal stack, root first."""
        with self._lock:
            return [self.views[v] for v in self._stacks.get(user_id) or []]

    def bot_is_member(self, channel_id: str) -> bool:
        with self._lock:
            ch = self.channels.get(channel_id)
            return ch is not None and self.bot_user_id in ch.members

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

    # ------------------------------------------------------------------ driver-side mutations
    # (what humans do in the Slack client; the drivers call these before sending the event)

    def store_user_message(self, user_id: str, channel_id: str, text: str, thread_ts: str | None = None) -> Message:
        with self._lock:
            self._require_user(user_id)
            ch = self.channel(channel_id)
            if ch.archived:
                raise AssertionError(f"#{ch.name} is archived; a user cannot post there")
            if ch.is_private and user_id not in ch.members:
                raise AssertionError(f"{user_id} is not a member of private channel #{ch.name}")
            parent_user: str | None = None
            if thread_ts is not None:
                parent = self.message(channel_id, thread_ts)
                if parent is None:
                    raise AssertionError(f"no message {thread_ts} in {channel_id} to reply to")
                parent_user = parent.user
            msg = Message(
                channel=channel_id,
                ts=self.next_ts(),
                text=text,
                blocks=rich_text_blocks(text),
                user=user_id,
                team=self.team_id,
                thread_ts=thread_ts,
                parent_user_id=parent_user,
                client_msg_id=str(uuid.uuid4()),
            )
            self._messages.setdefault(channel_id, {})[msg.ts] = msg
            return msg

    def edit_user_message(self, user_id: str, channel_id: str, ts: str, text: str) -> tuple[Json, Message]:
        """Returns (previous message object, edited message)."""
        with self._lock:
            msg = self.message(channel_id, ts)
            if msg is None:
                raise AssertionError(f"no message {ts} in {channel_id}")
            if msg.user != user_id or msg.is_bot:
                raise AssertionError(f"{user_id} cannot edit message {ts}: not their message")
            previous = msg.to_slack()
            msg.text = text
            msg.blocks = rich_text_blocks(text)
            msg.edited = {"user": user_id, "ts": self.next_ts()}
            return previous, msg

    def delete_user_message(self, user_id: str, channel_id: str, ts: str) -> Json:
        """Returns the deleted message object."""
        with self._lock:
            msg = self.message(channel_id, ts)
            if msg is None:
                raise AssertionError(f"no message {ts} in {channel_id}")
            if msg.user != user_id or msg.is_bot:
                raise AssertionError(f"{user_id} cannot delete message {ts}: not their message")
            del self._messages[channel_id][msg.ts]
            return msg.to_slack()

    def add_reaction(self, user_id: str, channel_id: str, ts: str, name: str) -> Message:
        with self._lock:
            self._require_user(user_id)
            msg = self.message(channel_id, ts)
            if msg is None:
                raise AssertionError(f"no message {ts} in {channel_id}")
            users = msg.reactions.setdefault(name, [])
            if user_id in users:
                raise AssertionError(f"{user_id} already reacted :{name}: to {ts}")
            users.append(user_id)
            return msg

    def close_view(self, view_id: str, *, clear: bool = False) -> View:
        """The user closes a modal (pops it; ``clear`` closes the whole stack)."""
        with self._lock:
            view = self.view(view_id)
            stack = self._stacks.get(view.user_id) or []
            to_close = list(stack)
            if not clear:
                to_close = stack[stack.index(view_id) :] if view_id in stack else [view_id]
            for vid in to_close:
                self.views[vid].is_open = False
                if vid in stack:
                    stack.remove(vid)
            return view

    def apply_view_response(self, view_id: str, response: Json | None) -> View | None:
        """Apply a view_submission answer the way Slack does. Returns the view now on top, if any.

        Records a violation when the answer breaks Slack's rules.
        """
        with self._lock:
            view = self.view(view_id)
            if not response:
                self.close_view(view_id)
                return self.last_view(view.user_id) if view.user_id else None
            action = response.get("response_action")
            if action == "errors":
                errors = response.get("errors")
                input_ids = {b.get("block_id") for b in view.blocks if b.get("type") == "input"}
                if not isinstance(errors, dict) or not errors:
                    self._violate("view_submission: response_action=errors needs a non-empty errors object")
                else:
                    unknown = sorted(set(errors) - input_ids)
                    if unknown:
                        self._violate(
                            f"view_submission: errors name block_ids {unknown} that are not input blocks "
                            f"of view {view_id} (inputs: {sorted(i for i in input_ids if i)})"
                        )
                return view
            if action == "clear":
                self.close_view(view_id, clear=True)
                return None
            if action in ("update", "push"):
                new_view = response.get("view")
                problems = check_view(new_view)
                if problems:
                    for p in problems:
                        self._violate(f"view_submission response_action={action}: {p}")
                    return view
                assert isinstance(new_view, dict)
                if action == "update":
                    self._replace_view_content(view, new_view)
                    return view
                stack = self._stacks.setdefault(view.user_id, [])
                if len(stack) >= VIEW_STACK_MAX:
                    self._violate(f"view_submission response_action=push: stack already holds {len(stack)} views")
                    return view
                return self._open_view(view.user_id, new_view, push=True)
            self._violate(f"view_submission: unknown response_action {action!r} in {response!r}")
            return view

    # ------------------------------------------------------------------ Socket Mode (test side)

    def socket_wait_connected(self, timeout: float = 5.0) -> None:
        with self._cond:
            if not self._cond.wait_for(lambda: any(c.open for c in self._sockets), timeout):
                raise AssertionError(f"no Socket Mode client connected within {timeout} s")

    def socket_send(
        self,
        envelope_type: str,
        payload: Json,
        accepts_response_payload: bool = False,
        *,
        retry_attempt: int = 0,
        retry_reason: str = "",
        timeout: float = 5.0,
    ) -> str:
        """Push an envelope to the connected Socket Mode client. Returns its envelope_id."""
        if envelope_type not in {"events_api", "slash_commands", "interactive"}:
            raise AssertionError(f"unknown envelope type {envelope_type!r}")
        self.socket_wait_connected(timeout)
        with self._lock:
            conn = next(c for c in reversed(self._sockets) if c.open)
            envelope_id = str(uuid.uuid4())
            envelope: Json = {
                "envelope_id": envelope_id,
                "payload": payload,
                "type": envelope_type,
                "accepts_response_payload": accepts_response_payload,
                "retry_attempt": retry_attempt,
                "retry_reason": retry_reason,
            }
            self._sent_envelopes[envelope_id] = _SentEnvelope(envelope, time.monotonic())
        self._run_on(conn, conn.ws.send_text(json.dumps(envelope)), timeout=timeout)
        return envelope_id

    def socket_wait_ack(self, envelope_id: str, timeout: float = ACK_DEADLINE_SECONDS) -> Json:
        """Wait for the client's ack of ``envelope_id``; returns it (``{"envelope_id", "payload"?}``)."""
        with self._cond:
            if not self._cond.wait_for(lambda: envelope_id in self.socket_acks, timeout):
                raise AssertionError(f"no ack for envelope {envelope_id} within {timeout} s")
            return self.socket_acks[envelope_id]

    def socket_disconnect(self, reason: str = "refresh_requested") -> None:
        """Tell connected clients to reconnect (Slack's ``disconnect`` message), then close."""
        with self._lock:
            conns = [c for c in self._sockets if c.open]
        msg = {"type": "disconnect", "reason": reason, "debug_info": {"host": "applink-fake-sirene"}}
        for conn in conns:
            self._run_on(conn, conn.ws.send_text(json.dumps(msg)), timeout=2.0, ignore_errors=True)
            self._run_on(conn, conn.ws.close(code=1000), timeout=2.0, ignore_errors=True)

    def _run_on(self, conn: _SocketConn, coro: Any, *, timeout: float, ignore_errors: bool = False) -> None:
        try:
            asyncio.run_coroutine_threadsafe(coro, conn.loop).result(timeout)
        except Exception:
            if not ignore_errors:
                raise

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

    def _build_app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/api/{method}", self._http_api, methods=["GET", "POST"]),
                Route("/response_url/{rid:path}", self._http_response_url, methods=["POST"]),
                Route("/upload/v1/{file_id}", self._http_upload, methods=["POST"]),
                WebSocketRoute("/socket", self._ws_socket),
            ]
        )

    # ------------------------------------------------------------------ HTTP: Web API

    async def _http_api(self, request: Request) -> Response:
        method = request.path_params["method"]
        body = await request.body()
        content_type = request.headers.get("content-type", "")
        auth = request.headers.get("authorization")
        with self._lock:
            delays = self._delays.get(method)
            delay = delays.popleft() if delays else 0.0
        if delay:
            await asyncio.sleep(delay)
        status, payload, headers, drop = self._handle_api(
            method, request.method, request.url.query, content_type, body, auth
        )
        if drop:
            drop_connection(request.scope)
        return JSONResponse(payload, status_code=status, headers=headers)

    def _parse_args(self, method: str, query: str, content_type: str, body: bytes) -> Json:
        args: Json = dict(parse_qsl(query, keep_blank_values=True))
        if not body:
            return args
        ctype = content_type.split(";")[0].strip().lower()
        if ctype == "application/json":
            try:
                data = json.loads(body)
            except ValueError as exc:
                raise SlackError("invalid_json") from exc
            if not isinstance(data, dict):
                raise SlackError("json_not_object")
            args.update(data)
        elif ctype in ("application/x-www-form-urlencoded", ""):
            args.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        else:
            self._violate(f"{method}: unsupported content type {content_type!r}")
            raise SlackError("invalid_form_data")
        return args

    def _handle_api(
        self, method: str, verb: str, query: str, content_type: str, body: bytes, auth: str | None
    ) -> tuple[int, Json, dict[str, str], bool]:
        with self._lock:
            call = Call(method=method, args={}, at=self.now(), http_verb=verb)
            self.calls.append(call)
            contract = METHODS.get(method)
            if contract is None:
                self._violate(f"unknown method {method!r} (not in our Slack contract table)")
                return self._finish(call, 404, {"ok": False, "error": "unknown_method"})
            try:
                raw = self._parse_args(method, query, content_type, body)
            except SlackError as exc:
                self._violate(f"{method}: unreadable request body ({exc.code})")
                return self._finish(call, 200, {"ok": False, "error": "invalid_arguments"})
            token: str | None = None
            if auth:
                token = auth[len("Bearer ") :].strip() if auth.startswith("Bearer ") else ""
            body_token = raw.pop("token", None)
            token = token or body_token
            universal = {k: raw.pop(k) for k in UNIVERSAL_ARGS if k in raw}
            team = universal.get("team_id")
            if team is not None:
                call.team_id = str(team)
                if team != self.team_id:
                    self._violate(f"{method}: team_id {team!r} is not this workspace ({self.team_id})")
            call.args = raw
            call.token = token
            if not token:
                return self._finish(call, 200, {"ok": False, "error": "not_authed"})
            token_type = {self.bot_token: "bot", self.app_token: "app"}.get(token)
            if token_type is None:
                return self._finish(call, 200, {"ok": False, "error": "invalid_auth"})
            if token_type != contract.token:
                return self._finish(call, 200, {"ok": False, "error": "not_allowed_token_type"})

            queue = self._faults.get(method)
            fault = queue.popleft() if queue else self._chaos_fault(method)
            if fault is not None and fault.kind == "status":
                headers: dict[str, str] = {}
                if fault.status == 429:
                    if fault.retry_after is not None:
                        headers["Retry-After"] = str(fault.retry_after)
                    payload: Json = {"ok": False, "error": "ratelimited"}
                else:
                    payload = {"ok": False, "error": fault.error or "fatal_error"}
                return self._finish(call, fault.status, payload, headers)

            args, problems = check_args(method, raw)
            if problems:
                for p in problems:
                    self._violate(p)
                return self._finish(
                    call,
                    200,
                    {"ok": False, "error": "invalid_arguments", "response_metadata": {"messages": problems}},
                )
            call.args = args
            handler: Callable[[Json], Json] = getattr(self, "_m_" + method.replace(".", "_"))
            try:
                result = handler(args)
            except SlackError as exc:
                if exc.code not in contract.errors and exc.code not in COMMON_ERRORS:
                    raise RuntimeError(
                        f"fake bug: {method} answered {exc.code!r}, which contract.py does not declare"
                    ) from exc
                result = {"ok": False, "error": exc.code, **exc.extra}
            status, payload, headers, _ = self._finish(call, 200, result)
            return status, payload, headers, fault is not None and fault.kind == "drop"

    def _finish(
        self, call: Call, status: int, payload: Json, headers: dict[str, str] | None = None
    ) -> tuple[int, Json, dict[str, str], bool]:
        call.http_status = status
        call.response = payload
        return status, payload, headers or {}, False

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

    # ------------------------------------------------------------------ Web API methods

    def _m_auth_test(self, args: Json) -> Json:
        return {
            "ok": True,
            "url": f"https://{self.team_domain}.slack.com/",
            "team": self.team_name,
            "user": self.bot_name,
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }

    def _m_chat_postMessage(self, args: Json) -> Json:
        ref: str = args["channel"]
        if USER_ID.match(ref):
            ch, _ = self._resolve_dm([ref]) if ref in self.users else (None, False)
            if ch is None:
                raise SlackError("channel_not_found")
        elif CONVERSATION_ID.match(ref):
            found = self.channels.get(ref)
            if found is None:
                raise SlackError("channel_not_found")
            ch = found
        else:
            by_name = self.channel_by_name(ref)
            if by_name is None:
                raise SlackError("channel_not_found")
            ch = by_name
        if ch.archived:
            raise SlackError("is_archived")
        if (ch.is_private or ch.is_im or ch.is_mpim) and self.bot_user_id not in ch.members:
            raise SlackError("not_in_channel")
        self._check_content("chat.postMessage", args)
        msg = self._post_as_bot(
            ch,
            text=args.get("text", ""),
            blocks=args.get("blocks"),
            attachments=args.get("attachments"),
            thread_ts=args.get("thread_ts"),
            reply_broadcast=bool(args.get("reply_broadcast", False)),
        )
        return {"ok": True, "channel": ch.id, "ts": msg.ts, "message": msg.to_slack()}

    def _m_chat_update(self, args: Json) -> Json:
        ch = self._visible(args["channel"])
        msg = self.message(ch.id, args["ts"])
        if msg is None:
            raise SlackError("message_not_found")
        if msg.bot_id != self.bot_id:
            raise SlackError("cant_update_message")
        self._check_content("chat.update", args)
        if "text" in args:
            msg.text = args["text"]
        if "blocks" in args:  # omitted blocks are kept, [] removes them
            msg.blocks = self._with_block_ids(args["blocks"])
        if "attachments" in args:
            msg.attachments = args["attachments"]
        msg.edited = {"user": self.bot_user_id, "ts": self.next_ts()}
        return {"ok": True, "channel": ch.id, "ts": msg.ts, "text": msg.text, "message": msg.to_slack()}

    def _m_chat_postEphemeral(self, args: Json) -> Json:
        ch = self._visible(args["channel"])
        if ch.archived:
            raise SlackError("is_archived")
        if args["user"] not in ch.members:
            raise SlackError("user_not_in_channel")
        self._check_content("chat.postEphemeral", args)
        eph = Ephemeral(
            channel=ch.id,
            user=args["user"],
            message_ts=self.next_ts(),
            text=args.get("text", ""),
            blocks=self._with_block_ids(args.get("blocks")),
            attachments=args.get("attachments"),
            thread_ts=args.get("thread_ts"),
        )
        self.ephemerals.append(eph)
        return {"ok": True, "message_ts": eph.message_ts}

    def _m_chat_getPermalink(self, args: Json) -> Json:
        ch = self._visible(args["channel"])
        msg = self.message(ch.id, args["message_ts"])
        if msg is None:
            raise SlackError("message_not_found")
        link = f"https://{self.team_domain}.slack.com/archives/{ch.id}/p{msg.ts.replace('.', '')}"
        if msg.thread_ts and msg.thread_ts != msg.ts:
            link += f"?thread_ts={msg.thread_ts}&cid={ch.id}"
        return {"ok": True, "channel": ch.id, "permalink": link}

    def _m_chat_delete(self, args: Json) -> Json:
        ch = self._visible(args["channel"])
        msg = self.message(ch.id, args["ts"])
        if msg is None:
            raise SlackError("message_not_found")
        if msg.bot_id != self.bot_id:
            raise SlackError("cant_delete_message")
        del self._messages[ch.id][msg.ts]
        return {"ok": True, "channel": ch.id, "ts": msg.ts}

    def _m_conversations_create(self, args: Json) -> Json:
        name: str = args["name"]
        err = channel_name_error(name)
        if err:
            raise SlackError(err)
        if any(c.name == name for c in self.channels.values() if not c.is_im):
            raise SlackError("name_taken")  # archived channels keep their name
        ch = Channel(
            id=self._new_id("C"),
            name=name,
            is_private=bool(args.get("is_private", False)),
            members=[self.bot_user_id],
            created=int(self.now()),
            creator=self.bot_user_id,
        )
        self.channels[ch.id] = ch
        self._messages[ch.id] = {}
        return {"ok": True, "channel": ch.to_slack(viewer=self.bot_user_id)}

    def _m_conversations_invite(self, args: Json) -> Json:
        ch = self._visible(args["channel"])
        if ch.archived:
            raise SlackError("is_archived")
        if self.bot_user_id not in ch.members:
            raise SlackError("not_in_channel")
        users = [u for u in args["users"].split(",") if u]
        if not users:
            raise SlackError("no_user")
        if len(users) > INVITE_MAX_USERS:
            raise SlackError("too_many_users")
        if self.bot_user_id in users:
            raise SlackError("cant_invite_self")
        unknown = [u for u in users if u not in self.users]
        if unknown:
            raise SlackError(
                "user_not_found",
                errors=[{"user": u, "ok": False, "error": "user_not_found"} for u in unknown],
            )
        already = [u for u in users if u in ch.members]
        if already:
            raise SlackError(
                "already_in_channel",
                errors=[{"user": u, "ok": False, "error": "already_in_channel"} for u in already],
            )
        ch.members.extend(users)
        return {"ok": True, "channel": ch.to_slack(viewer=self.bot_user_id)}

    def _m_conversations_setTopic(self, args: Json) -> Json:
        ch = self._visible(args["channel"])
        if ch.archived:
            raise SlackError("is_archived")
        if self.bot_user_id not in ch.members:
            raise SlackError("not_in_channel")
        topic: str = args["topic"]
        if len(topic) > TOPIC_MAX:
            raise SlackError("too_long")
        ch.topic = topic
        ch.topic_creator = self.bot_user_id
        ch.topic_last_set = int(self.now())
        return {"ok": True, "channel": ch.to_slack(viewer=self.bot_user_id)}

    def _m_conversations_archive(self, args: Json) -> Json:
        ch = self._visible(args["channel"])
        if ch.archived:
            raise SlackError("already_archived")
        ch.archived = True
        return {"ok": True}

    def _m_conversations_history(self, args: Json) -> Json:
        """Top-level messages, newest first, between ``oldest`` and ``latest`` (Slack's order)."""
        ch = self._visible(args["channel"])
        if self.bot_user_id not in ch.members:
            raise SlackError("not_in_channel")
        inclusive = bool(args.get("inclusive"))
        latest = float(args["latest"]) if args.get("latest") else None
        oldest = float(args["oldest"]) if args.get("oldest") else None

        def within(ts: float) -> bool:
            above = oldest is None or (ts >= oldest if inclusive else ts > oldest)
            below = latest is None or (ts <= latest if inclusive else ts < latest)
            return above and below

        found = [m for m in self.messages(ch.id, include_replies=False) if within(float(m.ts))]
        found.sort(key=lambda m: float(m.ts), reverse=True)
        limit = int(args.get("limit") or 100)
        return {"ok": True, "messages": [m.to_slack() for m in found[:limit]], "has_more": len(found) > limit,
                "pin_count": len(ch.pins), "channel_actions_ts": None, "channel_actions_count": 0}

    def _m_conversations_replies(self, args: Json) -> Json:
        """The thread's parent, then its replies, oldest first (Slack's order for replies)."""
        ch = self._visible(args["channel"])
        if self.bot_user_id not in ch.members:
            raise SlackError("not_in_channel")
        parent = self.message(ch.id, args["ts"])
        if parent is None:
            raise SlackError("thread_not_found")
        replies = self.thread(ch.id, args["ts"])
        head = parent.to_slack() | {"thread_ts": parent.ts, "reply_count": len(replies), "subscribed": False}
        if replies:
            head |= {"latest_reply": replies[-1].ts, "reply_users_count": len({m.user for m in replies})}
        found = [head, *(m.to_slack() for m in replies)]
        limit = int(args.get("limit") or 1000)
        return {"ok": True, "messages": found[:limit], "has_more": len(found) > limit}

    def _m_conversations_info(self, args: Json) -> Json:
        ch = self._visible(args["channel"])
        return {
            "ok": True,
            "channel": ch.to_slack(viewer=self.bot_user_id, include_num_members=bool(args.get("include_num_members"))),
        }

    def _m_conversations_open(self, args: Json) -> Json:
        if "channel" in args:
            ch = self._visible(args["channel"])
            existed = True
        else:
            users = [u for u in args["users"].split(",") if u and u != self.bot_user_id]
            if not users:
                raise SlackError("users_list_not_supplied")
            if len(users) > OPEN_MAX_USERS:
                raise SlackError("too_many_users")
            ch, existed = self._resolve_dm(users)
        result: Json = {"ok": True}
        if existed:
            result["no_op"] = True
            result["already_open"] = True
        if args.get("return_im") and ch.is_im:
            result["channel"] = {
                "id": ch.id,
                "created": str(ch.created),
                "is_im": True,
                "is_open": True,
                "user": ch.im_user,
                "last_read": "0000000000.000000",
                "unread_count": 0,
                "unread_count_display": 0,
            }
        else:
            result["channel"] = {"id": ch.id}
        return result

    def _m_conversations_members(self, args: Json) -> Json:
        ch = self._visible(args["channel"])
        limit = args.get("limit", 100)
        if not 1 <= limit <= 1000:
            raise SlackError("invalid_limit")
        offset = _offset(args.get("cursor") or "")
        page = ch.members[offset : offset + limit]
        return {"ok": True, "members": page, "response_metadata": {"next_cursor": _next_cursor(offset, limit,
                                                                                              len(ch.members))}}

    def _m_conversations_join(self, args: Json) -> Json:
        ch = self._visible(args["channel"])
        if ch.is_private or ch.is_im or ch.is_mpim:
            raise SlackError("method_not_supported_for_channel_type")
        if ch.archived:
            raise SlackError("is_archived")
        result: Json = {"ok": True}
        if self.bot_user_id in ch.members:
            result["warning"] = "already_in_channel"
            result["response_metadata"] = {"warnings": ["already_in_channel"]}
        else:
            ch.members.append(self.bot_user_id)
        result["channel"] = ch.to_slack(viewer=self.bot_user_id)
        return result

    def _m_pins_add(self, args: Json) -> Json:
        ch = self._visible(args["channel"])
        ts = args["timestamp"]
        if self.message(ch.id, ts) is None:
            raise SlackError("message_not_found")
        if ts in ch.pins:
            raise SlackError("already_pinned")
        ch.pins.append(ts)
        return {"ok": True}

    def _reaction_target(self, args: Json) -> tuple[Channel, Message, str]:
        ch = self._visible(args["channel"])
        name: str = args["name"]
        if ":" in name.replace("::skin-tone-", "") or any(c.isspace() for c in name):
            raise SlackError("invalid_name")
        msg = self.message(ch.id, args["timestamp"])
        if msg is None:
            raise SlackError("message_not_found")
        return ch, msg, name

    def _m_reactions_add(self, args: Json) -> Json:
        ch, msg, name = self._reaction_target(args)
        if ch.archived:
            raise SlackError("is_archived")
        users = msg.reactions.setdefault(name, [])
        if self.bot_user_id in users:
            raise SlackError("already_reacted")
        users.append(self.bot_user_id)
        return {"ok": True}

    def _m_reactions_remove(self, args: Json) -> Json:
        _, msg, name = self._reaction_target(args)
        users = msg.reactions.get(name) or []
        if self.bot_user_id not in users:
            raise SlackError("no_reaction")
        users.remove(self.bot_user_id)
        if not users:
            del msg.reactions[name]
        return {"ok": True}

    def _exchange_trigger(self, args: Json) -> _Trigger:
        tid = args.get("trigger_id") or args.get("interactivity_pointer")
        trig = self._triggers.get(tid) if tid else None
        if trig is None:
            raise SlackError("invalid_trigger_id")
        if trig.used:
            raise SlackError("exchanged_trigger_id")
        if self.now() - trig.issued_at > TRIGGER_TTL_SECONDS:
            raise SlackError("expired_trigger_id")
        trig.used = True
        return trig

    def _check_view_arg(self, method: str, view: Json) -> None:
        problems = check_view(view)
        if problems:
            for p in problems:
                self._violate(f"{method}: invalid_blocks: {p}")
            raise SlackError("invalid_blocks", errors=problems, response_metadata={"messages": problems})

    def _new_hash(self) -> str:
        return f"{int(self.now())}.{secrets.token_urlsafe(6)}"

    def _view_object(self, view_id: str, view: Json, *, root: str, previous: str | None) -> Json:
        return {
            "id": view_id,
            "team_id": self.team_id,
            "type": "modal",
            "blocks": self._with_block_ids(view.get("blocks") or []),
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "state": {"values": {}},
            "hash": self._new_hash(),
            "title": view.get("title"),
            "clear_on_close": bool(view.get("clear_on_close", False)),
            "notify_on_close": bool(view.get("notify_on_close", False)),
            "close": view.get("close"),
            "submit": view.get("submit"),
            "previous_view_id": previous,
            "root_view_id": root,
            "app_id": self.app_id,
            "external_id": view.get("external_id", ""),
            "app_installed_team_id": self.team_id,
            "bot_id": self.bot_id,
        }

    def _open_view(self, user_id: str | None, view: Json, *, push: bool) -> View:
        stack = self._stacks.setdefault(user_id, [])
        if not push:
            for vid in stack:
                self.views[vid].is_open = False
            stack.clear()
        view_id = self._new_id("V")
        root = stack[0] if stack else view_id
        previous = stack[-1] if stack else None
        stored = View(id=view_id, user_id=user_id, view=self._view_object(view_id, view, root=root, previous=previous))
        self.views[view_id] = stored
        stack.append(view_id)
        return stored

    def _replace_view_content(self, stored: View, view: Json) -> None:
        stored.history.append(stored.view)
        old = stored.view
        stored.view = self._view_object(
            stored.id, view, root=str(old["root_view_id"]), previous=old.get("previous_view_id")
        )

    def _m_views_publish(self, args: Json) -> Json:
        user = args["user_id"]
        if user not in self.users:
            raise SlackError("user_not_found")
        view = args["view"]
        if isinstance(view, str):
            view = json.loads(view)
        problems = check_home_view(view)
        if problems:
            for p in problems:
                self._violate(f"views.publish: invalid_blocks: {p}")
            raise SlackError("invalid_blocks", errors=problems, response_metadata={"messages": problems})
        previous = self.home_tabs.get(user)
        if previous is not None and "hash" in args and args["hash"] != previous["hash"]:
            raise SlackError("hash_conflict")
        view_id = previous["id"] if previous is not None else self._new_id("V")
        stored = {**self._view_object(view_id, view, root=view_id, previous=None), "type": "home", "title": None}
        self.home_tabs[user] = stored
        return {"ok": True, "view": stored}

    def _m_views_open(self, args: Json) -> Json:
        trig = self._exchange_trigger(args)
        self._check_view_arg("views.open", args["view"])
        stored = self._open_view(trig.user_id, args["view"], push=False)
        return {"ok": True, "view": stored.view}

    def _m_views_push(self, args: Json) -> Json:
        trig = self._exchange_trigger(args)
        self._check_view_arg("views.push", args["view"])
        if len(self._stacks.get(trig.user_id) or []) >= VIEW_STACK_MAX:
            raise SlackError("push_limit_reached")
        stored = self._open_view(trig.user_id, args["view"], push=True)
        return {"ok": True, "view": stored.view}

    def _m_views_update(self, args: Json) -> Json:
        stored: View | None
        if "view_id" in args:
            stored = self.views.get(args["view_id"])
        else:
            stored = next((v for v in self.views.values() if v.view.get("external_id") == args["external_id"]), None)
        if stored is None:
            raise SlackError("not_found")
        if "hash" in args and args["hash"] != stored.hash:
            raise SlackError("hash_conflict")
        self._check_view_arg("views.update", args["view"])
        self._replace_view_content(stored, args["view"])
        return {"ok": True, "view": stored.view}

    def _m_users_info(self, args: Json) -> Json:
        user = self.users.get(args["user"])
        if user is None:
            raise SlackError("user_not_found")
        return {
            "ok": True,
            "user": user.to_slack(self.team_id, include_locale=bool(args.get("include_locale"))),
        }

    def _m_users_conversations(self, args: Json) -> Json:
        """The conversations the bot is a member of, of the ``types`` asked (default: public channels), paged."""
        types = set(str(args.get("types") or "public_channel").split(","))
        if not types <= {"public_channel", "private_channel", "mpim", "im"}:
            raise SlackError("invalid_types")
        limit = args.get("limit", 100)
        if not 1 <= limit <= 1000:
            raise SlackError("invalid_limit")
        offset = _offset(args.get("cursor") or "")

        def kind(ch: Channel) -> str:
            if ch.is_im or ch.is_mpim:
                return "im" if ch.is_im else "mpim"
            return "private_channel" if ch.is_private else "public_channel"

        found = [c for c in self.channels.values() if self.bot_user_id in c.members and kind(c) in types
                 and not (args.get("exclude_archived") and c.archived)]
        # Slack leaves num_members and is_member out of this method's conversation objects.
        page = [{k: v for k, v in c.to_slack(viewer=self.bot_user_id).items() if k != "is_member"}
                for c in found[offset : offset + limit]]
        return {"ok": True, "channels": page,
                "response_metadata": {"next_cursor": _next_cursor(offset, limit, len(found))}}

    def _m_users_lookupByEmail(self, args: Json) -> Json:
        email = args["email"].lower()
        user = next((u for u in self.users.values() if u.email.lower() == email and u.email), None)
        if user is None:
            raise SlackError("users_not_found")
        return {"ok": True, "user": user.to_slack(self.team_id)}

    def _m_apps_connections_open(self, args: Json) -> Json:
        ticket = str(uuid.uuid4())
        self._tickets[ticket] = False
        return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket?ticket={ticket}&app_id={self.app_id}"}

    def _m_files_getUploadURLExternal(self, args: Json) -> Json:
        if args["length"] < 1:
            self._violate(f"files.getUploadURLExternal: length must be positive, got {args['length']}")
            raise SlackError("invalid_arguments")
        file_id = self._new_id("F")
        self.files[file_id] = UploadedFile(
            id=file_id, filename=args["filename"], length=args["length"], alt_txt=args.get("alt_txt")
        )
        return {"ok": True, "upload_url": f"{self.base}/upload/v1/{file_id}", "file_id": file_id}

    def _m_files_completeUploadExternal(self, args: Json) -> Json:
        items: list[Json] = args["files"]
        found: list[UploadedFile] = []
        for item in items:
            f = self.files.get(item["id"])
            if f is None or f.content is None:
                raise SlackError("file_not_found")
            found.append(f)
        ch: Channel | None = None
        if "channel_id" in args:
            ch = self._visible(args["channel_id"])
            if ch.archived:
                raise SlackError("is_archived")
            if self.bot_user_id not in ch.members:
                raise SlackError("not_in_channel")
        for item, f in zip(items, found, strict=True):
            f.title = item.get("title") or f.filename
            f.completed = True
            f.channel_id = ch.id if ch else None
            f.initial_comment = args.get("initial_comment")
            f.thread_ts = args.get("thread_ts")
        if ch is not None:
            self._post_as_bot(
                ch,
                text=args.get("initial_comment", ""),
                blocks=None,
                attachments=None,
                thread_ts=args.get("thread_ts"),
                files=[{"id": f.id, "name": f.filename, "title": f.title} for f in found],
            )
        return {"ok": True, "files": [{"id": f.id, "title": f.title} for f in found]}

    # ------------------------------------------------------------------ HTTP: uploads, response_url

    async def _http_upload(self, request: Request) -> Response:
        file_id = request.path_params["file_id"]
        body = await request.body()
        with self._lock:
            f = self.files.get(file_id)
            if f is None:
                return PlainTextResponse("file not found", status_code=404)
            if len(body) != f.length:
                self._violate(
                    f"upload of {file_id}: sent {len(body)} bytes but files.getUploadURLExternal said {f.length}"
                )
            f.content = body
        return PlainTextResponse(f"OK - {len(body)}")

    async def _http_response_url(self, request: Request) -> Response:
        rid = request.path_params["rid"]
        raw = await request.body()
        with self._lock:
            target = self.response_urls.get(rid)
            if target is None:
                return PlainTextResponse("invalid_url", status_code=404)
            try:
                body = json.loads(raw) if raw else {}
            except ValueError:
                body = dict(parse_qsl(raw.decode()))
                if "payload" in body:
                    body = json.loads(body["payload"])
            post = ResponseUrlPost(url_id=rid, body=body, at=self.now())
            self.response_url_posts.append(post)
            target.uses += 1
            if target.uses > RESPONSE_URL_MAX_USES:
                post.status = 404
                return PlainTextResponse("used_url", status_code=404)
            status, text = self._apply_response_url(target, body)
            post.status = status
            return PlainTextResponse(text, status_code=status)

    def _apply_response_url(self, target: ResponseUrl, body: Json) -> tuple[int, str]:
        if not isinstance(body, dict):
            self._violate("response_url: body must be a JSON object")
            return 400, "invalid_payload"
        ch = self.channels.get(target.channel_id)
        if body.get("delete_original"):
            if target.message_ts is None:
                self._violate("response_url: delete_original but the source has no message")
                return 404, "message_not_found"
            if target.is_ephemeral:
                eph = self.ephemeral(target.user_id, target.message_ts)
                if eph:
                    eph.deleted = True
            elif ch is not None:
                msg = self.message(ch.id, target.message_ts)
                if msg is not None:
                    del self._messages[ch.id][msg.ts]
            return 200, "ok"
        try:
            self._check_content("response_url", body)
        except SlackError as exc:
            return 400, exc.code
        unknown = sorted(
            set(body)
            - {
                "text",
                "blocks",
                "attachments",
                "response_type",
                "replace_original",
                "delete_original",
                "thread_ts",
                "mrkdwn",
            }
        )
        if unknown:
            self._violate(f"response_url: unknown fields {unknown}")
        blocks = self._with_block_ids(body.get("blocks"))
        if body.get("replace_original"):
            if target.message_ts is None:
                self._violate("response_url: replace_original but the source has no message to replace")
                return 404, "message_not_found"
            if target.is_ephemeral:
                eph = self.ephemeral(target.user_id, target.message_ts)
                if eph is not None:
                    eph.text = body.get("text", "")
                    eph.blocks = blocks
                    eph.attachments = body.get("attachments")
                return 200, "ok"
            msg = self.message(target.channel_id, target.message_ts)
            if msg is None:
                return 404, "message_not_found"
            msg.text = body.get("text", "")
            msg.blocks = blocks
            msg.attachments = body.get("attachments")
            msg.edited = {"user": self.bot_user_id, "ts": self.next_ts()}
            return 200, "ok"
        if body.get("response_type") == "in_channel":
            if ch is None:
                return 404, "channel_not_found"
            self._post_as_bot(
                ch,
                text=body.get("text", ""),
                blocks=body.get("blocks"),
                attachments=body.get("attachments"),
                thread_ts=body.get("thread_ts"),
            )
            return 200, "ok"
        self.ephemerals.append(
            Ephemeral(
                channel=target.channel_id,
                user=target.user_id,
                message_ts=self.next_ts(),
                text=body.get("text", ""),
                blocks=blocks,
                attachments=body.get("attachments"),
                thread_ts=body.get("thread_ts"),
                source="response_url",
            )
        )
        return 200, "ok"

    # ------------------------------------------------------------------ WebSocket: Socket Mode

    async def _ws_socket(self, ws: WebSocket) -> None:
        ticket = ws.query_params.get("ticket", "")
        with self._lock:
            valid = self._tickets.get(ticket) is False
            if valid:
                self._tickets[ticket] = True
        if not valid:
            self._violate("socket mode: connection with an unknown or reused ticket (call apps.connections.open)")
            await ws.close(code=1008)
            return
        await ws.accept()
        conn = _SocketConn(ws=ws, loop=asyncio.get_running_loop(), ticket=ticket)
        started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f +0000 UTC")
        with self._cond:
            self._sockets.append(conn)
            n = sum(1 for c in self._sockets if c.open)
        hello = {
            "type": "hello",
            "num_connections": n,
            "debug_info": {
                "host": "applink-fake-sirene",
                "started": started,
                "build_number": 1,
                "approximate_connection_time": 18060,
            },
            "connection_info": {"app_id": self.app_id},
        }
        await ws.send_text(json.dumps(hello))
        with self._cond:
            self._cond.notify_all()
        try:
            while True:
                text = await ws.receive_text()
                self._on_socket_message(text)
        except WebSocketDisconnect:
            pass
        finally:
            with self._cond:
                conn.open = False
                self._cond.notify_all()

    def _on_socket_message(self, text: str) -> None:
        try:
            msg = json.loads(text)
        except ValueError:
            self._violate(f"socket mode: client sent non-JSON text {text[:200]!r}")
            return
        with self._cond:
            self.socket_messages.append(msg)
            envelope_id = msg.get("envelope_id") if isinstance(msg, dict) else None
            if not envelope_id:
                self._violate(f"socket mode: client message without envelope_id: {msg!r}")
                return
            sent = self._sent_envelopes.get(envelope_id)
            if sent is None:
                self._violate(f"socket mode: ack for unknown envelope {envelope_id}")
                return
            if envelope_id in self.socket_acks:
                self._violate(f"socket mode: envelope {envelope_id} acked twice")
                return
            elapsed = time.monotonic() - sent.sent_monotonic
            if self.ack_deadline is not None and elapsed > self.ack_deadline:
                self._violate(
                    f"socket mode: ack of {sent.envelope['type']} envelope {envelope_id} "
                    f"took {elapsed:.2f} s "
                    f"(Slack expects < {self.ack_deadline:.0f} s)"
                )
            self.socket_acks[envelope_id] = msg
            self._cond.notify_all()
