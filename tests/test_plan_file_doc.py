"""docs/plan-file.md documents every key of the plan model, and no key the model lacks."""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel

from bot.plan import Plan

DOC = Path(__file__).resolve().parents[1] / "docs" / "plan-file.md"
ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|")


def _model_in(annotation: object) -> tuple[type[BaseModel] | None, str]:
    """The model a field holds (directly, as values of a mapping ``*`` or as items of a list ``[]``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, ""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is dict:
        model, suffix = _model_in(args[1])
        return (model, ".*" + suffix) if model else (None, "")
    if origin in (tuple, list):
        model, suffix = _model_in(args[0])
        return (model, "[]" + suffix) if model else (None, "")
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            model, suffix = _model_in(arg)
            if model is not None:
                return model, suffix
    return None, ""


def model_keys(model: type[BaseModel], prefix: str = "") -> Iterator[str]:
    for name, field in model.model_fields.items():
        yield prefix + name
        inner, suffix = _model_in(field.annotation)
        if inner is not None:
            yield from model_keys(inner, f"{prefix}{name}{suffix}.")


def documented_keys() -> list[str]:
    return [match.group(1) for line in DOC.read_text(encoding="utf-8").splitlines() if (match := ROW.match(line))]


def test_every_key_of_the_plan_is_documented_once() -> None:
    documented = documented_keys()
    assert len(documented) == len(set(documented))
    assert sorted(set(model_keys(Plan)) - set(documented)) == []


def test_no_documented_key_is_missing_from_the_plan() -> None:
    assert sorted(set(documented_keys()) - set(model_keys(Plan))) == []


def test_the_walk_sees_nested_keys() -> None:
    keys = set(model_keys(Plan))
    assert {"people.*.email", "external_contacts[].kind", "timers.reminders", "upkeep.at"} <= keys
