"""The outbox: a post whose answer was lost is found again instead of posted twice; posts to one channel
are paced; several tickers on one database fire each timer once."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import pytest

from bot.domain.incident import MessageRef
from bot.domain.roles import Role
from bot.domain.timer import TimerKind
from bot.jobs.outbox import Pacer
from bot.ports import UnitOfWorkFactory
from bot.scheduler.tick import tick
from tests.core.harness import EMPLOYEE
from tests.core.harness import HELPDESK
from tests.core.harness import IRP_MANAGER
from tests.core.harness import Harness
from tests.core.scheduling import channel
from tests.core.scheduling import english_harness
from tests.core.scheduling import marked
from tests.core.scheduling import new_incident
from tests.core.scheduling import pages_to


@pytest.fixture
def h(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> Harness:
    return english_harness(uow_factory, tmp_path)


def test_a_post_whose_answer_was_lost_is_not_posted_again(h: Harness) -> None:
    number = h.report()
    h.chat.lose_answers = 1  # the reporter's confirmation is sent, but Sirene never hears so
    h.run_jobs()
    assert len(h.chat.direct_to(EMPLOYEE)) == 1
    assert len(h.chat.in_channel(HELPDESK)) <= 1  # the triage line (in no lane) need not wait for it
    h.clock.advance(seconds=1)  # the job's retry
    h.run_jobs()
    confirmations = h.chat.direct_to(EMPLOYEE)
    assert len(confirmations) == 1
    assert (f"D-{EMPLOYEE}", confirmations[0].marker) in h.chat.lookups
    posted = h.chat.in_channel(HELPDESK)
    assert len(posted) == 1
    assert h.incident(number).triage_ref == posted[0].ref


def test_a_direct_message_whose_answer_was_lost_is_not_sent_again(
        uow_factory: UnitOfWorkFactory, tmp_path: Path) -> None:
    h = english_harness(uow_factory, tmp_path, **{"timers.reminders": ["50%"],
                                                  "severities.major.status_updates": "off"})
    number = new_incident(h, "major")
    h.advance(hours=2)
    h.clock.advance(hours=2)
    h.chat.lose_answers = 1  # the escalation's direct message arrives; its answer does not
    h.tick()
    assert len(pages_to(h, IRP_MANAGER)) == 1
    h.advance(seconds=2)
    pages = pages_to(h, IRP_MANAGER)
    assert len(pages) == 1
    assert h.chat.lookups == [(f"D-{IRP_MANAGER}", pages[0].marker)]
    incident_id = h.incident(number).id or 0
    with h.core.uow() as uow:
        page = next(p for p in uow.pages.of_incident(incident_id) if p.role is Role.IRP_MANAGER)
    assert len(page.refs) == 1  # its buttons can still be updated


def clocked_pacer(start: float = 100.0) -> tuple[Pacer, list[float]]:
    """A pacer on a clock only the test moves (through ``now[0]``): (pacer, now)."""
    now = [start]
    return Pacer(1.0, monotonic=lambda: now[0]), now


def test_posts_to_one_channel_are_paced_to_one_a_second() -> None:
    pacer, now = clocked_pacer()
    assert pacer.claim("C1", "a") == 0
    now[0] += 0.25
    assert pacer.claim("C1", "b") == 0.75  # reserved for b, 0.75 s from now
    assert pacer.claim("C2", "c") == 0  # another conversation: at once
    assert pacer.claim("C1", "d") == 1.75  # after b's slot
    now[0] += 0.75
    assert pacer.claim("C1", "b") == 0  # b comes back at its slot: it goes
    now[0] += 3
    assert pacer.claim("C1", "e") == 0


def test_concurrent_ticks_fire_each_timer_once(h: Harness) -> None:
    numbers = [new_incident(h, "minor", title=f"Outage {i}", key=f"k{i}") for i in range(4)]
    h.clock.advance(hours=9)  # each incident: three SLA reminders, a status prompt and an escalation due
    fired: list[int] = []
    lock = threading.Lock()

    def ticker() -> None:
        count = tick(h.core)
        with lock:
            fired.append(count)

    threads = [threading.Thread(target=ticker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(fired) == 4 * 5
    h.run_jobs()
    for number in numbers:
        assert len(marked(h, channel(h, number), f"{number}:reminder:sla")) == 3
    assert len(pages_to(h, IRP_MANAGER)) == 4
    assert tick(h.core) == 0


def test_a_failing_timer_is_kept_and_tried_again(h: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    number = new_incident(h, "minor")
    from bot.scheduler import fire as firing

    calls: list[str] = []
    original = firing.FIRING[TimerKind.REMINDER]

    def broken(*args: object) -> None:
        calls.append("boom")
        raise RuntimeError("a bug")

    monkeypatch.setitem(firing.FIRING, TimerKind.REMINDER, broken)
    h.clock.advance(hours=4)
    tick(h.core)
    assert calls == ["boom", "boom"]  # straight through with its chunk, then alone in its savepoint
    assert marked(h, channel(h, number), f"{number}:reminder") == []
    monkeypatch.setitem(firing.FIRING, TimerKind.REMINDER, original)
    h.clock.advance(seconds=1)
    assert tick(h.core) == 0  # held for a while after the failure
    h.clock.advance(seconds=timedelta(seconds=5).total_seconds())
    h.tick()
    assert len(marked(h, channel(h, number), f"{number}:reminder:sla:50")) == 1


def test_memory_chat_finds_a_message_by_its_marker() -> None:
    from bot.specs import MessageSpec
    from tests.fakes.memory_chat import MemoryChat

    chat = MemoryChat("slack")
    ref = chat.post_message("C1", MessageSpec("x", marker="m@job1.0"))
    assert chat.find_posted("C1", "m@job1.0") == ref
    assert chat.find_posted("C1", "m@job1.1") is None
    assert chat.find_posted("C2", "m@job1.0") is None
    assert isinstance(ref, MessageRef)


def test_one_failing_timer_does_not_hold_back_the_others_of_its_chunk(
        h: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    """A chunk is fired straight through; when one timer fails, the chunk is rolled back and fired again
    with a savepoint per timer: the others fire once, the failing one is held."""
    first, second = new_incident(h, "minor"), new_incident(h, "minor")
    from bot.scheduler import fire as firing

    original = firing.FIRING[TimerKind.REMINDER]
    failing = h.incident(first).id

    def flaky(core: object, uow: object, incident: object, *rest: object) -> None:
        if getattr(incident, "id", None) == failing:
            raise RuntimeError("a bug")
        original(core, uow, incident, *rest)  # type: ignore[arg-type]

    monkeypatch.setitem(firing.FIRING, TimerKind.REMINDER, flaky)
    h.clock.advance(hours=4)
    h.tick()
    assert marked(h, channel(h, first), f"{first}:reminder") == []
    assert len(marked(h, channel(h, second), f"{second}:reminder:sla:50")) == 1


def test_a_burst_goes_at_once_then_the_average_is_kept() -> None:
    pacer, _ = clocked_pacer()
    assert [pacer.claim("direct:U1", f"page{n}", burst=3) for n in range(3)] == [0, 0, 0]  # all at once
    assert pacer.claim("direct:U1", "page3", burst=3) == 3.0  # until three posts fit in three seconds again
    assert pacer.claim("C1", "a") == 0
    assert pacer.claim("C1", "b") == 1.0  # a channel keeps one post a second
