"""Keeping an incident's timers in step with its clocks.

Reminders, deadline escalations and status prompts follow from the incident's state and the plan.
Whenever a use case changes a clock (classification, reclassification, a new expected resolution time,
a status update, closing), it calls :func:`reschedule` in the same transaction: timers that no longer
match are cancelled and the missing ones added. Keys name the deadline they belong to, so a timer that
already fired is never created again.
"""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta

from bot.core import Core
from bot.domain.incident import Incident
from bot.domain.severity import Severity
from bot.domain.timer import MANAGED_KINDS
from bot.domain.timer import NOTIFICATION_KINDS
from bot.domain.timer import Timer
from bot.domain.timer import TimerKind
from bot.plan import Plan
from bot.ports import UnitOfWork
from bot.scheduler.communication import reschedule_communication
from bot.scheduler.deadlines import ClockName
from bot.scheduler.deadlines import deadlines
from bot.scheduler.deadlines import local_moment
from bot.scheduler.deadlines import stamp

BREACH_RULES: dict[ClockName, frozenset[Severity]] = {
    ClockName.SLA: frozenset({Severity.MINOR, Severity.MAJOR}),
    ClockName.RTO: frozenset({Severity.MINOR, Severity.MAJOR, Severity.CRISIS}),
}
"""Which deadlines escalate when reached, for which severities (minor → raise to major; major → IRP
manager and BCT/CMT; RTO → BCP manager)."""


def desired_timers(plan: Plan, incident: Incident) -> list[Timer]:
    """The reminders, deadline escalations and status prompt an open incident should have now."""
    if not incident.is_open or incident.severity is None or incident.id is None:
        return []
    found: list[Timer] = []
    for deadline in deadlines(plan, incident):
        due = stamp(deadline.due_at)
        for percent in plan.timers.reminders:
            found.append(Timer(TimerKind.REMINDER, f"{incident.id}:reminder:{deadline.clock}:{due}:{percent}",
                               deadline.share(percent), incident.id,
                               {"clock": deadline.clock.value, "percent": str(percent), "due": due}))
        if incident.severity in BREACH_RULES.get(deadline.clock, frozenset()):
            severity = incident.severity.value
            found.append(Timer(TimerKind.BREACH, f"{incident.id}:breach:{deadline.clock}:{due}:{severity}",
                               deadline.due_at, incident.id,
                               {"clock": deadline.clock.value, "due": due, "severity": severity}))
    if incident.status_due is not None:
        due = stamp(incident.status_due)
        found.append(Timer(TimerKind.STATUS_PROMPT, f"{incident.id}:status:{due}", incident.status_due,
                           incident.id, {"due": due}))
    return found


def _still_useful(timer: Timer, now: datetime) -> bool:
    """A reminder of a share that already passed says nothing new; a deadline itself always counts."""
    if timer.due_at >= now:
        return True
    return timer.kind is not TimerKind.REMINDER or timer.payload.get("percent") == "100"


def reschedule(core: Core, uow: UnitOfWork, incident: Incident) -> None:
    """Bring the incident's managed timers in line with its clocks (inside the caller's transaction)."""
    now = core.now()
    wanted = {timer.key: timer for timer in desired_timers(core.plan, incident)}
    for timer in uow.timers.pending(incident.id):
        if timer.kind in MANAGED_KINDS and timer.key not in wanted and timer.id is not None:
            uow.timers.cancel(timer.id, now)
    for key, timer in wanted.items():
        existing = uow.timers.by_key(key)
        if not _still_useful(timer, now):
            continue
        if existing is None:
            timer.created_at = now
            uow.timers.add(timer)
        elif existing.fired_at is None and existing.cancelled_at is not None and existing.id is not None:
            uow.timers.restore(existing.id, timer.due_at)
    reschedule_communication(core, uow, incident)


def add_timer(core: Core, uow: UnitOfWork, kind: TimerKind, key: str, due_at: datetime,
              incident_id: int | None = None, **payload: str) -> bool:
    return uow.timers.add(Timer(kind, key, due_at, incident_id, dict(payload), created_at=core.now()))


def stop_incident_timers(core: Core, uow: UnitOfWork, incident: Incident) -> None:
    """The incident is closed: nothing more is due for it (the lessons prompt is added after this), except
    the legal notifications, whose deadlines do not stop when the incident is solved."""
    now = core.now()
    for timer in uow.timers.pending(incident.id):
        if timer.id is not None and timer.kind not in NOTIFICATION_KINDS:
            uow.timers.cancel(timer.id, now)


def schedule_lessons(core: Core, uow: UnitOfWork, incident: Incident) -> None:
    delay = core.plan.upkeep.after_incident
    if delay is None or incident.id is None or incident.closed_at is None:
        return
    add_timer(core, uow, TimerKind.LESSONS, f"{incident.id}:lessons:{stamp(incident.closed_at)}",
              incident.closed_at + delay, incident.id)


def next_plan_review(plan: Plan, now: datetime) -> datetime | None:
    """The next yearly review reminder after ``now`` (``reviews.yearly_on`` at ``reviews.at``, plan's zone)."""
    month_day = plan.upkeep.month_day()
    if month_day is None or plan.reviewer is None:
        return None
    hours, minutes = plan.upkeep.time_of_day()
    year = now.astimezone(plan.zone).year
    for candidate_year in (year, year + 1):
        moment = local_moment(now.astimezone(plan.zone).date().replace(year=candidate_year, month=month_day[0],
                                                                          day=month_day[1]),
                              hours, minutes, plan.zone)
        if moment > now:
            return moment
    return None  # unreachable: next year's date is always later


def ensure_plan_review(core: Core, uow: UnitOfWork) -> None:
    """Exactly one pending yearly review timer, at the plan's next review date (none if the plan has none)."""
    now = core.now()
    due = next_plan_review(core.plan, now)
    key = f"plan:review:{stamp(due)}" if due is not None else None
    for timer in uow.timers.pending(None):
        if timer.kind is TimerKind.PLAN_REVIEW and timer.key != key and timer.id is not None:
            uow.timers.cancel(timer.id, now)
    if due is not None and key is not None:
        existing = uow.timers.by_key(key)
        if existing is None:
            add_timer(core, uow, TimerKind.PLAN_REVIEW, key, due)
        elif existing.fired_at is None and existing.cancelled_at is not None and existing.id is not None:
            uow.timers.restore(existing.id, due)


def lateness(core: Core, timer: Timer, now: datetime) -> timedelta | None:
    """How late a timer fires, when it is noticeably late (the bot was down, or the database was)."""
    late = now - timer.due_at
    return late if late > core.late_after else None
