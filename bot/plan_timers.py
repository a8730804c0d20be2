"""The plan's settings for time: reminders, acknowledgement wait, SLA restart, status cadence, reviews.

They live in the plan file (``timers:``, ``reviews:``, ``severities.<level>.status_updates``); values
that do not read right are reported by ``sirene plan check`` with their path, like every plan setting.
"""

from __future__ import annotations

import re
from datetime import date
from datetime import timedelta
from typing import Annotated
from typing import Any
from typing import Literal

from pydantic import BaseModel
from pydantic import BeforeValidator
from pydantic import ConfigDict
from pydantic import field_validator

from bot.durations import DurationError
from bot.durations import parse_duration

_PERCENT = re.compile(r"^\s*(\d{1,3})\s*%?\s*$")
_MONTH_DAY = re.compile(r"^\s*(\d{1,2})-(\d{1,2})\s*$")
_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")
OFF = {"off", "false", "no", "never", "none"}


def _percent(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("percent")
    match = _PERCENT.match(str(value))
    if match is None or not 1 <= int(match.group(1)) <= 100:
        raise ValueError("percent")
    return int(match.group(1))


def _month_day(value: Any) -> str:
    match = _MONTH_DAY.match(str(value))
    if match is None:
        raise ValueError("month_day")
    month, day = int(match.group(1)), int(match.group(2))
    try:
        date(2027, month, day)  # a year without 29 February: the date must exist every year
    except ValueError:
        raise ValueError("month_day") from None
    return f"{month:02d}-{day:02d}"


def _clock_time(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML 1.1 reads an unquoted 09:00 as a number of minutes (sexagesimal): read it back.
        value = f"{value // 60}:{value % 60:02d}"
    match = _CLOCK.match(str(value))
    if match is None or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValueError("clock_time")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def _duration(value: Any) -> timedelta:
    if isinstance(value, timedelta):
        return value
    try:
        return parse_duration(str(value))
    except DurationError as exc:
        raise ValueError("duration") from exc


def _duration_or_off(value: Any) -> timedelta | None:
    if value is None or value is False or (isinstance(value, str) and value.strip().lower() in OFF):
        return None
    return _duration(value)


Percent = Annotated[int, BeforeValidator(_percent)]
MonthDay = Annotated[str, BeforeValidator(_month_day)]
ClockTime = Annotated[str, BeforeValidator(_clock_time)]
Duration = Annotated[timedelta, BeforeValidator(_duration)]
DurationOrOff = Annotated[timedelta | None, BeforeValidator(_duration_or_off)]


class Strict(BaseModel):
    """Every section of the plan: unknown keys are errors, values never change once read."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class TimerSettings(Strict):
    reminders: tuple[Percent, ...] = (50, 80, 100)
    """When to remind the channel and the owner, as shares of each deadline (SLA, RTO, expected resolution)."""
    acknowledge_within: DurationOrOff = timedelta(minutes=10)
    """How long an escalation ping waits for an acknowledgement before the backup contact is paged."""
    sla_on_reclassification: Literal["restart", "keep"] = "restart"
    """``restart``: a new severity's SLA counts from the change; ``keep``: from the first classification."""

    @field_validator("reminders")
    @classmethod
    def _ordered(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        return tuple(sorted(set(value)))


DEFAULT_REVIEW_DAY = "01-15"
"""The yearly review's day when the plan does not say (and names a reviewer: ``owner``)."""


class UpkeepSettings(Strict):
    yearly_on: MonthDay | None = DEFAULT_REVIEW_DAY
    """Month and day (``MM-DD``) on which the plan's reviewer is reminded, every year: on by default (the
    template asks a review at least once a year) when the plan names a reviewer; ``null`` for none."""
    at: ClockTime = "09:00"
    """The time of day of that reminder, in the plan's time zone."""
    owner: str | None = None
    """Who reviews the plan (a person of ``people``); by default the plan's ``owner``."""
    after_incident: DurationOrOff = timedelta(hours=1)
    """How long after a closed incident the IRP manager is asked whether the plan, the Risk Assessment or
    supplier contracts need revising; ``off`` to never ask."""

    def time_of_day(self) -> tuple[int, int]:
        hours, minutes = self.at.split(":")
        return int(hours), int(minutes)

    def month_day(self) -> tuple[int, int] | None:
        if self.yearly_on is None:
            return None
        month, day = self.yearly_on.split("-")
        return int(month), int(day)
