"""The incident register (template 4.1: "registering incidents"): every incident, open or closed, filtered by
severity, type, period and state, and the incidents related to one (same type or a shared essential activity
in the last twelve months: the review's "related or similar incidents")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import timedelta
from datetime import tzinfo
from enum import StrEnum

from bot.domain.incident import Incident
from bot.domain.severity import Severity

RELATED_WITHIN = timedelta(days=365)


class State(StrEnum):
    ALL = "all"
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class RegisterFilter:
    severity: Severity | None = None
    incident_type: str | None = None
    since: date | None = None
    until: date | None = None
    state: State = State.ALL

    def matches(self, incident: Incident, zone_date: date) -> bool:
        """``zone_date``: the day ``incident`` was reported, in the plan's time zone."""
        if self.severity is not None and incident.severity is not self.severity:
            return False
        if self.incident_type is not None and incident.incident_type != self.incident_type:
            return False
        if self.since is not None and zone_date < self.since:
            return False
        if self.until is not None and zone_date > self.until:
            return False
        if self.state is State.OPEN and not incident.is_open:
            return False
        return not (self.state is State.CLOSED and incident.is_open)


class FilterError(ValueError):
    """A word of the filter that does not read: its catalog key under ``register.error.`` and the word."""

    def __init__(self, key: str, word: str) -> None:
        super().__init__(f"{key}: {word}")
        self.key = key
        self.word = word


def _day(word: str, text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise FilterError("date", word) from None


def parse_filter(words: list[str]) -> RegisterFilter:
    """``severity=major type=outage since=2026-01-01 until=2026-06-30 open|closed`` (any order, all optional)."""
    values: dict[str, object] = {}
    for word in words:
        name, equals, value = word.partition("=")
        name = name.lower()
        if not equals and name in (State.OPEN.value, State.CLOSED.value, State.ALL.value):
            values["state"] = State(name)
        elif name == "severity" and (severity := Severity.parse(value)) is not None:
            values["severity"] = severity
        elif name == "type" and value:
            values["incident_type"] = value
        elif name in ("since", "until") and value:
            values[name] = _day(word, value)
        else:
            raise FilterError("word", word)
    return RegisterFilter(**values)  # type: ignore[arg-type]


def related(incident: Incident, others: list[Incident]) -> list[Incident]:
    """Incidents of the same type, or affecting one of the same essential activities, reported in the twelve
    months before ``incident`` (not itself), newest first."""
    found = []
    for other in others:
        if other.id == incident.id or other.reported_at > incident.reported_at:
            continue
        if incident.reported_at - other.reported_at > RELATED_WITHIN:
            continue
        same_type = incident.incident_type is not None and other.incident_type == incident.incident_type
        if same_type or set(other.activities) & set(incident.activities):
            found.append(other)
    return sorted(found, key=lambda i: i.reported_at, reverse=True)


def reported_day(incident: Incident, zone: tzinfo) -> date:
    return incident.reported_at.astimezone(zone).date()


@dataclass(frozen=True)
class RegisterRow:
    number: str
    title: str
    reported: str
    closed: str
    severities: str
    """The severity history: ``Minor → Major``."""
    incident_type: str
    activities: str
    owner: str
    review: str
    is_open: bool
    exercise: bool = False
    """A drill (``/incident exercise``): marked in every copy of the register."""
