"""Reading a submitted sandbox form back into :class:`bot.specs.FormValues`, against the form that was opened.

Only the form's own inputs are kept, each with the kind of value it expects; a choice that was not
offered is dropped and a malformed date reads as empty, so a forged submission changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.specs import DateTimeInput
from bot.specs import FormSpec
from bot.specs import FormValues
from bot.specs import Note
from bot.specs import RadioInput
from bot.specs import SelectInput
from bot.specs import TextInput
from handlers.sandbox.render import LOCAL_INPUT

Value = str | tuple[str, ...] | datetime | None


def _strings(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple):
        return tuple(item for item in value if isinstance(item, str))
    return ()


def local_moment(value: object, zone: ZoneInfo) -> datetime | None:
    """``2026-11-27T10:30`` in the plan's zone → an aware UTC moment; anything else → ``None``."""
    if not isinstance(value, str):
        return None
    try:
        naive = datetime.strptime(value.strip()[:16], LOCAL_INPUT)
    except ValueError:
        return None
    return naive.replace(tzinfo=zone).astimezone(UTC)


def form_values(form: FormSpec, raw: Mapping[str, object], zone: ZoneInfo) -> FormValues:
    values: dict[str, Value] = {}
    for item in form.inputs:
        if isinstance(item, Note):
            continue
        given = raw.get(item.name)
        if isinstance(item, TextInput):
            values[item.name] = given[: item.max_length * 2] if isinstance(given, str) else ""
        elif isinstance(item, DateTimeInput):
            values[item.name] = local_moment(given, zone)
        elif isinstance(item, SelectInput | RadioInput):
            offered = {choice.value for choice in item.choices}
            chosen = tuple(dict.fromkeys(v for v in _strings(given) if v in offered))
            if isinstance(item, SelectInput) and item.multiple:
                values[item.name] = chosen
            else:
                values[item.name] = chosen[0] if chosen else None
    return FormValues(values)
