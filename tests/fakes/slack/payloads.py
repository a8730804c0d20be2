"""Builders for the payloads Slack sends to an app, shaped like the official samples.

Shapes follow ``/work/shared/platform-contracts/slack/payloads/realistic/*.json`` (checked by
``tests/fakes/test_slack_driver.py``). The builders only *read* the fake's state; the drivers
issue trigger_ids / response_urls and do the transport (HTTP or Socket Mode).
"""

from __future__ import annotations

import copy
import re
import time
from datetime import date
from datetime import datetime
from datetime import time as dtime
from typing import TYPE_CHECKING
from typing import Any

from tests.fakes.slack.blockkit import all_options
from tests.fakes.slack.blockkit import iter_elements
from tests.fakes.slack.blockkit_facts import STATEFUL_ELEMENTS
from tests.fakes.slack.model import Channel
from tests.fakes.slack.model import Json
from tests.fakes.slack.model import Message

if TYPE_CHECKING:
    from tests.fakes.slack.server import FakeSlack


def action_ts() -> str:
    return f"{time.time():.6f}"


def _user_obj(fake: FakeSlack, user_id: str) -> Json:
    user = fake.user(user_id)
    return {"id": user.id, "username": user.name, "name": user.name, "team_id": fake.team_id}


def _team_obj(fake: FakeSlack) -> Json:
    return {"id": fake.team_id, "domain": fake.team_domain}


def slash_channel_name(ch: Channel) -> str:
    """The channel_name Slack puts in slash commands."""
    if ch.is_im:
        return "directmessage"
    if ch.is_mpim:
        return "mpdm"
    return "privategroup" if ch.is_private else ch.name


# ---------------------------------------------------------------------------------------------
# Slash commands
# ---------------------------------------------------------------------------------------------


def build_slash_payload(
    fake: FakeSlack,
    *,
    user_id: str,
    channel_id: str,
    text: str,
    command: str,
    trigger_id: str,
    response_url: str,
) -> dict[str, str]:
    """Form fields of a slash command, in Slack's order (see slash_command.form.json)."""
    user = fake.user(user_id)
    ch = fake.channel(channel_id)
    return {
        "token": fake.verification_token,
        "team_id": fake.team_id,
        "team_domain": fake.team_domain,
        "channel_id": ch.id,
        "channel_name": slash_channel_name(ch),
        "user_id": user.id,
        "user_name": user.name,
        "command": command,
        "text": text,
        "api_app_id": fake.app_id,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id,
    }


# ---------------------------------------------------------------------------------------------
# Block state (state.values) and action objects
# ---------------------------------------------------------------------------------------------

_VALUE_KEY: dict[str, str] = {
    "plain_text_input": "value",
    "email_text_input": "value",
    "url_text_input": "value",
    "number_input": "value",
    "rich_text_input": "rich_text_value",
    "static_select": "selected_option",
    "external_select": "selected_option",
    "radio_buttons": "selected_option",
    "overflow": "selected_option",
    "multi_static_select": "selected_options",
    "multi_external_select": "selected_options",
    "checkboxes": "selected_options",
    "users_select": "selected_user",
    "multi_users_select": "selected_users",
    "conversations_select": "selected_conversation",
    "multi_conversations_select": "selected_conversations",
    "channels_select": "selected_channel",
    "multi_channels_select": "selected_channels",
    "datepicker": "selected_date",
    "timepicker": "selected_time",
    "datetimepicker": "selected_date_time",
}

_INITIAL_KEY: dict[str, str] = {
    "value": "initial_value",
    "rich_text_value": "initial_value",
    "selected_option": "initial_option",
    "selected_options": "initial_options",
    "selected_user": "initial_user",
    "selected_users": "initial_users",
    "selected_conversation": "initial_conversation",
    "selected_conversations": "initial_conversations",
    "selected_channel": "initial_channel",
    "selected_channels": "initial_channels",
    "selected_date": "initial_date",
    "selected_time": "initial_time",
    "selected_date_time": "initial_date_time",
}

_LIST_KEYS = {"selected_options", "selected_users", "selected_conversations", "selected_channels"}


def _find_option(element: Json, value: Any, where: str) -> Json:
    if isinstance(value, dict):
        return copy.deepcopy(value)
    if element.get("type") in {"external_select", "multi_external_select"}:
        return {"text": {"type": "plain_text", "text": str(value), "emoji": True}, "value": str(value)}
    options = all_options(element)
    for opt in options:
        if opt.get("value") == value:
            return copy.deepcopy(opt)
    raise AssertionError(f"{where}: no option with value {value!r}; options: {[o.get('value') for o in options]}")


def _rich_text(text: str) -> Json:
    return {
        "type": "rich_text",
        "elements": [{"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}],
    }


def _convert(element: Json, key: str, value: Any, where: str) -> Any:
    """Turn a test-friendly Python value into the typed value Slack puts in state.values."""
    etype = element.get("type")
    if value is None:
        return [] if key in _LIST_KEYS else None
    if key == "value":
        if etype == "number_input":
            if isinstance(value, bool) or not isinstance(value, int | float | str):
                raise AssertionError(f"{where}: number_input needs a number, got {value!r}")
            return str(value)
        if not isinstance(value, str):
            raise AssertionError(f"{where}: {etype} needs a string, got {value!r}")
        return value
    if key == "rich_text_value":
        return _rich_text(value) if isinstance(value, str) else value
    if key == "selected_option":
        return _find_option(element, value, where)
    if key == "selected_options":
        values = value if isinstance(value, list | tuple | set) else [value]
        return [_find_option(element, v, where) for v in values]
    if key in {"selected_users", "selected_conversations", "selected_channels"}:
        return list(value) if isinstance(value, list | tuple) else [value]
    if key in {"selected_user", "selected_conversation", "selected_channel"}:
        return str(value)
    if key == "selected_date":
        if isinstance(value, datetime):
            value = value.date()
        return value.isoformat() if isinstance(value, date) else str(value)
    if key == "selected_time":
        if isinstance(value, dtime):
            return value.strftime("%H:%M")
        return str(value)
    if key == "selected_date_time":
        if isinstance(value, datetime):
            if value.tzinfo is None:
                raise AssertionError(f"{where}: datetimepicker needs an aware datetime or an epoch int")
            return int(value.timestamp())
        if isinstance(value, bool) or not isinstance(value, int):
            raise AssertionError(f"{where}: datetimepicker needs an epoch int, got {value!r}")
        return value
    raise AssertionError(f"{where}: cannot convert {value!r} for {etype}")  # pragma: no cover


def _initial(element: Json, key: str) -> Any:
    initial = element.get(_INITIAL_KEY[key])
    if initial is None:
        return [] if key in _LIST_KEYS else None
    return copy.deepcopy(initial)


def _client_side_checks(block: Json, element: Json, value: Any, where: str) -> None:
    """What the Slack client itself refuses before sending a view_submission."""
    etype = element.get("type")
    empty = value is None or value == [] or value == ""
    if block.get("type") == "input" and not block.get("optional", False) and empty:
        raise AssertionError(f"{where}: required input left empty; Slack would not let the user submit")
    if empty:
        return
    if etype == "plain_text_input":
        n = len(value)
        if "min_length" in element and n < element["min_length"]:
            raise AssertionError(f"{where}: {n} chars < min_length {element['min_length']}")
        if "max_length" in element and n > element["max_length"]:
            raise AssertionError(f"{where}: {n} chars > max_length {element['max_length']}")
    elif etype == "email_text_input" and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise AssertionError(f"{where}: {value!r} is not an email; Slack would not submit it")
    elif etype == "url_text_input" and not re.match(r"https?://", value):
        raise AssertionError(f"{where}: {value!r} is not a URL; Slack would not submit it")
    elif etype == "number_input":
        try:
            num = float(value)
        except ValueError:
            raise AssertionError(f"{where}: {value!r} is not a number") from None
        if not element.get("is_decimal_allowed") and not re.fullmatch(r"-?\d+", value):
            raise AssertionError(f"{where}: decimals are not allowed")
        if "min_value" in element and num < float(element["min_value"]):
            raise AssertionError(f"{where}: {num} < min_value {element['min_value']}")
        if "max_value" in element and num > float(element["max_value"]):
            raise AssertionError(f"{where}: {num} > max_value {element['max_value']}")
    elif etype in {
        "multi_static_select",
        "multi_users_select",
        "multi_conversations_select",
        "multi_channels_select",
    }:
        limit = element.get("max_selected_items")
        if limit is not None and len(value) > limit:
            raise AssertionError(f"{where}: {len(value)} items > max_selected_items {limit}")


def build_state_values(
    blocks: list[Json], values: dict[str, Any] | None = None, *, enforce_client_checks: bool = False
) -> Json:
    """``state.values`` for a surface: ``{block_id: {action_id: {"type": ..., <typed value>}}}``.

    ``values`` maps an element's action_id (or its block_id) to a Python value: a string for text
    inputs, an option *value* (or list of them) for selects/radios/checkboxes, a user ID, a
    ``date``/``"YYYY-MM-DD"``, ``time``/``"HH:MM"``, an aware ``datetime`` or epoch int. Elements
    not named keep their initial value, or None, as Slack reports them.
    """
    values = dict(values or {})
    used: set[str] = set()
    state: Json = {}
    for block, element in iter_elements(blocks):
        etype = element.get("type")
        if etype not in STATEFUL_ELEMENTS:
            continue
        block_id = str(block.get("block_id"))
        action_id = str(element.get("action_id"))
        key = _VALUE_KEY[etype]
        where = f"block {block_id!r} / action {action_id!r} ({etype})"
        if action_id in values:
            typed = _convert(element, key, values[action_id], where)
            used.add(action_id)
        elif block_id in values:
            typed = _convert(element, key, values[block_id], where)
            used.add(block_id)
        else:
            typed = _initial(element, key)
        if enforce_client_checks:
            _client_side_checks(block, element, typed, where)
        entry: Json = {"type": etype, key: typed}
        if etype == "timepicker" and element.get("timezone"):
            entry["timezone"] = element["timezone"]
        state.setdefault(block_id, {})[action_id] = entry
    unknown = sorted(set(values) - used)
    if unknown:
        known = sorted(
            {str(e.get("action_id")) for _, e in iter_elements(blocks) if e.get("type") in STATEFUL_ELEMENTS}
            | {str(b.get("block_id")) for b, e in iter_elements(blocks) if e.get("type") in STATEFUL_ELEMENTS}
        )
        raise AssertionError(f"no input element for {unknown}; known action_ids/block_ids: {known}")
    return state


def find_element(blocks: list[Json], action_id: str, value: Any = None, *, where: str) -> tuple[Json, Json]:
    """Find (block, element) with ``action_id``; ``value`` picks among buttons sharing one."""
    matches = [(b, e) for b, e in iter_elements(blocks) if e.get("action_id") == action_id]
    if not matches:
        present = [str(e.get("action_id")) for _, e in iter_elements(blocks)]
        raise AssertionError(f"no element with action_id {action_id!r} in {where}; action_ids present: {present}")
    if value is not None:
        by_value = [(b, e) for b, e in matches if e.get("type") != "button" or e.get("value") == value]
        if not by_value:
            raise AssertionError(
                f"no {action_id!r} button with value {value!r} in {where}; "
                f"values: {[e.get('value') for _, e in matches]}"
            )
        matches = by_value
    if len(matches) > 1:
        raise AssertionError(
            f"{len(matches)} elements with action_id {action_id!r} in {where}; pass value= one of "
            f"{[e.get('value') for _, e in matches]}"
        )
    return matches[0]


def build_action(block: Json, element: Json, selection: Any = None) -> Json:
    """The ``actions[0]`` object of a block_actions payload for one element."""
    etype = str(element.get("type"))
    action: Json = {"type": etype, "action_id": element.get("action_id"), "block_id": block.get("block_id")}
    if etype == "button":
        action["text"] = copy.deepcopy(element.get("text"))
        if "value" in element:
            action["value"] = element["value"]
        if "style" in element:
            action["style"] = element["style"]
        if "url" in element:
            action["url"] = element["url"]
    else:
        key = _VALUE_KEY.get(etype)
        if key is None:
            raise AssertionError(f"driver cannot act on a {etype} element")
        where = f"action {element.get('action_id')!r}"
        if selection is None and etype not in {"checkboxes", "multi_static_select"}:
            raise AssertionError(f"{where}: pass the value to select for a {etype}")
        action[key] = _convert(element, key, selection, where)
        if "placeholder" in element:
            action["placeholder"] = copy.deepcopy(element["placeholder"])
    action["action_ts"] = action_ts()
    return action


# ---------------------------------------------------------------------------------------------
# Interactivity payloads
# ---------------------------------------------------------------------------------------------


def build_block_actions(
    fake: FakeSlack,
    *,
    user_id: str,
    channel_id: str,
    message: Json,
    is_ephemeral: bool,
    action: Json,
    state_values: Json,
    trigger_id: str,
    response_url: str,
) -> Json:
    """block_actions for an element in a message (see interactivity.block_actions.button.json)."""
    ch = fake.channel(channel_id)
    payload: Json = {
        "type": "block_actions",
        "user": _user_obj(fake, user_id),
        "api_app_id": fake.app_id,
        "token": fake.verification_token,
        "container": {
            "type": "message",
            "message_ts": message["ts"],
            "channel_id": ch.id,
            "is_ephemeral": is_ephemeral,
        },
        "trigger_id": trigger_id,
        "team": _team_obj(fake),
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": ch.id, "name": slash_channel_name(ch)},
        "state": {"values": state_values},
        "response_url": response_url,
        "actions": [action],
    }
    if message.get("thread_ts"):
        payload["container"]["thread_ts"] = message["thread_ts"]
    if not is_ephemeral:
        payload["message"] = message
    return payload


def build_block_actions_in_view(fake: FakeSlack, *, user_id: str, view: Json, action: Json, trigger_id: str) -> Json:
    """block_actions for an element inside a modal (container type ``view``)."""
    return {
        "type": "block_actions",
        "user": _user_obj(fake, user_id),
        "api_app_id": fake.app_id,
        "token": fake.verification_token,
        "container": {"type": "view", "view_id": view["id"]},
        "trigger_id": trigger_id,
        "team": _team_obj(fake),
        "enterprise": None,
        "is_enterprise_install": False,
        "view": view,
        "actions": [action],
    }


def view_with_state(view: Json, state_values: Json) -> Json:
    out = copy.deepcopy(view)
    out["state"] = {"values": state_values}
    return out


def build_view_submission(fake: FakeSlack, *, user_id: str, view: Json, trigger_id: str) -> Json:
    """view_submission (see interactivity.view_submission.json); ``view`` already carries state."""
    return {
        "type": "view_submission",
        "team": _team_obj(fake),
        "user": _user_obj(fake, user_id),
        "api_app_id": fake.app_id,
        "token": fake.verification_token,
        "trigger_id": trigger_id,
        "view": view,
        "response_urls": [],
        "enterprise": None,
        "is_enterprise_install": False,
    }


def build_view_closed(fake: FakeSlack, *, user_id: str, view: Json, is_cleared: bool) -> Json:
    """view_closed (see interactivity.view_closed.json)."""
    return {
        "type": "view_closed",
        "team": _team_obj(fake),
        "user": _user_obj(fake, user_id),
        "api_app_id": fake.app_id,
        "token": fake.verification_token,
        "view": view,
        "response_urls": [],
        "is_cleared": is_cleared,
        "enterprise": None,
        "is_enterprise_install": False,
    }


def build_message_action(
    fake: FakeSlack,
    *,
    user_id: str,
    channel_id: str,
    message: Json,
    callback_id: str,
    trigger_id: str,
    response_url: str,
) -> Json:
    """message_action (message shortcut; see interactivity.message_action.json)."""
    ch = fake.channel(channel_id)
    user = fake.user(user_id)
    return {
        "type": "message_action",
        "token": fake.verification_token,
        "action_ts": action_ts(),
        "team": _team_obj(fake),
        "user": {"id": user.id, "name": user.name, "team_id": fake.team_id},
        "channel": {"id": ch.id, "name": slash_channel_name(ch)},
        "is_enterprise_install": False,
        "enterprise": None,
        "callback_id": callback_id,
        "trigger_id": trigger_id,
        "message_ts": message["ts"],
        "message": message,
        "response_url": response_url,
    }


# ---------------------------------------------------------------------------------------------
# Events API
# ---------------------------------------------------------------------------------------------


def build_event_callback(fake: FakeSlack, event: Json, *, event_id: str, event_time: int) -> Json:
    """The event_callback wrapper (see events.message.user.json)."""
    channel = event.get("channel") or (event.get("item") or {}).get("channel") or ""
    return {
        "token": fake.verification_token,
        "team_id": fake.team_id,
        "api_app_id": fake.app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": event_time,
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": fake.team_id,
                "user_id": fake.bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": f"4-{event.get('type')}-{fake.team_id}-{channel}",
    }


def _event_ts_time(ts: str) -> int:
    return int(ts.split(".")[0])


def message_event(fake: FakeSlack, msg: Message) -> Json:
    """A ``message`` event for a user's post (see events.message.user.json / thread_reply)."""
    ch = fake.channel(msg.channel)
    event: Json = {"client_msg_id": msg.client_msg_id, "type": "message", "text": msg.text, "user": msg.user}
    event["ts"] = msg.ts
    event["team"] = fake.team_id
    if msg.blocks is not None:
        event["blocks"] = msg.blocks
    if msg.thread_ts:
        event["thread_ts"] = msg.thread_ts
        if msg.parent_user_id:
            event["parent_user_id"] = msg.parent_user_id
    event["channel"] = ch.id
    event["event_ts"] = msg.ts
    event["channel_type"] = ch.channel_type
    return event


def app_mention_event(fake: FakeSlack, msg: Message) -> Json:
    """An ``app_mention`` event (see events.app_mention.json)."""
    event: Json = {
        "client_msg_id": msg.client_msg_id,
        "type": "app_mention",
        "text": msg.text,
        "user": msg.user,
        "ts": msg.ts,
        "team": fake.team_id,
    }
    if msg.blocks is not None:
        event["blocks"] = msg.blocks
    if msg.thread_ts:
        event["thread_ts"] = msg.thread_ts
    event["channel"] = msg.channel
    event["event_ts"] = msg.ts
    return event


def message_changed_event(fake: FakeSlack, previous: Json, msg: Message, event_ts: str) -> Json:
    """``message`` / ``message_changed`` (see events.message.message_changed.json)."""
    ch = fake.channel(msg.channel)
    return {
        "type": "message",
        "subtype": "message_changed",
        "message": msg.to_slack(),
        "previous_message": previous,
        "channel": ch.id,
        "hidden": True,
        "ts": event_ts,
        "event_ts": event_ts,
        "channel_type": ch.channel_type,
    }


def message_deleted_event(fake: FakeSlack, channel_id: str, previous: Json, event_ts: str) -> Json:
    """``message`` / ``message_deleted`` (see events.message.message_deleted.json)."""
    ch = fake.channel(channel_id)
    return {
        "type": "message",
        "subtype": "message_deleted",
        "previous_message": previous,
        "channel": ch.id,
        "hidden": True,
        "deleted_ts": previous["ts"],
        "event_ts": event_ts,
        "ts": event_ts,
        "channel_type": ch.channel_type,
    }


def reaction_added_event(fake: FakeSlack, user_id: str, msg: Message, name: str, event_ts: str) -> Json:
    """``reaction_added`` (see events.reaction_added.json)."""
    event: Json = {
        "type": "reaction_added",
        "user": user_id,
        "item": {"type": "message", "channel": msg.channel, "ts": msg.ts},
        "reaction": name,
        "event_ts": event_ts,
    }
    author = msg.user or ""
    if author:
        event["item_user"] = author
    return event


def build_url_verification(fake: FakeSlack, challenge: str) -> Json:
    return {"token": fake.verification_token, "challenge": challenge, "type": "url_verification"}


def event_time_of(ts: str) -> int:
    return _event_ts_time(ts)


__all__ = [
    "action_ts",
    "app_mention_event",
    "build_action",
    "build_block_actions",
    "build_block_actions_in_view",
    "build_event_callback",
    "build_message_action",
    "build_slash_payload",
    "build_state_values",
    "build_url_verification",
    "build_view_closed",
    "build_view_submission",
    "event_time_of",
    "find_element",
    "message_changed_event",
    "message_deleted_event",
    "message_event",
    "reaction_added_event",
    "slash_channel_name",
    "view_with_state",
]
