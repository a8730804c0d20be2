"""What a user's input becomes in a payload: a surface's ``state.values`` built from test-friendly Python values
(with the checks the Slack client itself makes before it sends a view_submission), the element a user acts on
found by its action_id, and the ``actions[0]`` object of a block_actions payload with its ``action_ts``."""

from __future__ import annotations

import copy
import re
import time
from datetime import date
from datetime import datetime
from datetime import time as dtime
from typing import Any

from tests.fakes.slack.blockkit import all_options
from tests.fakes.slack.blockkit import iter_elements
from tests.fakes.slack.blockkit_facts import STATEFUL_ELEMENTS
from tests.fakes.slack.model import Json


def action_ts() -> str:
    return f"{time.time():.6f}"


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


__all__ = [
    "action_ts",
    "build_action",
    "build_state_values",
    "find_element",
]
