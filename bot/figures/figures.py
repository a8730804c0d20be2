"""The figures of a period, computed from :class:`IncidentFacts` (definitions in the README, *Figures for
managers*):

* an incident belongs to the period in which it was **reported**; exercises are left out;
* **time to acknowledge**: report → classification (incidents classified);
* **time to resolve**: detection → deactivation (incidents closed);
* **SLA kept**: closed by the SLA deadline of its severity. Decided when the incident is closed, or still open
  past its deadline (then missed); an open incident within its deadline is not counted yet;
* **RTO kept**: the same against the smallest RTO of its affected essential activities, counted from detection
  (incidents without an essential activity have no RTO);
* **escalations**: pages that escalate (raise to major, major overdue, RTO exceeded, continuity plan
  activated), who acknowledged them, and how many reached nobody;
* **reviews**: opened and completed for the period's incidents; **follow-ups**: open, and overdue at ``now``.

Durations are real elapsed time (UTC): an hour that daylight saving time adds or removes counts as it passed.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from datetime import timedelta
from statistics import median
from typing import NamedTuple

from bot.domain.page import PageLevel
from bot.domain.severity import Severity
from bot.figures.facts import IncidentFacts
from bot.figures.period import Period
from bot.plan import Plan

UNCLASSIFIED = "unclassified"
UNKNOWN_TYPE = "unknown"


@dataclass(frozen=True)
class Line:
    """One row of the figures: for all incidents, or for one severity, type or activity."""

    incidents: int = 0
    acknowledged: int = 0
    acknowledge_median: timedelta | None = None
    acknowledge_mean: timedelta | None = None
    resolved: int = 0
    resolve_median: timedelta | None = None
    resolve_mean: timedelta | None = None
    sla_kept: int = 0
    sla_decided: int = 0
    rto_kept: int = 0
    rto_decided: int = 0

    @property
    def sla_percent(self) -> float | None:
        return 100.0 * self.sla_kept / self.sla_decided if self.sla_decided else None

    @property
    def rto_percent(self) -> float | None:
        return 100.0 * self.rto_kept / self.rto_decided if self.rto_decided else None


@dataclass(frozen=True)
class Escalations:
    total: int = 0
    answered_by: dict[str, int] = field(default_factory=dict)
    """Who acknowledged (user id → pages), most first."""
    reached_backup: int = 0
    """Pages the primary contact did not acknowledge in time (the backup was paged too)."""
    unanswered: int = 0
    """Pages nobody acknowledged (the IRP manager and the channel were told)."""


@dataclass(frozen=True)
class Resolution:
    """One closed incident for the chart *resolution time against the SLA*."""

    severity: str
    hours: float
    sla_hours: float | None


@dataclass(frozen=True)
class Figures:
    period: Period
    now: datetime
    total: Line
    by_severity: dict[str, Line]
    """Every severity, weakest first, then ``unclassified`` when there are any."""
    by_type: dict[str, Line]
    by_activity: dict[str, Line]
    """Affected activity id → line (an incident counts for each activity it affects), most incidents first."""
    per_month: list[tuple[tuple[int, int], dict[str, int]]]
    """(year, month) → incidents per severity, for every month of the period."""
    escalations: Escalations
    reviews_opened: int
    reviews_completed: int
    follow_ups: int
    follow_ups_open: int
    follow_ups_overdue: int
    resolutions: list[Resolution]
    exercises_left_out: int


def _kept(due: datetime | None, closed_at: datetime | None, now: datetime) -> bool | None:
    """Kept (``True``), missed (``False``) or not decided yet (``None``)."""
    if due is None:
        return None
    if closed_at is not None:
        return closed_at <= due
    return False if now > due else None


def _mean(values: Sequence[float]) -> timedelta | None:
    return timedelta(seconds=sum(values) / len(values)) if values else None


def _median(values: Sequence[float]) -> timedelta | None:
    return timedelta(seconds=median(values)) if values else None


class _Counted(NamedTuple):
    """One incident's contribution, worked out once whatever the number of lines it counts in."""

    acknowledge: float | None
    resolve: float | None
    sla: bool | None
    rto: bool | None


def _counted(rtos: dict[str, timedelta], facts: IncidentFacts, now: datetime) -> _Counted:
    acknowledge = (facts.classified_at - facts.reported_at).total_seconds() if facts.classified_at else None
    resolve = (facts.closed_at - facts.detected_at).total_seconds() if facts.closed_at else None
    if facts.severity is None:
        return _Counted(acknowledge, resolve, None, None)
    terms = [rtos[key] for key in facts.activities if key in rtos]
    rto = facts.detected_at + min(terms) if terms else None
    return _Counted(acknowledge, resolve, _kept(facts.sla_due, facts.closed_at, now),
                    _kept(rto, facts.closed_at, now))


def _line(counted: Sequence[_Counted]) -> Line:
    acknowledge = [c.acknowledge for c in counted if c.acknowledge is not None]
    resolve = [c.resolve for c in counted if c.resolve is not None]
    sla = [c.sla for c in counted if c.sla is not None]
    rto = [c.rto for c in counted if c.rto is not None]
    return Line(len(counted), len(acknowledge), _median(acknowledge), _mean(acknowledge), len(resolve),
                _median(resolve), _mean(resolve), sum(sla), len(sla), sum(rto), len(rto))


def _severity_key(facts: IncidentFacts) -> str:
    return facts.severity.value if facts.severity is not None else UNCLASSIFIED


def _escalations(incidents: Sequence[IncidentFacts]) -> Escalations:
    answered = Counter[str]()
    total = backup = nobody = 0
    for facts in incidents:
        for page in facts.escalations:
            total += 1
            if page.acknowledged_by:
                answered[page.acknowledged_by] += 1
            if page.level >= PageLevel.BACKUP:
                backup += 1
            if page.level is PageLevel.NOBODY and not page.acknowledged_by:
                nobody += 1
    return Escalations(total, dict(answered.most_common()), backup, nobody)


def compute(plan: Plan, all_facts: Sequence[IncidentFacts], period: Period, now: datetime) -> Figures:
    """The figures of ``period`` from the facts of the incidents reported in it (others are ignored)."""
    start, end = period.start, period.end
    inside = [f for f in all_facts if start <= f.reported_at < end]
    incidents = [f for f in inside if not f.exercise]
    rtos = {activity.id: activity.rto for activity in plan.activities}
    groups: dict[str, dict[str, list[_Counted]]] = {"severity": {}, "type": {}, "activity": {}}
    months = {month: Counter[str]() for month in period.months()}
    month_keys = list(months)
    month_starts = [period.month_start(year, month) for year, month in month_keys]
    everything: list[_Counted] = []
    resolutions: list[Resolution] = []
    terms = {severity: plan.policy(severity).resolve_within.total_seconds() / 3600 for severity in plan.severities}
    for facts in incidents:
        counted = _counted(rtos, facts, now)
        everything.append(counted)
        severity = _severity_key(facts)
        groups["severity"].setdefault(severity, []).append(counted)
        groups["type"].setdefault(facts.incident_type or UNKNOWN_TYPE, []).append(counted)
        for activity in dict.fromkeys(facts.activities):
            groups["activity"].setdefault(activity, []).append(counted)
        months[month_keys[max(0, bisect_right(month_starts, facts.reported_at) - 1)]][severity] += 1
        if counted.resolve is not None:
            resolutions.append(Resolution(severity, counted.resolve / 3600,
                                          terms.get(facts.severity) if facts.severity is not None else None))
    severities = [s.value for s in Severity] + ([UNCLASSIFIED] if UNCLASSIFIED in groups["severity"] else [])
    by_severity = {s: _line(groups["severity"].get(s, [])) for s in severities}
    by_type = {key: _line(found) for key, found in
               sorted(groups["type"].items(), key=lambda item: (-len(item[1]), item[0]))}
    by_activity = {key: _line(found) for key, found in
                   sorted(groups["activity"].items(), key=lambda item: (-len(item[1]), item[0]))}
    follow_ups = [f for facts in incidents for f in facts.follow_ups]
    return Figures(
        period=period, now=now, total=_line(everything), by_severity=by_severity, by_type=by_type,
        by_activity=by_activity, per_month=[(month, dict(counts)) for month, counts in months.items()],
        escalations=_escalations(incidents),
        reviews_opened=sum(1 for f in incidents if f.review_opened),
        reviews_completed=sum(1 for f in incidents if f.review_completed),
        follow_ups=len(follow_ups),
        follow_ups_open=sum(1 for f in follow_ups if f.done_at is None),
        follow_ups_overdue=sum(1 for f in follow_ups if f.done_at is None and f.due_at < now),
        resolutions=resolutions, exercises_left_out=len(inside) - len(incidents))
