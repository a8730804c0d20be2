"""The scheduler's tick: fire every timer that is due, each exactly once, even with several Sirene
processes on one database (DESIGN.md, "Time and the scheduler").

Each timer is claimed, fired and marked in one transaction: a crash before the commit gives it back, a
commit leaves it fired for everyone. What fell due while Sirene was down fires at the next tick, marked
late (APScheduler's misfire handling plays no part: its job only wakes this tick up).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from bot.core import Core
from bot.ports import ConcurrentUpdate, StorageUnavailable
from bot.scheduler.fire import fire
from bot.scheduler.schedule import ensure_plan_review, reschedule

log = logging.getLogger("sirene.scheduler")

BATCH = 200
MAX_HOLD = timedelta(minutes=5)


def _hold_for(attempts: int) -> timedelta:
    return min(timedelta(seconds=2 ** min(attempts, 10)), MAX_HOLD)


def tick(core: Core, limit: int = BATCH) -> int:
    """Fire what is due now; return how many timers fired."""
    fired = 0
    for _ in range(limit):
        now = core.now()
        claimed: tuple[int, int] | None = None
        try:
            with core.uow() as uow:
                timer = uow.timers.claim_next(now)
                if timer is None:
                    break
                assert timer.id is not None
                claimed = (timer.id, timer.attempts)
                late = now - timer.due_at
                if late > core.late_after:
                    log.warning("timer %s (%s) fires %ss late", timer.key, timer.kind.value, int(late.total_seconds()))
                fire(core, uow, timer, now)
                uow.commit()
            fired += 1
        except ConcurrentUpdate:
            continue  # the incident changed meanwhile: nothing was committed; the timer fires again, afresh
        except StorageUnavailable:
            raise
        except Exception as exc:
            log.exception("timer %s failed to fire; it is kept and tried again", claimed)
            if claimed is not None:
                with core.uow() as uow:
                    uow.timers.hold(claimed[0], now + _hold_for(claimed[1]), f"{type(exc).__name__}: {exc}")
                    uow.commit()
    if fired:
        core.wake_jobs()
    return fired


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
