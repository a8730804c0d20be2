"""The legal clocks' timers: a reminder before each notification's deadline, a page to the responsible when
it is near and nothing was recorded, and the deadline itself (overdue). Ordinary scheduler timers: durable,
fired once across processes, late after downtime. They outlive the incident's closing (the law's deadlines
do not stop when the incident is solved).
"""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta

from bot.core import Core
from bot.domain.incident import Incident
from bot.domain.page import PageKind
from bot.domain.regulation import RULE_OF
from bot.domain.regulation import Regime
from bot.domain.regulation import RegulatoryCase
from bot.domain.regulation import Step
from bot.domain.regulation import StepClock
from bot.domain.regulation import StepState
from bot.domain.regulation import clocks
from bot.domain.roles import Role
from bot.domain.timer import NOTIFICATION_KINDS
from bot.domain.timer import Timer
from bot.domain.timer import TimerKind
from bot.jobs.kind import JobKind
from bot.ports import UnitOfWork
from bot.scheduler.deadlines import stamp
from bot.scheduler.exercise_reach import informs
from bot.scheduler.paging import BOT_AUTHOR
from bot.scheduler.paging import open_page
from bot.usecases.common import enqueue
from bot.usecases.common import log_bot_action

REMIND, PAGE = "remind", "page"


def _points(clock: StepClock) -> list[tuple[str, datetime]]:
    assert clock.due_at is not None
    found: list[tuple[str, datetime]] = []
    if clock.rule.remind_before is not None:
        found.append((REMIND, clock.due_at - clock.rule.remind_before))
    if clock.rule.page_before is not None:
        found.append((PAGE, clock.due_at - clock.rule.page_before))
    return found


def desired_notification_timers(incident_id: int, cases: list[RegulatoryCase], now: datetime) -> list[Timer]:
    """The timers the incident's legal clocks should have. A reminder whose moment passed before its clock
    was set is not lost: the latest such one fires at once (one learns that 4 hours are left, and is paged)."""
    found: list[Timer] = []
    for case in cases:
        for clock in clocks(case, now):
            if clock.due_at is None or clock.state not in (StepState.RUNNING, StepState.OVERDUE):
                continue
            step, due = clock.rule.step.value, stamp(clock.due_at)
            base = f"{incident_id}:notify:{step}:{due}"
            points = _points(clock)
            passed = [p for p in points if p[1] <= now]
            for point, moment in points:
                if passed and moment < passed[-1][1]:
                    continue  # an earlier reminder that passed: the latest one says it all
                found.append(Timer(TimerKind.NOTIFICATION_REMINDER, f"{base}:{point}", moment, incident_id,
                                   {"step": step, "due": due, "point": point}))
            found.append(Timer(TimerKind.NOTIFICATION_DUE, f"{base}:due", clock.due_at, incident_id,
                               {"step": step, "due": due}))
    return found


def reschedule_notifications(core: Core, uow: UnitOfWork, incident: Incident) -> None:
    """Bring the incident's legal timers in line with its cases (in the caller's transaction)."""
    assert incident.id is not None
    now = core.now()
    wanted = {t.key: t for t in desired_notification_timers(incident.id, uow.regulation.cases(incident.id), now)}
    for timer in uow.timers.pending(incident.id):
        if timer.kind in NOTIFICATION_KINDS and timer.key not in wanted and timer.id is not None:
            uow.timers.cancel(timer.id, now)
    for key, timer in wanted.items():
        existing = uow.timers.by_key(key)
        if existing is None:
            timer.created_at = now
            uow.timers.add(timer)
        elif existing.fired_at is None and existing.cancelled_at is not None and existing.id is not None:
            uow.timers.restore(existing.id, timer.due_at)


def current_clock(uow: UnitOfWork, incident: Incident, timer: Timer, now: datetime) -> StepClock | None:
    """The step's clock when the timer still stands for it (not submitted, same deadline)."""
    assert incident.id is not None
    step = Step(timer.payload["step"])
    regime = RULE_OF[step].regime
    case = next((c for c in uow.regulation.cases(incident.id) if c.regime is regime), None)
    if case is None:
        return None
    clock = next((c for c in clocks(case, now) if c.rule.step is step), None)
    if clock is None or clock.due_at is None or clock.state is StepState.SUBMITTED:
        return None
    return clock if stamp(clock.due_at) == timer.payload["due"] else None


def responsible_user(core: Core, platform: str, regime: Regime) -> str | None:
    settings = core.plan.regulation
    role = settings.responsible_role(regime)
    if role is not None:
        return core.directory.primary(platform, role) or core.directory.backup(platform, role)
    person = settings.responsible_person(regime)
    return core.directory.user_id(platform, person) if person else None


def fire_reminder(core: Core, uow: UnitOfWork, incident: Incident, timer: Timer, late: timedelta | None) -> None:
    clock = current_clock(uow, incident, timer, core.now())
    if clock is None:
        return
    assert incident.id is not None
    step, regime = clock.rule.step, clock.rule.regime
    enqueue(core, uow, JobKind.NOTIFY_REMINDER, incident, step=step.value, due=timer.payload["due"])
    if timer.payload["point"] == PAGE:
        # Near, and nothing recorded: page the responsible like any escalation (primary, backup, IRP manager).
        role = core.plan.regulation.responsible_role(regime)
        if not incident.is_open:
            role = None  # a closed incident's page cannot be acknowledged: no chain, the IRP manager gets it too
        person = responsible_user(core, incident.platform, regime) if role is None else None
        also = (core.directory.primary(incident.platform, Role.IRP_MANAGER),) if role is None else ()
        due = timer.payload["due"]
        open_page(core, uow, incident, PageKind.NOTIFICATION_DUE, platform=incident.platform, role=role,
                  person=person, also=also, cause=f"{step.value}@{due}",
                  key=f"{incident.id}:notify:{step.value}:{due}", late=late, planned=timer.due_at)
        return
    user = responsible_user(core, incident.platform, regime)
    if user is not None and informs(core, uow, incident, user):
        enqueue(core, uow, JobKind.NOTIFY_DIRECT, incident, step=step.value, due=timer.payload["due"], user=user)


def fire_due(core: Core, uow: UnitOfWork, incident: Incident, timer: Timer, late: timedelta | None) -> None:
    clock = current_clock(uow, incident, timer, core.now())
    if clock is None:
        return
    step = clock.rule.step
    team = core.team_translator()
    enqueue(core, uow, JobKind.NOTIFY_OVERDUE, incident, step=step.value, due=timer.payload["due"])
    enqueue(core, uow, JobKind.SPACE_REFRESH, incident)
    log_bot_action(core, uow, incident, BOT_AUTHOR, "notify_log.overdue", step=team.t(f"notify.step.{step.value}"),
                   reference=clock.rule.reference, due=team.when(timer.due_at))
