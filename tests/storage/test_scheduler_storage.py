"""Timers and pages in the database: keys are used once, claims are exclusive, versions guard pages."""

from __future__ import annotations

import threading
from datetime import UTC
from datetime import datetime
from datetime import timedelta

import pytest

from bot.domain.page import Page
from bot.domain.page import PageKind
from bot.domain.roles import Role
from bot.domain.timer import Timer
from bot.domain.timer import TimerKind
from bot.ports import ConcurrentUpdate
from storage.unit_of_work import SqlUnitOfWorkFactory

T0 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def plan_timer(key: str, due: datetime) -> Timer:
    return Timer(TimerKind.PLAN_REVIEW, key, due, created_at=T0)


def test_a_key_is_used_once_even_after_the_timer_fired(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        assert uow.timers.add(plan_timer("plan:review:a", T0))
        assert not uow.timers.add(plan_timer("plan:review:a", T0 + timedelta(days=1)))
        uow.commit()
    with uow_factory() as uow:
        claimed = uow.timers.claim_next(T0)
        uow.commit()
    assert claimed is not None and claimed.fired_at == T0 and claimed.attempts == 1
    with uow_factory() as uow:
        assert not uow.timers.add(plan_timer("plan:review:a", T0))
        assert uow.timers.pending(None) == []


def test_claims_follow_due_time_and_skip_cancelled_and_held_timers(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        for key, minutes in (("late", 5), ("early", 1), ("cancelled", 0), ("held", 2), ("future", 60)):
            uow.timers.add(plan_timer(key, T0 + timedelta(minutes=minutes)))
        uow.commit()
    with uow_factory() as uow:
        cancelled, held = uow.timers.by_key("cancelled"), uow.timers.by_key("held")
        assert cancelled is not None and cancelled.id is not None and held is not None and held.id is not None
        uow.timers.cancel(cancelled.id, T0)
        uow.timers.hold(held.id, T0 + timedelta(minutes=30), "RuntimeError: a bug")
        uow.commit()
    now = T0 + timedelta(minutes=10)
    order = []
    for _ in range(3):
        with uow_factory() as uow:
            claimed = uow.timers.claim_next(now)
            uow.commit()
        order.append(claimed.key if claimed else None)
    assert order == ["early", "late", None]
    with uow_factory() as uow:
        claimed = uow.timers.claim_next(T0 + timedelta(minutes=31))
        restored = uow.timers.by_key("cancelled")
        assert restored is not None and restored.id is not None
        uow.timers.restore(restored.id, T0 + timedelta(minutes=45))
        uow.commit()
    assert claimed is not None and claimed.key == "held" and claimed.due_at == T0 + timedelta(minutes=2)
    with uow_factory() as uow:
        assert [t.key for t in uow.timers.pending(None)] == ["cancelled", "future"]


def test_a_rolled_back_claim_gives_the_timer_back(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.timers.add(plan_timer("crash", T0))
        uow.commit()
    with uow_factory() as uow:
        assert uow.timers.claim_next(T0) is not None
        # no commit: the process died while firing
    with uow_factory() as uow:
        again = uow.timers.claim_next(T0)
        uow.commit()
    assert again is not None and again.key == "crash"


@pytest.mark.parametrize("claimers", [4])
def test_concurrent_claimers_never_take_the_same_timer(uow_factory: SqlUnitOfWorkFactory, claimers: int) -> None:
    with uow_factory() as uow:
        for index in range(40):
            uow.timers.add(plan_timer(f"t{index}", T0 + timedelta(seconds=index)))
        uow.commit()
    taken: list[str] = []
    lock = threading.Lock()

    def claim() -> None:
        while True:
            with uow_factory() as uow:
                timer = uow.timers.claim_next(T0 + timedelta(minutes=1))
                uow.commit()
            if timer is None:
                return
            with lock:
                taken.append(timer.key)

    threads = [threading.Thread(target=claim) for _ in range(claimers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(taken) == sorted(f"t{index}" for index in range(40))


def test_pages_are_paged_once_per_key_and_guarded_by_their_version(uow_factory: SqlUnitOfWorkFactory) -> None:
    def page() -> Page:
        return Page(PageKind.PLAN_REVIEW, "slack", T0, role=Role.IRP_MANAGER, key="plan:review:2027",
                    paged=("U1",))

    with uow_factory() as uow:
        stored = uow.pages.add(page())
        assert stored is not None and stored.id is not None
        assert uow.pages.add(page()) is None
        uow.commit()
    with uow_factory() as uow:
        first, second = uow.pages.get(stored.id), uow.pages.get(stored.id)
        assert first is not None and second is not None
        first.acknowledged_by, first.acknowledged_at = "U1", T0
        uow.pages.save(first)
        second.acknowledged_by, second.acknowledged_at = "U2", T0
        with pytest.raises(ConcurrentUpdate):
            uow.pages.save(second)
        uow.commit()
    with uow_factory() as uow:
        found = uow.pages.get(stored.id)
    assert found is not None and (found.acknowledged_by, found.version) == ("U1", 1)


def test_the_scheduler_migration_goes_down_and_up_again(database_url: str) -> None:
    from alembic import command

    from storage.migrate import current
    from storage.migrate import head
    from storage.migrate import make_config
    from storage.migrate import upgrade

    upgrade(database_url)
    command.downgrade(make_config(database_url), "0004")  # the revision before the scheduler's
    assert current(database_url) == "0004"
    upgrade(database_url)
    assert current(database_url) == head()


def test_the_next_due_time_is_that_of_the_earliest_pending_timer_still_ahead(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        assert uow.timers.next_due(T0) is None
        for key, minutes in (("past", -5), ("cancelled", 3), ("soon", 7), ("later", 60)):
            uow.timers.add(plan_timer(key, T0 + timedelta(minutes=minutes)))
        cancelled = uow.timers.by_key("cancelled")
        assert cancelled is not None and cancelled.id is not None
        uow.timers.cancel(cancelled.id, T0)
        uow.commit()
    with uow_factory() as uow:
        assert uow.timers.next_due(T0) == T0 + timedelta(minutes=7)
        assert uow.timers.next_due(T0 + timedelta(minutes=7)) == T0 + timedelta(minutes=60)
        assert uow.timers.next_due(T0 + timedelta(hours=2)) is None
