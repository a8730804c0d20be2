"""Drivers that act as Slack towards the bot: the same user actions over two transports.

* ``http_driver.SlackDriver`` POSTs signed HTTP requests to the bot's ``/slack/events`` endpoint, as Slack does.
* ``socket_driver.SocketDriver`` pushes the same payloads as Socket Mode envelopes through ``FakeSlack``.

Both read and update the fake's state (the stored message a button sits in, the stored modal a
submission comes from, the user's post an event reports) so the bot sees consistent data.
Payload construction lives in ``slash_commands.py``, ``block_state.py``, ``interactions.py`` and ``events.py``;
this module holds the user actions both transports share (``_Driver``) and what each delivery records
(``Delivery``); the transports only add how a payload travels.
"""

from __future__ import annotations

import copy
from abc import ABC
from abc import abstractmethod
from dataclasses import dataclass
from typing import Any
from typing import Generic
from typing import TypeVar

from tests.fakes.slack.block_state import build_action
from tests.fakes.slack.block_state import build_state_values
from tests.fakes.slack.block_state import find_element
from tests.fakes.slack.events import app_mention_event
from tests.fakes.slack.events import build_event_callback
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
from tests.fakes.slack.model import Json
from tests.fakes.slack.server import FakeSlack
from tests.fakes.slack.slash_commands import build_slash_payload

R = TypeVar("R")


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
