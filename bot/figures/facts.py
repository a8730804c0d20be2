"""What the figures need to know of one incident, read from the register in bulk (``FigureSource``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple
from typing import Protocol

from bot.domain.page import PageKind
from bot.domain.page import PageLevel
from bot.domain.severity import Severity

ESCALATING = frozenset({PageKind.RAISE_TO_MAJOR, PageKind.MAJOR_OVERDUE, PageKind.RTO_EXCEEDED,
                        PageKind.PLAN_ACTIVATED})
"""The pages that count as escalations: raise to major, major overdue, RTO exceeded, continuity plan activated."""


@dataclass(frozen=True)
class Escalation:
    kind: PageKind
    level: PageLevel
    """How far the page went: the primary contact, the backup too, or nobody answered (IRP manager told)."""
    acknowledged_by: str | None


@dataclass(frozen=True)
class FollowUpFacts:
    due_at: datetime
    done_at: datetime | None


class IncidentFacts(NamedTuple):
    """A named tuple rather than a dataclass: a report reads 100,000 of them, and a tuple is built fastest."""

    number: str
    severity: Severity | None
    incident_type: str | None
    activities: tuple[str, ...]
    detected_at: datetime
    reported_at: datetime
    classified_at: datetime | None
    closed_at: datetime | None
    sla_due: datetime | None
    exercise: bool = False
    """An exercise (drill, ``/incident exercise``) is left out of every figure."""
    escalations: tuple[Escalation, ...] = ()
    review_opened: bool = False
    review_completed: bool = False
    follow_ups: tuple[FollowUpFacts, ...] = ()


class FigureSource(Protocol):
    def facts(self, start: datetime, end: datetime) -> list[IncidentFacts]:
        """Every incident reported in ``[start, end)``, with its escalations, review and follow-ups."""
        ...
