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
from tests.core.harness import HELPDESK, IRP_MANAGER, Harness
from tests.core.scheduling import channel, english_harness, marked, new_incident, pages_to


@pytest.fixture
def h(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> Harness:
    return english_harness(uow_factory, tmp_path)


def test_a_post_whose_answer_was_lost_is_not_posted_again(h: Harness) -> None:
    number = h.report()
    h.chat.lose_answers = 1  # the triage message is posted, but Sirene never hears so
    h.run_jobs()
    assert len(h.chat.in_channel(HELPDESK)) == 1
    assert h.incident(number).triage_ref is None
    h.clock.advance(seconds=1)  # the job's retry
    h.run_jobs()
    posted = h.chat.in_channel(HELPDESK)
    assert len(posted) == 1
    assert h.incident(number).triage_ref == posted[0].ref
    assert h.chat.lookups == [(HELPDESK, posted[0].spec.marker)]


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


def clocked_pacer(start: float = 100.0) -> tuple[Pacer, list[float], list[float]]:
    """A pacer on a clock that only its sleeps (and the test, through ``now[0]``) move: (pacer, now, slept)."""
    now = [start]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(round(seconds, 3))
        now[0] += seconds

    return Pacer(1.0, monotonic=lambda: now[0], sleep=sleep), now, slept


def test_posts_to_one_channel_are_paced_to_one_a_second() -> None:
    pacer, now, slept = clocked_pacer()
    pacer.wait("C1")
    now[0] += 0.25
    pacer.wait("C1")
    pacer.wait("C2")
    now[0] += 2
    pacer.wait("C1")
    assert slept == [0.75]


def test_waiting_for_one_conversation_does_not_hold_up_another() -> None:
    release, sleeping = threading.Event(), threading.Event()

    def sleep(seconds: float) -> None:
        sleeping.set()
        release.wait(5)

    pacer = Pacer(1.0, monotonic=lambda: 0.0, sleep=sleep)
    pacer.wait("C1")
    second = threading.Thread(target=pacer.wait, args=("C1",))
    second.start()
    assert sleeping.wait(5)  # the second post to C1 waits for its moment...
    other = threading.Thread(target=pacer.wait, args=("C2",))
    other.start()
    other.join(2)
    assert not other.is_alive()  # ...while a post to C2 goes at once
    assert second.is_alive()
    release.set()
    second.join(5)


def test_the_job_runner_paces_its_posts(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> None:
    h = english_harness(uow_factory, tmp_path)
    slept: list[float] = []
    h.runner._pacer = Pacer(1.0, monotonic=lambda: 0.0, sleep=slept.append)  # time stands still: always too soon
    number = h.report()
    h.run_jobs()
    from tests.core.scheduling import classify

    classify(h, number, "major")
    h.run_jobs()  # the announcement and the checklist go to the new channel, one after the other
    assert len(h.chat.in_channel(channel(h, number))) == 2
    assert slept.count(1.0) >= 1


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
    pacer, _, slept = clocked_pacer()
    for _ in range(3):
        pacer.wait("direct:U1", burst=3)
    assert slept == []  # three pages to one person at the same moment: all at once
    pacer.wait("direct:U1", burst=3)
    assert slept == [3.0]  # the fourth waits until three posts fit in three seconds again
    pacer.wait("C1")
    pacer.wait("C1")
    assert slept == [3.0, 1.0]  # a channel keeps one post a second
