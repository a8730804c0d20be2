"""Reminders of the communication plan: an audience that must be told (its severity reached, or the BCP
activated) and is not informed yet reminds its informer after ``communication.remind_after``, and again."""

from __future__ import annotations

from datetime import timedelta

from bot.core import Core
from bot.domain.communication import due_audiences
from bot.domain.communication import last_of
from bot.domain.incident import Incident
from bot.domain.timer import Timer
from bot.domain.timer import TimerKind
from bot.jobs.kind import JobKind
from bot.ports import UnitOfWork
from bot.scheduler.deadlines import stamp
from bot.scheduler.exercise_reach import informs
from bot.usecases.common import enqueue


def _add(core: Core, uow: UnitOfWork, incident: Incident, audience: str) -> None:
    due = core.now() + core.plan.communication.remind_after
    uow.timers.add(Timer(TimerKind.INFORM_REMINDER, f"{incident.id}:inform:{audience}:{stamp(due)}", due,
                         incident.id, {"audience": audience}, created_at=core.now()))


def reschedule_communication(core: Core, uow: UnitOfWork, incident: Incident) -> None:
    """One pending reminder per audience due and not informed; none for the others (caller's transaction)."""
    if incident.id is None or not core.plan.communication.audiences:
        return  # no communication plan: nothing to read (a stale reminder finds nothing due and stays quiet)
    informed = uow.communications.of_incident(incident.id)
    wanted = {a for a in due_audiences(core.plan, incident) if last_of(informed, a) is None} if incident.is_open \
        else set()
    pending = {t.payload.get("audience", ""): t for t in uow.timers.pending(incident.id)
               if t.kind is TimerKind.INFORM_REMINDER}
    for audience, timer in pending.items():
        if audience not in wanted and timer.id is not None:
            uow.timers.cancel(timer.id, core.now())
    for audience in sorted(wanted - set(pending)):
        _add(core, uow, incident, audience)


def fire_inform_reminder(core: Core, uow: UnitOfWork, incident: Incident, timer: Timer,
                         late: timedelta | None) -> None:
    audience = timer.payload.get("audience", "")
    assert incident.id is not None
    if audience not in due_audiences(core.plan, incident):
        return
    if last_of(uow.communications.of_incident(incident.id), audience) is not None:
        return
    settings = core.plan.communication.audiences.get(audience)  # type: ignore[call-overload]
    informer = core.directory.primary(incident.platform, settings.informs) if settings is not None else None
    if informer is not None and not informs(core, uow, incident, informer):
        informer = None  # a drill's reminder goes to its channel only
    enqueue(core, uow, JobKind.INFORM_REMINDER, incident, audience=audience, user=informer or "")
    _add(core, uow, incident, audience)
