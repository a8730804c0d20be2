"""The scheduler's tick: fire every timer that is due, each exactly once, even with several Sirene
processes on one database (docs/architecture.md, "The tick").

Each timer is claimed, fired and marked in one transaction: a crash before the commit gives it back, a
commit leaves it fired for everyone. What fell due while Sirene was down fires at the next tick, marked
late (APScheduler's misfire handling plays no part: its job only wakes this tick up).
"""

from __future__ import annotations

import logging
from datetime import datetime
from datetime import timedelta

from bot.core import Core
from bot.domain.incident import Incident
from bot.domain.timer import Timer
from bot.ports import ConcurrentUpdate
from bot.ports import StorageUnavailable
from bot.ports import UnitOfWork
from bot.scheduler.fire import fire
from bot.scheduler.schedule import ensure_plan_review
from bot.scheduler.schedule import reschedule

log = logging.getLogger("sirene.scheduler")

BATCH = 200
CHUNK = 50
MAX_HOLD = timedelta(minutes=5)


def _hold_for(attempts: int) -> timedelta:
    return min(timedelta(seconds=2 ** min(attempts, 10)), MAX_HOLD)


def tick(core: Core, limit: int = BATCH) -> int:
    """Fire what is due now; return how many timers fired.

    Due timers are claimed in chunks, each chunk fired in one transaction (one commit, one disk
    flush). A chunk is first fired straight through; should any timer of it fail (its incident changed
    meanwhile, or an error), the chunk is rolled back and fired again with every timer inside its own
    savepoint: a timer whose incident changed is given back and fires again at the next tick; one that
    fails is kept and held for a while; the others are not affected.
    """
    fired = 0
    while fired < limit:
        now = core.now()
        with core.uow() as uow:
            size = min(CHUNK, limit - fired)
            outcome = _fire_chunk(core, uow, now, size, careful=False)
            if outcome is None:
                uow.rollback()
                outcome = _fire_chunk(core, uow, now, size, careful=True)
            claimed, count = outcome or (0, 0)
            if not claimed:
                break
            fired += count
            uow.commit()
    if fired:
        core.wake_jobs()
    return fired


def seconds_to_next(core: Core) -> float | None:
    """How long until the next timer falls due (``None``: none is pending): the tick sleeps no longer."""
    now = core.now()
    with core.uow(read_only=True) as uow:
        upcoming = uow.timers.next_due(now)
    return None if upcoming is None else max(0.0, (upcoming - now).total_seconds())


def _fire_chunk(core: Core, uow: UnitOfWork, now: datetime, size: int, careful: bool) -> tuple[int, int] | None:
    """Claim up to ``size`` due timers and fire them: (claimed, fired). Straight through (``careful``
    false) any failure gives ``None``, the caller then rolls back and tries again carefully."""
    timers = uow.timers.claim_due(now, size)
    # One read for the chunk's incidents; each copy serves its first timer only (a timer may change
    # its incident: the next one of the same incident reads it afresh).
    unread = uow.incidents.get_many(sorted({t.incident_id for t in timers if t.incident_id is not None}))
    if careful:
        fired = 0
        for timer in timers:
            prefetched = unread.pop(timer.incident_id, None) if timer.incident_id is not None else None
            fired += _fire_one(core, uow, timer, now, prefetched)
        return len(timers), fired
    try:
        with uow.jobs.batched():
            for timer in timers:
                prefetched = unread.pop(timer.incident_id, None) if timer.incident_id is not None else None
                _fire(core, uow, timer, now, prefetched)
    except StorageUnavailable:
        raise
    except Exception:
        return None
    return len(timers), len(timers)


def _fire(core: Core, uow: UnitOfWork, timer: Timer, now: datetime, incident: Incident | None) -> None:
    late = now - timer.due_at
    if late > core.late_after:
        log.warning("timer %s (%s) fires %ss late", timer.key, timer.kind.value, int(late.total_seconds()))
    fire(core, uow, timer, now, incident)


def _fire_one(core: Core, uow: UnitOfWork, timer: Timer, now: datetime, incident: Incident | None) -> int:
    assert timer.id is not None
    try:
        with uow.savepoint():
            _fire(core, uow, timer, now, incident)
        return 1
    except ConcurrentUpdate:
        uow.timers.release(timer.id)  # the incident changed meanwhile: fire again, afresh, at the next tick
        return 0
    except StorageUnavailable:
        raise
    except Exception as exc:
        log.exception("timer %s failed to fire; it is kept and tried again", timer.key)
        uow.timers.release(timer.id)
        uow.timers.hold(timer.id, now + _hold_for(timer.attempts), f"{type(exc).__name__}: {exc}")
        return 0


def prepare(core: Core) -> None:
    """At start: timers of every open incident follow the plan as it is now, and the yearly review is set."""
    with core.uow() as uow:
        offset = 0
        while batch := uow.incidents.open_incidents(100, offset):
            for incident in batch:
                reschedule(core, uow, incident)
            offset += len(batch)
        ensure_plan_review(core, uow)
        uow.commit()
