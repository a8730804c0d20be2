"""Drivers that act as Slack towards the bot: the same user actions over two transports.

* ``SlackDriver`` POSTs signed HTTP requests to the bot's ``/slack/events`` endpoint, as Slack does.
* ``SocketDriver`` pushes the same payloads as Socket Mode envelopes through ``FakeSlack``.

Both read and update the fake's state (the stored message a button sits in, the stored modal a
submission comes from, the user's post an event reports) so the bot sees consistent data.
Payload construction lives in ``slash_commands.py``, ``block_state.py``, ``interactions.py`` and ``events.py``;
this module only adds state and transport.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import time
from abc import ABC
from abc import abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any
from typing import Generic
from typing import Literal
from typing import TypeVar
from urllib.parse import urlencode

import httpx

from tests.fakes.slack.block_state import build_action
from tests.fakes.slack.block_state import build_state_values
from tests.fakes.slack.block_state import find_element
from tests.fakes.slack.events import app_mention_event
from tests.fakes.slack.events import build_event_callback
from tests.fakes.slack.events import build_url_verification
from tests.fakes.slack.events import message_changed_event
from tests.fakes.slack.events import message_deleted_event
from tests.fakes.slack.events import message_event
from tests.fakes.slack.events import reaction_added_event
from tests.fakes.slack.interactions import build_block_actions
from tests.fakes.slack.interactions import build_block_actions_in_view
from tests.fakes.slack.interactions import build_message_action
from tests.fakes.slack.interactions import build_view_closed
from tests.fakes.slack.interactions import build_view_submission
from tests.fakes.slack.interactions import view_with_state
from tests.fakes.slack.limits import ACK_DEADLINE_SECONDS
from tests.fakes.slack.model import Json
from tests.fakes.slack.server import FakeSlack
from tests.fakes.slack.slash_commands import build_slash_payload

R = TypeVar("R")
Signing = Literal["valid", "unsigned", "wrong_secret", "stale"]

#: How far in the past a "stale" request is dated (Slack's SDKs reject anything older than 5 min).
STALE_SECONDS = 6 * 60


def slack_signature(signing_secret: str, timestamp: str | int, body: bytes | str) -> str:
    """``v0=hex(HMAC_SHA256(signing_secret, "v0:{timestamp}:{body}"))``, as Slack signs requests."""
    raw = body.encode() if isinstance(body, str) else body
    base = b"v0:" + str(timestamp).encode() + b":" + raw
    return "v0=" + hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass
class Delivery(Generic[R]):
    """One thing the driver sent to the bot, and what came back."""

    kind: str  # "slash" | "interactive" | "event" | "url_verification"
    payload: Json
    result: R


class _Driver(ABC, Generic[R]):
    """User actions, shared by both transports. ``R`` is what the transport returns."""

    def __init__(self, fake: FakeSlack, team_id: str) -> None:
        if team_id != fake.team_id:
            raise AssertionError(f"driver team_id {team_id!r} differs from the fake's {fake.team_id!r}")
        self.fake = fake
        self.team_id = team_id
        self.deliveries: list[Delivery[R]] = []
        #: The last event_callback body sent (for ``redeliver``).
        self.last_event_body: Json | None = None

    # ---- transport hooks
    @abstractmethod
    def _deliver_slash(self, fields: dict[str, str]) -> R: ...

    @abstractmethod
    def _deliver_interactive(self, payload: Json) -> R: ...

    @abstractmethod
    def _deliver_event(self, body: Json) -> R: ...

    @abstractmethod
    def _view_answer(self, result: R) -> tuple[bool, Json | None]:
        """(was the submission accepted, the JSON answer if any)."""

    # ---- helpers
    def _check_user_in(self, user_id: str, channel_id: str) -> None:
        self.fake.user(user_id)
        ch = self.fake.channel(channel_id)
        if (ch.is_private or ch.is_im or ch.is_mpim) and user_id not in ch.members:
            raise AssertionError(f"{user_id} is not a member of {channel_id} and cannot act there")

    def _open_view_of(self, user_id: str, view_id: str) -> Json:
        view = self.fake.view(view_id)
        if not view.is_open:
            raise AssertionError(f"view {view_id} is closed")
        if view.user_id is not None and view.user_id != user_id:
            raise AssertionError(f"view {view_id} belongs to {view.user_id}, not {user_id}")
        return view.view

    def _find_message(self, user_id: str, channel_id: str, message_ts: str) -> tuple[Json, bool, list[Json]]:
        """(message object, is_ephemeral, blocks)."""
        msg = self.fake.message(channel_id, message_ts)
        if msg is not None:
            return msg.to_slack(), False, list(msg.blocks or [])
        eph = self.fake.ephemeral(user_id, message_ts)
        if eph is not None and eph.channel == channel_id and not eph.deleted:
            return eph.to_slack(), True, list(eph.blocks or [])
        raise AssertionError(f"no message {message_ts} in {channel_id} (nor an ephemeral for {user_id})")

    def _event(self, event: Json) -> R:
        body = build_event_callback(
            self.fake, event, event_id=self.fake.new_event_id(), event_time=int(self.fake.now())
        )
        self.last_event_body = body
        result = self._deliver_event(body)
        self.deliveries.append(Delivery("event", body, result))
        return result

    def _interactive(self, payload: Json) -> R:
        result = self._deliver_interactive(payload)
        self.deliveries.append(Delivery("interactive", payload, result))
        return result

    # ---- slash commands
    def slash(self, user_id: str, text: str, channel_id: str, command: str = "/incident") -> R:
        """The user types ``{command} {text}`` in ``channel_id``."""
        self._check_user_in(user_id, channel_id)
        fields = build_slash_payload(
            self.fake,
            user_id=user_id,
            channel_id=channel_id,
            text=text,
            command=command,
            trigger_id=self.fake.new_trigger_id(user_id),
            response_url=self.fake.new_response_url(channel_id, user_id),
        )
        result = self._deliver_slash(fields)
        self.deliveries.append(Delivery("slash", dict(fields), result))
        return result

    # ---- messages: buttons and selects
    def _message_action(
        self,
        user_id: str,
        channel_id: str,
        message_ts: str,
        action_id: str,
        value: Any,
        selection: Any,
        *,
        kind: str,
    ) -> R:
        self._check_user_in(user_id, channel_id)
        message, is_ephemeral, blocks = self._find_message(user_id, channel_id, message_ts)
        where = f"{'ephemeral ' if is_ephemeral else ''}message {message_ts} in {channel_id}"
        block, element = find_element(blocks, action_id, value if kind == "button" else None, where=where)
        if kind == "button" and element.get("type") != "button":
            raise AssertionError(f"{action_id!r} is a {element.get('type')}, not a button: use select()")
        if kind == "select" and element.get("type") == "button":
            raise AssertionError(f"{action_id!r} is a button: use click()")
        action = build_action(block, element, selection)
        overrides = {action_id: selection} if kind == "select" and element.get("type") != "overflow" else {}
        state = build_state_values(blocks, overrides)
        payload = build_block_actions(
            self.fake,
            user_id=user_id,
            channel_id=channel_id,
            message=message,
            is_ephemeral=is_ephemeral,
            action=action,
            state_values=state,
            trigger_id=self.fake.new_trigger_id(user_id),
            response_url=self.fake.new_response_url(channel_id, user_id, message_ts, is_ephemeral=is_ephemeral),
        )
        return self._interactive(payload)

    def click(self, user_id: str, channel_id: str, message_ts: str, action_id: str, value: str | None = None) -> R:
        """Click the button ``action_id`` in a stored message (or the user's ephemeral message).

        ``value`` picks the button when several share the action_id (e.g. one per incident).
        """
        return self._message_action(user_id, channel_id, message_ts, action_id, value, None, kind="button")

    def select(self, user_id: str, channel_id: str, message_ts: str, action_id: str, value: Any) -> R:
        """Pick ``value`` (an option value, user ID, date…) in a select/overflow/picker of a message."""
        return self._message_action(user_id, channel_id, message_ts, action_id, None, value, kind="select")

    # ---- modals
    def _view_action(
        self,
        user_id: str,
        view_id: str,
        action_id: str,
        value: Any,
        selection: Any,
        values: dict[str, Any] | None,
    ) -> R:
        view = self._open_view_of(user_id, view_id)
        blocks = list(view.get("blocks") or [])
        block, element = find_element(blocks, action_id, value, where=f"view {view_id}")
        action = build_action(block, element, selection)
        state_in = dict(values or {})
        if element.get("type") != "button" and element.get("type") != "overflow":
            state_in[action_id] = selection
        state = build_state_values(blocks, state_in)
        payload = build_block_actions_in_view(
            self.fake,
            user_id=user_id,
            view=view_with_state(view, state),
            action=action,
            trigger_id=self.fake.new_trigger_id(user_id),
        )
        return self._interactive(payload)

    def click_in_view(
        self,
        user_id: str,
        view_id: str,
        action_id: str,
        value: str | None = None,
        values: dict[str, Any] | None = None,
    ) -> R:
        """Click a button inside an open modal; ``values`` = what the user typed so far."""
        return self._view_action(user_id, view_id, action_id, value, None, values)

    def select_in_view(
        self, user_id: str, view_id: str, action_id: str, value: Any, values: dict[str, Any] | None = None
    ) -> R:
        """Change a select/picker inside a modal (Slack sends block_actions only for dispatching ones)."""
        return self._view_action(user_id, view_id, action_id, None, value, values)

    def submit_view(self, user_id: str, view_id: str, values: dict[str, Any] | None = None) -> R:
        """Fill in the modal's inputs and press submit.

        ``values`` maps an input's action_id (or block_id) to a value; see
        ``block_state.build_state_values`` for the accepted Python types. Inputs not named keep their
        initial value or None. The bot's answer (``response_action`` update/push/clear/errors, or
        an empty ack which closes the view) is applied to the fake's stored view.
        """
        view = self._open_view_of(user_id, view_id)
        if not view.get("submit"):
            raise AssertionError(f"view {view_id} has no submit button")
        state = build_state_values(list(view.get("blocks") or []), values, enforce_client_checks=True)
        payload = build_view_submission(
            self.fake,
            user_id=user_id,
            view=view_with_state(view, state),
            trigger_id=self.fake.new_trigger_id(user_id),
        )
        result = self._interactive(payload)
        accepted, answer = self._view_answer(result)
        if accepted:
            self.fake.apply_view_response(view_id, answer)
        return result

    def close_view(self, user_id: str, view_id: str, *, clear: bool = False) -> R | None:
        """The user closes the modal. Slack sends ``view_closed`` only when ``notify_on_close`` is set."""
        view = copy.deepcopy(self._open_view_of(user_id, view_id))
        self.fake.close_view(view_id, clear=clear)
        if not view.get("notify_on_close"):
            return None
        payload = build_view_closed(self.fake, user_id=user_id, view=view, is_cleared=clear)
        return self._interactive(payload)

    # ---- shortcuts
    def message_shortcut(self, user_id: str, channel_id: str, message_ts: str, callback_id: str) -> R:
        """The user runs the message shortcut ``callback_id`` on a stored message."""
        self._check_user_in(user_id, channel_id)
        msg = self.fake.message(channel_id, message_ts)
        if msg is None:
            raise AssertionError(f"no message {message_ts} in {channel_id}")
        payload = build_message_action(
            self.fake,
            user_id=user_id,
            channel_id=channel_id,
            message=msg.to_slack(),
            callback_id=callback_id,
            trigger_id=self.fake.new_trigger_id(user_id),
            response_url=self.fake.new_response_url(channel_id, user_id, message_ts),
        )
        return self._interactive(payload)

    # ---- Events API
    def post_message(
        self, user_id: str, channel_id: str, text: str, thread_ts: str | None = None
    ) -> tuple[str, R | None]:
        """The user posts ``text``. Stored in the fake; a ``message`` event goes to the bot when the bot
        is a member of the channel (Slack sends nothing otherwise: then the result is None). A mention
        of the bot also sends an ``app_mention`` event (see ``deliveries``). Returns (ts, result).
        """
        msg = self.fake.store_user_message(user_id, channel_id, text, thread_ts)
        if not self.fake.bot_is_member(channel_id):
            return msg.ts, None
        result = self._event(message_event(self.fake, msg))
        if f"<@{self.fake.bot_user_id}>" in text:
            self._event(app_mention_event(self.fake, msg))
        return msg.ts, result

    def edit_message(self, user_id: str, channel_id: str, ts: str, text: str) -> R | None:
        previous, msg = self.fake.edit_user_message(user_id, channel_id, ts, text)
        if not self.fake.bot_is_member(channel_id):
            return None
        return self._event(message_changed_event(self.fake, previous, msg, self.fake.next_ts()))

    def delete_message(self, user_id: str, channel_id: str, ts: str) -> R | None:
        previous = self.fake.delete_user_message(user_id, channel_id, ts)
        if not self.fake.bot_is_member(channel_id):
            return None
        return self._event(message_deleted_event(self.fake, channel_id, previous, self.fake.next_ts()))

    def react(self, user_id: str, channel_id: str, ts: str, name: str) -> R | None:
        """The user adds reaction ``name`` (no colons) to a message; ``reaction_added`` goes to the bot."""
        msg = self.fake.add_reaction(user_id, channel_id, ts, name)
        if not self.fake.bot_is_member(channel_id):
            return None
        return self._event(reaction_added_event(self.fake, user_id, msg, name, self.fake.next_ts()))


# =============================================================================================
# HTTP transport
# =============================================================================================


class SlackDriver(_Driver[httpx.Response]):
    """Sends requests to the bot's HTTP endpoint exactly as Slack does (signed, form or JSON)."""

    def __init__(
        self,
        bot_url: str,
        signing_secret: str,
        fake: FakeSlack,
        team_id: str = "T0SIRENE",
        *,
        signing: Signing = "valid",
        retry_num: int | None = None,
        retry_reason: str | None = None,
        timeout: float = 10.0,
        deadline: float | None = ACK_DEADLINE_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(fake, team_id)
        self.bot_url = bot_url
        self.signing_secret = signing_secret
        self.signing: Signing = signing
        self.retry_num = retry_num
        self.retry_reason = retry_reason
        self.deadline = deadline
        self.clock = clock
        self._http = httpx.Client(timeout=timeout)
        self.last_event_raw: bytes | None = None

    def with_options(
        self,
        *,
        signing: Signing | None = None,
        retry_num: int | None = None,
        retry_reason: str | None = None,
    ) -> SlackDriver:
        """A copy sharing the fake and HTTP client, sending unsigned / wrongly signed / stale requests
        or retry headers. E.g. ``driver.with_options(signing="stale").slash(...)``."""
        clone = copy.copy(self)
        clone.deliveries = self.deliveries
        if signing is not None:
            clone.signing = signing
        if retry_num is not None:
            clone.retry_num = retry_num
            clone.retry_reason = retry_reason or "http_timeout"
        return clone

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> SlackDriver:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def signed_headers(self, body: bytes, *, signing: Signing | None = None) -> dict[str, str]:
        """The X-Slack-* signature headers for ``body`` (empty when unsigned)."""
        mode = signing or self.signing
        if mode == "unsigned":
            return {}
        ts = int(self.clock())
        if mode == "stale":
            ts -= STALE_SECONDS
        secret = self.signing_secret if mode != "wrong_secret" else self.signing_secret[::-1] + "x"
        return {"X-Slack-Request-Timestamp": str(ts), "X-Slack-Signature": slack_signature(secret, ts, body)}

    def post_raw(
        self,
        body: bytes,
        content_type: str,
        *,
        retry_num: int | None = None,
        retry_reason: str | None = None,
    ) -> httpx.Response:
        """POST raw bytes to the bot with Slack's headers and signature."""
        headers = {"Content-Type": content_type, "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)"}
        headers.update(self.signed_headers(body))
        num = retry_num if retry_num is not None else self.retry_num
        if num is not None:
            headers["X-Slack-Retry-Num"] = str(num)
            headers["X-Slack-Retry-Reason"] = retry_reason or self.retry_reason or "http_timeout"
        started = time.monotonic()
        response = self._http.post(self.bot_url, content=body, headers=headers)
        elapsed = time.monotonic() - started
        if self.deadline is not None and elapsed > self.deadline:
            self.fake.violations.append(
                f"bot took {elapsed:.2f} s to answer a {content_type} request; Slack gives up after "
                f"{self.deadline:.0f} s (and retries events)"
            )
        return response

    def _deliver_slash(self, fields: dict[str, str]) -> httpx.Response:
        return self.post_raw(urlencode(fields).encode(), "application/x-www-form-urlencoded")

    def _deliver_interactive(self, payload: Json) -> httpx.Response:
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return self.post_raw(body, "application/x-www-form-urlencoded")

    def _deliver_event(self, body: Json) -> httpx.Response:
        raw = json.dumps(body).encode()
        self.last_event_raw = raw
        return self.post_raw(raw, "application/json")

    def _view_answer(self, result: httpx.Response) -> tuple[bool, Json | None]:
        if result.status_code != 200:
            return False, None
        if not result.content.strip():
            return True, None
        try:
            answer = result.json()
        except ValueError:
            self.fake.violations.append(f"view_submission answer is not JSON: {result.text[:200]!r}")
            return False, None
        if not isinstance(answer, dict):
            self.fake.violations.append(f"view_submission answer is not a JSON object: {answer!r}")
            return False, None
        return True, answer

    def redeliver(
        self, last_event_body: Json | bytes | None = None, retry_num: int = 1, reason: str = "http_timeout"
    ) -> httpx.Response:
        """Send the same event body again (same event_id) with X-Slack-Retry-Num / -Reason."""
        if last_event_body is None:
            if self.last_event_raw is None:
                raise AssertionError("no event sent yet")
            raw = self.last_event_raw
        elif isinstance(last_event_body, bytes):
            raw = last_event_body
        else:
            raw = json.dumps(last_event_body).encode()
        result = self.post_raw(raw, "application/json", retry_num=retry_num, retry_reason=reason)
        self.deliveries.append(Delivery("event", json.loads(raw), result))
        return result

    def url_verification(self, challenge: str | None = None) -> httpx.Response:
        """Slack's endpoint check; the bot must echo the challenge."""
        payload = build_url_verification(self.fake, challenge or "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P")
        result = self.post_raw(json.dumps(payload).encode(), "application/json")
        self.deliveries.append(Delivery("url_verification", payload, result))
        return result


# =============================================================================================
# Socket Mode transport
# =============================================================================================

#: Interactive payload types whose Socket Mode envelope accepts a response payload.
_ACCEPTS_RESPONSE = {"view_submission", "block_suggestion"}


class SocketDriver(_Driver[Json]):
    """Sends the same payloads as Socket Mode envelopes via ``FakeSlack.socket_send``; returns the ack."""

    def __init__(
        self, fake: FakeSlack, team_id: str = "T0SIRENE", *, ack_timeout: float = ACK_DEADLINE_SECONDS
    ) -> None:
        super().__init__(fake, team_id)
        self.ack_timeout = ack_timeout

    def _send(self, envelope_type: str, payload: Json, accepts: bool, **kw: Any) -> Json:
        envelope_id = self.fake.socket_send(envelope_type, payload, accepts, **kw)
        return self.fake.socket_wait_ack(envelope_id, self.ack_timeout)

    def _deliver_slash(self, fields: dict[str, str]) -> Json:
        return self._send("slash_commands", dict(fields), True)

    def _deliver_interactive(self, payload: Json) -> Json:
        return self._send("interactive", payload, payload.get("type") in _ACCEPTS_RESPONSE)

    def _deliver_event(self, body: Json) -> Json:
        return self._send("events_api", body, False)

    def _view_answer(self, result: Json) -> tuple[bool, Json | None]:
        payload = result.get("payload")
        return True, payload if isinstance(payload, dict) and payload else None

    def redeliver(self, last_event_body: Json | None = None, retry_num: int = 1, reason: str = "timeout") -> Json:
        """Send the same event again in a new envelope with retry_attempt / retry_reason."""
        body = last_event_body or self.last_event_body
        if body is None:
            raise AssertionError("no event sent yet")
        result = self._send("events_api", body, False, retry_attempt=retry_num, retry_reason=reason)
        self.deliveries.append(Delivery("event", body, result))
        return result
