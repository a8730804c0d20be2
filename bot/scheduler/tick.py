"""The scheduler's tick: fire every timer that is due, each exactly once, even with several Sirene
processes on one database (DESIGN.md, "Time and the scheduler").

Each timer is claimed, fired and marked in one transaction: a crash before the commit gives it back, a
commit leaves it fired for everyone. What fell due while Sirene was down fires at the next tick, marked
late (APScheduler's misfire handling plays no part: its job only wakes this tick up).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.core import Core
from bot.domain.timer import Timer
from bot.ports import ConcurrentUpdate, StorageUnavailable, UnitOfWork
from bot.scheduler.fire import fire
from bot.scheduler.schedule import ensure_plan_review, reschedule

log = logging.getLogger("sirene.scheduler")

BATCH = 200
CHUNK = 50
MAX_HOLD = timedelta(minutes=5)


def _hold_for(attempts: int) -> timedelta:
    return min(timedelta(seconds=2 ** min(attempts, 10)), MAX_HOLD)


def tick(core: Core, limit: int = BATCH) -> int:
    """Fire what is due now; return how many timers fired.

    Due timers are claimed in chunks, each chunk fired in one transaction (one commit, one disk
    flush), every timer inside its own savepoint: a timer whose incident changed meanwhile is given
    back and fires again at the next tick; one that fails is kept and held for a while; the others
    are not affected.
    """
    fired = 0
    while fired < limit:
        now = core.now()
        with core.uow() as uow:
            timers = uow.timers.claim_due(now, min(CHUNK, limit - fired))
            if not timers:
                break
            for timer in timers:
                fired += _fire_one(core, uow, timer, now)
            uow.commit()
    if fired:
        core.wake_jobs()
    return fired


def _fire_one(core: Core, uow: UnitOfWork, timer: Timer, now: datetime) -> int:
    assert timer.id is not None
    late = now - timer.due_at
    try:
        with uow.savepoint():
            if late > core.late_after:
                log.warning("timer %s (%s) fires %ss late", timer.key, timer.kind.value, int(late.total_seconds()))
            fire(core, uow, timer, now)
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
