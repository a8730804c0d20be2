"""Neutral specs (``bot.specs``) as JSON and back, so the sandbox can keep its messages and open forms."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from enum import StrEnum
from typing import Any
from typing import TypeVar

from bot import specs

_TYPES: dict[str, type[Any]] = {
    cls.__name__: cls
    for cls in (specs.Plain, specs.Strong, specs.Mention, specs.ChannelLink, specs.Link, specs.Confirm,
                specs.Button, specs.Section, specs.Fields, specs.Actions, specs.Context, specs.Divider,
                specs.MessageSpec, specs.Choice, specs.TextInput, specs.SelectInput, specs.RadioInput,
                specs.DateTimeInput, specs.Note, specs.FormMove, specs.FormSpec)
}
_ENUMS: dict[str, type[StrEnum]] = {cls.__name__: cls for cls in (specs.ButtonStyle, specs.Tone)}


Decoded = TypeVar("Decoded")


class UnknownSpec(ValueError):
    """Stored JSON that is no spec this version knows."""


def encode(value: Any) -> Any:
    if isinstance(value, StrEnum):
        return {"$enum": type(value).__name__, "value": value.value}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        if name not in _TYPES:
            raise UnknownSpec(name)
        return {"$type": name, **{f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    if isinstance(value, tuple | list):
        return [encode(item) for item in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise UnknownSpec(type(value).__name__)


def decode(data: Any) -> Any:
    if isinstance(data, list):
        return tuple(decode(item) for item in data)
    if isinstance(data, dict):
        if "$enum" in data:
            enum = _ENUMS.get(str(data["$enum"]))
            if enum is None:
                raise UnknownSpec(str(data["$enum"]))
            return enum(data["value"])
        if "$datetime" in data:
            return datetime.fromisoformat(str(data["$datetime"]))
        cls = _TYPES.get(str(data.get("$type")))
        if cls is None:
            raise UnknownSpec(str(data.get("$type")))
        return cls(**{key: decode(value) for key, value in data.items() if key != "$type"})
    return data


def _encode_object(value: object) -> dict[str, Any]:
    encoded = encode(value)
    assert isinstance(encoded, dict)
    return encoded


def _decode_as(data: dict[str, Any], kind: type[Decoded], what: str) -> Decoded:
    value = decode(data)
    if not isinstance(value, kind):
        raise UnknownSpec(f"not a {what}")
    return value


def encode_message(spec: specs.MessageSpec) -> dict[str, Any]:
    return _encode_object(spec)


def decode_message(data: dict[str, Any]) -> specs.MessageSpec:
    return _decode_as(data, specs.MessageSpec, "message")


def encode_form(form: specs.FormSpec) -> dict[str, Any]:
    return _encode_object(form)


def decode_form(data: dict[str, Any]) -> specs.FormSpec:
    return _decode_as(data, specs.FormSpec, "form")
