"""Where reports come from outside the chat: the plan's ``sources`` (customers, suppliers, monitoring),
each with its own secret token (read from the environment at start) and its own rate limit.

An incident reported through a source has the source as its reporter: ``reporter_id`` is
``source:<name>`` (:func:`source_reporter`), never a chat user.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated
from typing import Any
from typing import Literal

from dotenv import dotenv_values
from pydantic import BaseModel
from pydantic import BeforeValidator
from pydantic import ConfigDict
from pydantic import Field
from pydantic import field_validator

from bot.domain.severity import Severity
from bot.settings import SettingsInvalid

SOURCE_PREFIX = "source:"
TOKEN_MIN = 16
"""Characters of a source's token at least: the token is the only secret of a report link."""

_RATE = re.compile(r"^\s*(\d{1,6})\s*/\s*(s|sec|second|m|min|minute|h|hour|d|day)\s*$", re.IGNORECASE)
_VARIABLE = re.compile(r"^[A-Z_][A-Z0-9_]{0,99}$")
_PERIODS = {"s": timedelta(seconds=1), "m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1)}


class SourceKind(StrEnum):
    CUSTOMER = "customer"
    SUPPLIER = "supplier"
    MONITORING = "monitoring"
    OTHER = "other"


@dataclass(frozen=True)
class Rate:
    """At most ``count`` requests per ``period`` (a burst of ``count`` is allowed, then it refills evenly)."""

    count: int
    period: timedelta

    @classmethod
    def parse(cls, value: Any) -> Rate:
        if isinstance(value, Rate):
            return value
        found = _RATE.match(str(value))
        if not found or int(found.group(1)) < 1:
            raise ValueError("intake_plan.rate")
        return cls(int(found.group(1)), _PERIODS[found.group(2)[0].lower()])


RateSetting = Annotated[Rate, BeforeValidator(Rate.parse)]
DEFAULT_RATE = Rate(30, timedelta(minutes=1))


class Source(BaseModel):
    """One sender of reports, as declared in the plan."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")
    kind: SourceKind = SourceKind.OTHER
    token_env: str
    """The environment variable that holds the source's token (the token itself never is in the plan)."""
    severity: Severity | None = None
    """The severity to suggest when a report does not suggest one."""
    rate: RateSetting = DEFAULT_RATE
    language: Literal["en", "nl", "fr"] | None = None
    """The report page's language (the visitor can switch); the plan's language when absent."""
    platform: Literal["slack", "mattermost", "sandbox"] | None = None
    """Where its reports are triaged when Sirene runs on more than one platform (the first one otherwise)."""

    @field_validator("token_env")
    @classmethod
    def _variable_name(cls, value: str) -> str:
        if not _VARIABLE.match(value):
            raise ValueError("intake_plan.token_env")
        return value

    @property
    def reporter_id(self) -> str:
        return source_reporter(self.name)


def source_reporter(name: str) -> str:
    return f"{SOURCE_PREFIX}{name}"


def source_name(reporter_id: str | None) -> str | None:
    """The source's name when an incident was reported through a source, else ``None``."""
    if reporter_id and reporter_id.startswith(SOURCE_PREFIX):
        return reporter_id[len(SOURCE_PREFIX):]
    return None


def duplicate_problems(sources: Sequence[Source]) -> list[tuple[str, str]]:
    """``(path, name)`` of every source name or token variable used twice."""
    problems: list[tuple[str, str]] = []
    names: set[str] = set()
    variables: set[str] = set()
    for index, source in enumerate(sources):
        if source.name in names:
            problems.append((f"sources.{index}.name", source.name))
        if source.token_env in variables:
            problems.append((f"sources.{index}.token_env", source.token_env))
        names.add(source.name)
        variables.add(source.token_env)
    return problems


def environment(env_file: Path = Path(".env")) -> dict[str, str]:
    """The process's environment over the ``.env`` file, as the settings read them."""
    found = {k: v for k, v in dotenv_values(env_file).items() if v is not None} if env_file.exists() else {}
    return {**found, **os.environ}


def source_tokens(sources: Sequence[Source], environ: Mapping[str, str]) -> dict[str, Source]:
    """Each source by its token, read from the environment at start; a missing or short token stops the start."""
    tokens: dict[str, Source] = {}
    for source in sources:
        token = environ.get(source.token_env, "").strip()
        if not token:
            raise SettingsInvalid("intake_settings.token_missing", source.token_env)
        if len(token) < TOKEN_MIN:
            raise SettingsInvalid("intake_settings.token_short", source.token_env)
        if token in tokens:
            raise SettingsInvalid("intake_settings.token_shared", source.token_env)
        tokens[token] = source
    return tokens
