"""A period of the figures: a year (``2026``), a quarter (``2026-Q4``), a month (``2026-11``) or an ISO week
(``2026-W43``), in the plan's time zone. Its bounds are UTC moments, so a week in which daylight saving time
ends lasts 169 hours and one in which it starts 167."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from zoneinfo import ZoneInfo

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-?[Qq]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_WEEK = re.compile(r"^(\d{4})-?[Ww](\d{1,2})$")
FIRST_YEAR, LAST_YEAR = 2000, 2100


class PeriodKind:
    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"
    WEEK = "week"


@dataclass(frozen=True)
class Period:
    label: str
    """As the user writes it, normalised: ``2026-Q4``."""
    kind: str
    first_day: date
    end_day: date
    """The day after the last one."""
    zone: ZoneInfo

    @property
    def start(self) -> datetime:
        return _midnight(self.first_day, self.zone)

    @property
    def end(self) -> datetime:
        return _midnight(self.end_day, self.zone)

    def contains(self, moment: datetime) -> bool:
        return self.start <= moment < self.end

    def month_start(self, year: int, month: int) -> datetime:
        """The first moment of a month of the period (its first day's midnight in the zone; the period's start
        for a month that began before it)."""
        return max(self.start, _midnight(date(year, month, 1), self.zone))

    def months(self) -> list[tuple[int, int]]:
        """The (year, month) pairs the period touches, in order (the charts' months)."""
        found: list[tuple[int, int]] = []
        day = self.first_day.replace(day=1)
        while day < self.end_day:
            found.append((day.year, day.month))
            day = (day + timedelta(days=32)).replace(day=1)
        return found


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=zone).astimezone(UTC)


def _month_end(year: int, month: int) -> date:
    return date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)


def parse_period(text: str, zone: ZoneInfo) -> Period | None:
    """The period ``text`` names, or ``None`` when it names none (or a year out of 2000–2100)."""
    words = text.strip()
    if match := _YEAR.match(words):
        year = int(match.group(1))
        period = Period(f"{year}", PeriodKind.YEAR, date(year, 1, 1), date(year + 1, 1, 1), zone)
    elif match := _QUARTER.match(words):
        year, quarter = int(match.group(1)), int(match.group(2))
        first = date(year, 3 * quarter - 2, 1)
        period = Period(f"{year}-Q{quarter}", PeriodKind.QUARTER, first, _month_end(year, 3 * quarter), zone)
    elif match := _MONTH.match(words):
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            return None
        period = Period(f"{year}-{month:02d}", PeriodKind.MONTH, date(year, month, 1), _month_end(year, month), zone)
    elif match := _WEEK.match(words):
        year, week = int(match.group(1)), int(match.group(2))
        try:
            first = date.fromisocalendar(year, week, 1)
        except ValueError:
            return None
        period = Period(f"{year}-W{week:02d}", PeriodKind.WEEK, first, first + timedelta(days=7), zone)
    else:
        return None
    return period if FIRST_YEAR <= period.first_day.year <= LAST_YEAR else None


def current_quarter(now: datetime, zone: ZoneInfo) -> Period:
    """The quarter ``now`` falls in (the default of ``/incident stats``)."""
    today = now.astimezone(zone).date()
    found = parse_period(f"{today.year}-Q{(today.month - 1) // 3 + 1}", zone)
    assert found is not None
    return found


def previous_quarter(now: datetime, zone: ZoneInfo) -> Period:
    """The last full quarter before ``now`` (the default of ``sirene report``)."""
    first = current_quarter(now, zone).first_day - timedelta(days=1)
    found = parse_period(f"{first.year}-Q{(first.month - 1) // 3 + 1}", zone)
    assert found is not None
    return found
