"""A paced post never occupies a worker: its job goes back to the queue until its slot, and the jobs of other
conversations run meanwhile; posts to one conversation and one incident's jobs keep their order (#14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.jobs.outbox import OutboxChat
from bot.jobs.outbox import Pacer
from bot.jobs.pacing import UPDATE_BURST
from bot.jobs.pacing import UPDATE_SPACING
from bot.jobs.pacing import Slot
from bot.jobs.pacing import give_back
from bot.jobs.pacing import take
from bot.jobs.runner import JobRunner
from bot.ports import Job
from bot.ports import UnitOfWorkFactory
from tests.core.harness import BCP_MANAGER
from tests.core.harness import CMP_MANAGER
from tests.core.harness import EMPLOYEE
from tests.core.harness import HELPDESK
from tests.core.harness import HELPDESK_MANAGER
from tests.core.harness import IRP_BACKUP
from tests.core.harness import IRP_MANAGER
from tests.core.harness import OPERATOR
from tests.core.harness import RESPONDER
from tests.core.harness import Harness
from tests.core.scheduling import classify
from tests.core.scheduling import english_harness
from tests.fakes.memory_chat import MemoryChat

REPORTERS = (EMPLOYEE, RESPONDER, BCP_MANAGER)
OTHERS = (OPERATOR, HELPDESK_MANAGER, IRP_MANAGER, IRP_BACKUP)


@pytest.fixture
def h(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> Harness:
    """The harness with a pacer on its clock: one post a second per conversation, as in production."""
    harness = english_harness(uow_factory, tmp_path)
    harness.runner = JobRunner(harness.core, lambda platform: harness.chat,
                               pacer=Pacer(1.0, monotonic=lambda: harness.clock.now().timestamp()))
    return harness


def storm(h: Harness) -> list[str]:
    """Three reports, each seen by the job runner as it arrives: the first line goes out, the others wait."""
    numbers = []
    for n, who in enumerate(REPORTERS):
        numbers.append(h.report(f"Mail down {n}", reporter=who, key=f"k{n}"))
        h.run_jobs()  # returns at once (the pacer's clock stands still: a worker waiting would never return)
    return numbers


def test_a_post_without_a_free_slot_is_queued_again_not_waited_for(h: Harness) -> None:
    numbers = storm(h)
    assert len(h.chat.in_channel(HELPDESK)) == 1
    with h.core.uow() as uow:
        assert uow.jobs.pending() == 2  # the two other triage jobs, back in the queue
    h.run_jobs()
    assert len(h.chat.in_channel(HELPDESK)) == 1  # not due before their slots
    h.clock.advance(seconds=1)
    h.run_jobs()
    posted = h.chat.in_channel(HELPDESK)
    assert len(posted) == 2  # the second report's turn shows both reports waiting, on one card
    assert all(number in repr(posted[1].spec) for number in numbers[1:])
    assert h.incident(numbers[1]).triage_ref == h.incident(numbers[2]).triage_ref == posted[1].ref
    h.clock.advance(seconds=1)
    h.run_jobs()
    assert len(h.chat.in_channel(HELPDESK)) == 2  # the third report is shown already: its turn goes unused
    with h.core.uow() as uow:
        assert uow.jobs.pending() == 0
    assert h.chat.lookups == []  # a job put back before it posted anything does not look for its posts


def test_reporters_are_told_at_once_whatever_the_helpdesk_pace(h: Harness) -> None:
    numbers = storm(h)
    for who, number in zip(REPORTERS, numbers, strict=True):
        assert any(number in repr(spec) for spec in h.chat.direct_to(who))
    assert len(h.chat.in_channel(HELPDESK)) == 1


def test_a_classification_opens_its_channel_while_triage_lines_wait(h: Harness) -> None:
    numbers = storm(h)
    assert classify(h, numbers[0], "minor") is None
    h.run_jobs()
    channel_id = h.incident(numbers[0]).channel_id
    assert channel_id is not None  # created at once, though two triage lines still wait for #helpdesk
    assert len(h.chat.in_channel(channel_id)) == 1  # its first message; the next waits for its own slot
    assert len(h.chat.in_channel(HELPDESK)) == 1
    h.clock.advance(seconds=1)
    h.run_jobs()
    posted = h.chat.in_channel(channel_id)
    assert len(posted) == 2
    assert "announcement" in (posted[0].spec.marker or "")  # the job ran again: its first post is not doubled
    assert "checklist" in (posted[1].spec.marker or "")


def test_an_incidents_jobs_keep_their_order_when_one_is_paced(h: Harness) -> None:
    numbers = storm(h)
    assert classify(h, numbers[0], "minor") is None
    h.run_jobs()  # the channel's checklist waits for its slot: the triage line's refresh waits behind it
    line = h.chat.in_channel(HELPDESK)[0]
    assert "classified" not in line.spec.summary
    h.clock.advance(seconds=1)
    h.run_jobs()
    assert "classified" in h.chat.in_channel(HELPDESK)[0].spec.summary


def test_slots_are_given_in_order_and_kept_for_their_holder() -> None:
    slots: list[Slot] = []
    waits = []
    for holder in ("a", "b", "c"):
        slots, wait = take(slots, 10.0, holder)
        waits.append(wait)
    assert waits == [0.0, 1.0, 2.0]
    slots, wait = take(slots, 11.0, "c")
    assert wait == 1.0  # c's slot stays at 12, though b has not come back yet
    slots, wait = take(slots, 11.0, "b")
    assert wait == 0.0
    slots, wait = take(slots, 11.0, "d")
    assert wait == 2.0  # after c's
    _, wait = take(slots, 30.0, "e")
    assert wait == 0.0  # long after: the old slots are forgotten


def test_jobs_of_reports_already_on_a_card_take_no_turn(h: Harness) -> None:
    """After a storm, the jobs of the reports a card showed reserve nothing: the next report is shown in the next
    free turn, not after a turn per report of the storm."""
    numbers = storm(h)
    more = [h.report(f"Mail down {n}", reporter=who, key=f"more{n}") for n, who in enumerate(OTHERS)]
    h.run_jobs()
    h.clock.advance(seconds=1)
    h.run_jobs()  # one card shows the six waiting
    assert len(h.chat.in_channel(HELPDESK)) == 2
    assert {h.incident(n).triage_ref for n in numbers[1:] + more} == {h.chat.in_channel(HELPDESK)[1].ref}
    with h.core.uow() as uow:
        assert uow.jobs.pending() == 0
    h.clock.advance(seconds=1)
    late = h.report("Printer jammed", reporter=CMP_MANAGER, key="late")
    h.run_jobs()
    assert h.incident(late).triage_ref == h.chat.in_channel(HELPDESK)[2].ref  # at once


def test_a_reserved_turn_is_given_back_when_there_is_nothing_left_to_show(h: Harness) -> None:
    numbers = storm(h)  # the second report's job holds the next turn of #helpdesk
    assert classify(h, numbers[1], "minor") is None  # classified before its line showed
    for _ in range(3):
        h.clock.advance(seconds=1)
        h.run_jobs()
    posted = h.chat.in_channel(HELPDESK)
    assert all(h.incident(n).triage_ref is not None for n in numbers)
    count = len(posted)
    h.clock.advance(seconds=1)
    late = h.report("Printer jammed", reporter=EMPLOYEE, key="late")
    h.run_jobs()
    assert len(h.chat.in_channel(HELPDESK)) == count + 1 and h.incident(late).triage_ref is not None


def test_a_slot_given_back_frees_the_conversations_next_turn() -> None:
    slots: list[Slot] = []
    for holder in ("a", "b", "c"):
        slots, _ = take(slots, 10.0, holder)
    slots = give_back(slots, "c")
    _, wait = take(slots, 10.0, "d")
    assert wait == 2.0  # c's turn, given back, goes to d
    pacer = Pacer(1.0, monotonic=lambda: 10.0)
    assert [pacer.claim("C1", holder) for holder in ("a", "b")] == [0.0, 1.0]
    pacer.release("C1", "b")
    pacer.release("C1", "nobody")
    pacer.release("C2", "b")
    assert pacer.claim("C1", "e") == 1.0


def test_a_cards_updates_keep_to_their_own_allowance() -> None:
    """Joining a card updates it (not a post): a card's worth of updates at once, then fifty a minute; beyond the
    allowance no turn is reserved (the report waits for the next post's turn instead)."""
    now = [100.0]
    pacer = Pacer(1.0, monotonic=lambda: now[0])
    outbox = OutboxChat(MemoryChat("slack"), Job("triage.post", 1, {}, id=7), pacer)
    assert [outbox.update_turn(HELPDESK) for _ in range(UPDATE_BURST + 1)] == [True] * UPDATE_BURST + [False]
    assert pacer.claim(HELPDESK, "a post") == 0.0  # posts have their own slots
    now[0] += UPDATE_BURST * UPDATE_SPACING
    assert outbox.update_turn(HELPDESK)
