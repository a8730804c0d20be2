"""Grouped triage (#14): while the helpdesk channel's pace holds triage lines back, the reports waiting are
shown together on one card, each with *Classify as…*, and *Classify all as…* for one event."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import actions
from bot.domain.grouping import CARD_SIZE
from bot.jobs.outbox import Pacer
from bot.jobs.runner import JobRunner
from bot.ports import UnitOfWorkFactory
from bot.specs import Actions
from bot.specs import MessageSpec
from bot.usecases.interaction import press
from tests.core.harness import EMPLOYEE
from tests.core.harness import HELPDESK
from tests.core.harness import OPERATOR
from tests.core.harness import Harness
from tests.core.scheduling import english_harness
from tests.core.scheduling import text


@pytest.fixture
def h(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> Harness:
    harness = english_harness(uow_factory, tmp_path)
    harness.runner = JobRunner(harness.core, lambda platform: harness.chat,
                               pacer=Pacer(1.0, monotonic=lambda: harness.clock.now().timestamp()))
    return harness


def storm(h: Harness, count: int) -> list[str]:
    """One report shown at once, then ``count`` more arriving together while the helpdesk's slot is taken."""
    first = h.report("Mail server down", reporter=EMPLOYEE, key="first")
    h.run_jobs()
    numbers = [h.report(f"Outage {n}", reporter=EMPLOYEE, key=f"k{n}") for n in range(count)]
    h.run_jobs()
    return [first, *numbers]


def buttons(spec: MessageSpec, action: str) -> list[str]:
    return [b.value for block in spec.blocks if isinstance(block, Actions) for b in block.buttons
            if b.action == action]


def card(h: Harness, number: str) -> MessageSpec:
    ref = h.incident(number).triage_ref
    assert ref is not None
    return h.chat.messages[ref].spec


def test_reports_waiting_for_the_helpdesk_are_shown_on_one_card(h: Harness) -> None:
    numbers = storm(h, 5)
    assert len(h.chat.in_channel(HELPDESK)) == 1  # the others wait for the next slot
    h.clock.advance(seconds=1)
    h.run_jobs()
    posted = h.chat.in_channel(HELPDESK)
    assert len(posted) == 2
    spec = posted[1].spec
    assert spec.summary == "5 new reports in the last minute"
    assert {h.incident(n).triage_ref for n in numbers[1:]} == {posted[1].ref}
    assert sorted(buttons(spec, actions.CLASSIFY)) == sorted(actions.value(n, s) for n in numbers[1:]
                                                              for s in ("weak", "minor", "major", "crisis"))
    assert buttons(spec, actions.CLASSIFY_ALL)[0] == actions.value(numbers[1], "weak")
    h.clock.advance(seconds=5)
    h.run_jobs()
    assert len(h.chat.in_channel(HELPDESK)) == 2  # every report is shown: the later turns go unused


def test_a_card_holds_at_most_its_size_the_next_turn_shows_the_rest(h: Harness) -> None:
    numbers = storm(h, CARD_SIZE + 2)
    h.clock.advance(seconds=1)
    h.run_jobs()
    h.clock.advance(seconds=1)
    h.run_jobs()
    posted = h.chat.in_channel(HELPDESK)
    assert len(posted) == 3
    assert len(set(buttons(posted[1].spec, actions.CLASSIFY))) == 4 * CARD_SIZE
    assert "Possibly the same" in text(posted[1].spec) and len(posted[1].spec.blocks) <= 50  # a chat message's limit
    assert len(set(buttons(posted[2].spec, actions.CLASSIFY))) == 4 * 2
    assert all(h.incident(n).triage_ref is not None for n in numbers)


def test_classifying_one_line_and_classifying_all(h: Harness) -> None:
    numbers = storm(h, 4)
    h.clock.advance(seconds=1)
    h.run_jobs()
    assert press(h.core, h.actor(OPERATOR, HELPDESK), actions.CLASSIFY, actions.value(numbers[2], "minor")) is None
    h.run_jobs()
    assert h.incident(numbers[2]).channel_id is not None  # at once, though its own triage job still waits
    h.clock.advance(seconds=1)  # the channel's checklist, then the card's refresh
    h.run_jobs()
    after_one = card(h, numbers[1])
    assert actions.value(numbers[2], "minor") not in buttons(after_one, actions.CLASSIFY)
    assert "Classified" in text(after_one)
    assert press(h.core, h.actor(OPERATOR, HELPDESK), actions.CLASSIFY_ALL, actions.value(numbers[1], "major")) is None
    for _ in range(6):
        h.clock.advance(seconds=1)
        h.run_jobs()
    assert h.incident(numbers[1]).severity is not None and h.incident(numbers[1]).channel_id is not None
    assert [h.incident(n).duplicate_of for n in numbers[3:]] == [numbers[1], numbers[1]]
    assert h.incident(numbers[2]).duplicate_of is None  # classified on its own before
    assert buttons(card(h, numbers[1]), actions.CLASSIFY) == []
    assert h.incident(numbers[0]).duplicate_of is None  # the first report had its own line, not on the card


def test_reports_arriving_while_the_helpdesk_is_paced_join_the_latest_card_by_updating_it(h: Harness) -> None:
    numbers = storm(h, 3)
    h.clock.advance(seconds=1)
    h.run_jobs()  # the card of the three waiting
    later = [h.report(f"Still down {n}", reporter=EMPLOYEE, key=f"later{n}") for n in range(4)]
    h.run_jobs()  # the channel's turn was just used: no new post, the card is updated
    posted = h.chat.in_channel(HELPDESK)
    assert len(posted) == 2
    spec = posted[1].spec
    assert spec.summary == "7 new reports in the last minute"
    assert {h.incident(n).triage_ref for n in numbers[1:] + later} == {posted[1].ref}
    assert sorted(buttons(spec, actions.CLASSIFY)) == sorted(actions.value(n, s) for n in numbers[1:] + later
                                                              for s in ("weak", "minor", "major", "crisis"))
    assert text(spec).index(later[0]) < text(spec).index(later[3])  # in the order reported
    h.clock.advance(seconds=5)
    h.run_jobs()
    assert len(h.chat.in_channel(HELPDESK)) == 2  # no turn was reserved for them


def test_a_full_card_is_not_joined_the_reports_left_wait_for_the_next_turn(h: Harness) -> None:
    storm(h, 3)
    h.clock.advance(seconds=1)
    h.run_jobs()
    later = [h.report(f"Still down {n}", reporter=EMPLOYEE, key=f"later{n}") for n in range(CARD_SIZE)]
    h.run_jobs()
    posted = h.chat.in_channel(HELPDESK)
    assert len(posted) == 2
    room = CARD_SIZE - 3
    assert len(set(buttons(posted[1].spec, actions.CLASSIFY))) == 4 * CARD_SIZE  # 3, and the others joined
    assert all(h.incident(n).triage_ref is None for n in later[room:])
    h.clock.advance(seconds=1)
    h.run_jobs()
    posted = h.chat.in_channel(HELPDESK)
    assert len(posted) == 3  # the three left, on a card of their own in the next turn
    assert {h.incident(n).triage_ref for n in later[room:]} == {posted[2].ref}


def test_a_report_with_a_free_turn_gets_its_own_line_not_an_old_card(h: Harness) -> None:
    storm(h, 3)
    h.clock.advance(seconds=1)
    h.run_jobs()
    h.clock.advance(seconds=1)
    late = h.report("Printer jammed", reporter=EMPLOYEE, key="late")
    h.run_jobs()
    posted = h.chat.in_channel(HELPDESK)
    assert len(posted) == 3 and h.incident(late).triage_ref == posted[2].ref
    assert posted[2].spec.summary != posted[1].spec.summary  # its own line
    again = h.report("Printer jammed again", reporter=EMPLOYEE, key="again")
    h.run_jobs()  # paced, and the latest triage message is a line, not a card: it waits for its turn
    assert h.incident(again).triage_ref is None
    assert len(h.chat.in_channel(HELPDESK)) == 3


def test_a_storms_card_names_its_reporters_when_it_is_posted(h: Harness) -> None:
    """The reporter's confirmation asks the platform for their name, outside the helpdesk's lane: the card that
    gathers the waiting reports names them at once, and no update per report follows."""
    people = [f"U0STORM{n}" for n in range(3)]
    for n, who in enumerate(people):
        h.chat.names[who] = f"Reporter Number{n}"
    h.report("Mail server down", reporter=EMPLOYEE, key="first")
    h.run_jobs()
    numbers = [h.report(f"Outage {n}", reporter=who, key=f"k{n}") for n, who in enumerate(people)]
    h.run_jobs()
    h.clock.advance(seconds=1)
    h.run_jobs()
    card_message = h.chat.in_channel(HELPDESK)[1]
    assert all(f"Reporter Number{n}" in text(card_message.spec) for n in range(3))
    assert card_message.history == []  # posted naming them: never updated
    assert [h.incident(n).reporter_display for n in numbers] == [f"Reporter Number{n}" for n in range(3)]

