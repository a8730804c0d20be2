"""Reading Slack interactions back: view_submission state, field errors, action names.

:func:`parse_view_state` never raises: a value of the wrong type counts as empty, and an
unknown element type or a malformed block is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Mapping
from collections.abc import Sequence
from datetime import UTC
from datetime import datetime
from typing import Any

from bot.specs import DateTimeInput
from bot.specs import FormInput
from bot.specs import FormValues
from bot.specs import Note
from bot.specs import RadioInput
from bot.specs import SelectInput
from bot.specs import TextInput
from handlers.slack.render_text import truncate

Value = str | tuple[str, ...] | datetime | None

ERROR_TEXT = 2000
"""Slack documents no limit for these messages; this is only a sanity cap (the hint's limit)."""

_TEXT = {"plain_text_input", "email_text_input", "url_text_input", "number_input"}
_SINGLE = {"static_select", "external_select", "radio_buttons"}
_MULTI = {"multi_static_select", "multi_external_select", "checkboxes"}
_PICKED = {
    "users_select": "selected_user",
    "conversations_select": "selected_conversation",
    "channels_select": "selected_channel",
}
_PICKED_MANY = {
    "multi_users_select": "selected_users",
    "multi_conversations_select": "selected_conversations",
    "multi_channels_select": "selected_channels",
}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME = re.compile(r"\d{2}:\d{2}")


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _string(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _option_value(option: object) -> str | None:
    return _string(_mapping(option).get("value"))


def _strings(items: object, pick: Callable[[object], str | None] = _string) -> tuple[str, ...]:
    if not isinstance(items, list | tuple):
        return ()
    found = (pick(item) for item in items)
    return tuple(value for value in found if value is not None)


def _moment(seconds: object) -> datetime | None:
    if isinstance(seconds, bool) or not isinstance(seconds, int | float | str):
        return None
    try:
        return datetime.fromtimestamp(int(seconds), tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _matching(value: object, pattern: re.Pattern[str]) -> str | None:
    return value if isinstance(value, str) and pattern.fullmatch(value) else None


def _element_value(element: Mapping[str, Any]) -> tuple[Value] | None:
    """``(value,)`` for a known element type, None for an unknown one."""
    kind = element.get("type")
    if not isinstance(kind, str):
        return None
    if kind in _TEXT:
        return (_string(element.get("value")) or "",)
    if kind in _SINGLE:
        return (_option_value(element.get("selected_option")),)
    if kind in _MULTI:
        return (_strings(element.get("selected_options"), _option_value),)
    if kind in _PICKED:
        return (_string(element.get(_PICKED[kind])),)
    if kind in _PICKED_MANY:
        return (_strings(element.get(_PICKED_MANY[kind])),)
    if kind == "datetimepicker":
        return (_moment(element.get("selected_date_time")),)
    if kind == "datepicker":
        return (_matching(element.get("selected_date"), _DATE),)
    if kind == "timepicker":
        return (_matching(element.get("selected_time"), _TIME),)
    return None


def _conform(raw: Mapping[str, Value], inputs: Sequence[FormInput]) -> dict[str, Value]:
    """Keep the form's own inputs, each with the kind of value it expects; choices must be offered ones."""
    values: dict[str, Value] = {}
    for item in inputs:
        if isinstance(item, Note):
            continue
        value = raw.get(item.name)
        if isinstance(item, TextInput):
            values[item.name] = value if isinstance(value, str) else ""
        elif isinstance(item, DateTimeInput):
            values[item.name] = value if isinstance(value, datetime) else None
        elif isinstance(item, SelectInput | RadioInput):
            offered = {choice.value for choice in item.choices}
            given = value if isinstance(value, tuple) else (value,) if isinstance(value, str) else ()
            chosen = tuple(v for v in given if v in offered)
            if isinstance(item, SelectInput) and item.multiple:
                values[item.name] = chosen
            else:
                values[item.name] = chosen[0] if chosen else None
    return values


def parse_view_state(view: Mapping[str, Any], form_inputs: Sequence[FormInput] | None = None) -> FormValues:
    """The submitted values of a view (``payload["view"]``), keyed by block_id (= input name).

    Text → str ("" when empty), single choice → str or None, multiple choice → tuple of values,
    datetimepicker → aware UTC datetime, datepicker → "YYYY-MM-DD", timepicker → "HH:MM".
    With ``form_inputs``, only those inputs are returned, each present, with the expected kind of
    value, and with choices limited to the offered ones (a forged value is dropped).
    """
    values: dict[str, Value] = {}
    state = _mapping(_mapping(_mapping(view).get("state")).get("values"))
    for block_id, actions in state.items():
        if not isinstance(block_id, str):
            continue
        for element in _mapping(actions).values():
            parsed = _element_value(_mapping(element))
            if parsed is not None:
                values[block_id] = parsed[0]
                break
    if form_inputs is not None:
        values = _conform(values, form_inputs)
    return FormValues(values=values)


def field_errors(errors: Mapping[str, str]) -> dict[str, Any]:
    """The ack body that keeps the modal open and shows each message under its input block."""
    return {
        "response_action": "errors",
        "errors": {str(block_id): truncate(str(message), ERROR_TEXT) for block_id, message in errors.items()},
    }


def action_name(action_id: str) -> str:
    """The core's action name of a button (``sirene.classify:3`` → ``sirene.classify``)."""
    return action_id.partition(":")[0]
