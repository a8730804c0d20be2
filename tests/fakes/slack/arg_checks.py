"""The arg-level rules of our Web API table applied to one call's arguments: ``check_args`` turns unknown,
missing or badly typed arguments into problems in plain words and gives the values back normalized (JSON
strings parsed, booleans and integers converted); with the formats of Slack's IDs, message timestamps and
email addresses that the rules apply, which the fake's workspace uses as well."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from tests.fakes.slack.contract import METHODS
from tests.fakes.slack.method_contract import ArgKind

CONVERSATION_ID = re.compile(r"^[CGD][A-Z0-9]{2,}$")
USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
VIEW_ID = re.compile(r"^V[A-Z0-9]{2,}$")
FILE_ID = re.compile(r"^F[A-Z0-9]{2,}$")
# A message ts always has six decimals. A ts that went through a float ("1610261659.0014") is a bug:
# Slack answers message_not_found for it.
MESSAGE_TS = re.compile(r"^\d{10}\.\d{6}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class ArgProblem(Exception):
    """One argument breaks our contract."""


def _as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in {"true", "false", "1", "0"}:
        return value.lower() in {"true", "1"}
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise ArgProblem(f"expected a boolean, got {value!r}")


def _as_int(value: Any) -> int:
    if isinstance(value, bool):
        raise ArgProblem(f"expected an integer, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value):
        return int(value)
    raise ArgProblem(f"expected an integer, got {value!r}")


def _as_str(value: Any, *, allow_empty: bool) -> str:
    if not isinstance(value, str):
        raise ArgProblem(f"expected a string, got {type(value).__name__}")
    if not allow_empty and value == "":
        raise ArgProblem("must not be empty")
    return value


def _as_json(value: Any, expected: type) -> Any:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise ArgProblem(f"is not valid JSON ({exc})") from None
    if not isinstance(value, expected):
        raise ArgProblem(f"expected a JSON {'array' if expected is list else 'object'}")
    return value


def _check_kind(kind: ArgKind, value: Any) -> Any:
    """Return the normalized value or raise ArgProblem."""
    if kind == "string":
        return _as_str(value, allow_empty=False)
    if kind == "text":
        return _as_str(value, allow_empty=True)
    if kind == "bool":
        return _as_bool(value)
    if kind == "int":
        return _as_int(value)
    if kind == "conversation":
        s = _as_str(value, allow_empty=False)
        if not CONVERSATION_ID.match(s):
            raise ArgProblem(f"expected a conversation ID (C…/G…/D…), got {s!r}")
        return s
    if kind == "conversation_or_user":
        s = _as_str(value, allow_empty=False)
        if not (CONVERSATION_ID.match(s) or USER_ID.match(s) or re.fullmatch(r"#?[a-z0-9_-]{1,80}", s)):
            raise ArgProblem(f"expected a conversation ID, user ID or channel name, got {s!r}")
        return s
    if kind == "user":
        s = _as_str(value, allow_empty=False)
        if not USER_ID.match(s):
            raise ArgProblem(f"expected a user ID (U…/W…), got {s!r}")
        return s
    if kind == "users_csv":
        s = _as_str(value, allow_empty=False)
        ids = s.split(",")
        bad = [u for u in ids if not USER_ID.match(u)]
        if bad:
            raise ArgProblem(f"expected comma-separated user IDs without spaces, bad items: {bad!r}")
        return s
    if kind == "view_id":
        s = _as_str(value, allow_empty=False)
        if not VIEW_ID.match(s):
            raise ArgProblem(f"expected a view ID (V…), got {s!r}")
        return s
    if kind == "ts":
        s = _as_str(value, allow_empty=False)
        if not MESSAGE_TS.match(s):
            raise ArgProblem(f"expected a message ts like '1610261659.001400', got {s!r}")
        return s
    if kind == "email":
        s = _as_str(value, allow_empty=False)
        if not EMAIL.match(s):
            raise ArgProblem(f"expected an email address, got {s!r}")
        return s
    if kind == "blocks" or kind == "attachments":
        items = _as_json(value, list)
        if not all(isinstance(b, dict) for b in items):
            raise ArgProblem("every item must be a JSON object")
        return items
    if kind == "view":
        return _as_json(value, dict)
    if kind == "upload_files":
        items = _as_json(value, list)
        if not items:
            raise ArgProblem("must list at least one file")
        for item in items:
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                raise ArgProblem('every item must be an object with a string "id"')
            if not FILE_ID.match(item["id"]):
                raise ArgProblem(f"bad file id {item['id']!r}")
            extra = set(item) - {"id", "title"}
            if extra:
                raise ArgProblem(f"unexpected keys {sorted(extra)} (we send only id and title)")
            if "title" in item and not isinstance(item["title"], str):
                raise ArgProblem("title must be a string")
        return items
    raise AssertionError(f"unknown kind {kind}")  # pragma: no cover


def check_args(method: str, args: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Check ``args`` against our table for ``method``.

    Returns (normalized args, problems). Normalized args have JSON strings parsed, booleans and
    integers converted. ``problems`` lists contract violations in plain words.
    """
    contract = METHODS[method]
    problems: list[str] = []
    normalized: dict[str, Any] = {}
    for name in sorted(set(args) - contract.accepted):
        problems.append(f"{method}: unknown argument {name!r} (we accept {sorted(contract.accepted)})")
    for name in sorted(contract.required - set(args)):
        problems.append(f"{method}: missing required argument {name!r}")
    for group in contract.one_of:
        if not group & set(args):
            problems.append(f"{method}: needs one of {sorted(group)}")
    for name, value in args.items():
        kind = contract.kinds.get(name)
        if kind is None:
            normalized[name] = value
            continue
        try:
            normalized[name] = _check_kind(kind, value)
        except ArgProblem as exc:
            problems.append(f"{method}: argument {name!r} {exc}")
    return normalized, problems
