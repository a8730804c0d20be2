"""The incident's clocks (docs/irp.md §4): the SLA of its severity, the RTO of its essential activities,
and the expected resolution time its owner gives. Times are UTC; only their display uses the plan's zone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.domain.incident import Incident
from bot.domain.severity import Severity
from bot.durations import DurationError
from bot.durations import parse_duration
from bot.plan import Plan

_CLOCK_TIME = re.compile(r"^(\d{1,2})[:hH.](\d{2})$")
_DATE_TIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2})[:hH.](\d{2})$")


class ClockName(StrEnum):
    SLA = "sla"
    RTO = "rto"
    ETA = "eta"


@dataclass(frozen=True)
class Deadline:
    clock: ClockName
    started_at: datetime
    due_at: datetime

    def share(self, percent: int) -> datetime:
        """The moment ``percent`` of the time from start to deadline has passed."""
        return self.started_at + (self.due_at - self.started_at) * percent / 100


def stamp(moment: datetime) -> str:
    """A moment as it appears in timer keys and payloads (UTC, to the second)."""
    return moment.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ")


def rto_due(plan: Plan, incident: Incident) -> datetime | None:
    """The RTO deadline: the smallest RTO of the affected essential activities, counted from detection."""
    rtos = [activity.rto for key in incident.activities if (activity := plan.activity(key)) is not None]
    return incident.detected_at + min(rtos) if rtos else None


def rto_activities(plan: Plan, incident: Incident) -> list[str]:
    """The names of the affected activities whose RTO sets the deadline."""
    found = [activity for key in incident.activities if (activity := plan.activity(key)) is not None]
    if not found:
        return []
    smallest = min(activity.rto for activity in found)
    return [activity.name for activity in found if activity.rto == smallest]


def deadlines(plan: Plan, incident: Incident) -> list[Deadline]:
    """The clocks running for a classified incident, SLA first."""
    found: list[Deadline] = []
    if incident.sla_due is not None:
        start = incident.sla_started_at or incident.classified_at or incident.reported_at
        found.append(Deadline(ClockName.SLA, min(start, incident.sla_due), incident.sla_due))
    rto = rto_due(plan, incident)
    if rto is not None and incident.severity is not None:
        found.append(Deadline(ClockName.RTO, min(incident.detected_at, rto), rto))
    if incident.eta is not None:
        start = incident.eta_set_at or incident.eta
        found.append(Deadline(ClockName.ETA, min(start, incident.eta), incident.eta))
    return found


def deadline_of(plan: Plan, incident: Incident, clock: ClockName) -> Deadline | None:
    return next((d for d in deadlines(plan, incident) if d.clock is clock), None)


def sla_clock(plan: Plan, incident: Incident, severity: Severity, now: datetime) -> tuple[datetime, datetime]:
    """Start and deadline of the SLA when ``incident`` gets ``severity`` now.

    A first classification starts the clock. A reclassification restarts it, unless the plan keeps
    counting from the first classification (``timers.sla_on_reclassification: keep``).
    """
    term = plan.policy(severity).resolve_within
    if incident.classified_at is not None and plan.timers.sla_on_reclassification == "keep":
        return incident.classified_at, incident.classified_at + term
    return now, now + term


def status_cadence(plan: Plan, severity: Severity | None) -> timedelta | None:
    return plan.policy(severity).status_updates if severity is not None else None


def local_moment(day: date, hours: int, minutes: int, zone: ZoneInfo) -> datetime:
    """A wall-clock time in ``zone`` as a UTC moment. A time that does not exist (the hour skipped when
    daylight saving time starts) is read with the offset before the change, i.e. one hour later."""
    local = datetime.combine(day, time(hours, minutes), tzinfo=zone)
    return local.astimezone(ZoneInfo("UTC"))


def parse_eta(text: str, now: datetime, zone: ZoneInfo) -> datetime | None:
    """Read an expected resolution time: a duration from now (``2h``, ``1h30m``), a time of day in the
    plan's zone (``17:30``: today, or tomorrow when that time has passed) or a date and time
    (``2026-11-28 17:30``). ``None`` when the text reads as none of these."""
    words = text.strip()
    if not words:
        return None
    try:
        return now + parse_duration(words)
    except DurationError:
        pass
    if match := _CLOCK_TIME.match(words):
        hours, minutes = int(match.group(1)), int(match.group(2))
        if hours > 23 or minutes > 59:
            return None
        today = now.astimezone(zone).date()
        moment = local_moment(today, hours, minutes, zone)
        return moment if moment > now else local_moment(today + timedelta(days=1), hours, minutes, zone)
    if match := _DATE_TIME.match(words):
        year, month, day, hours, minutes = (int(part) for part in match.groups())
        if hours > 23 or minutes > 59:
            return None
        try:
            return local_moment(date(year, month, day), hours, minutes, zone)
        except ValueError:
            return None
    return None
