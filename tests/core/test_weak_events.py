"""A weak event has no channel: it lives in its triage message's thread in the helpdesk channel. Its actions
are logged there too ("whatever the incident, a logbook is kept": 4.2), and the plan may ask a review for weak
events (``review.severities``; by default they get none)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import actions
from bot.domain.incident import MessageRef
from bot.domain.phase import Phase
from bot.ports import UnitOfWorkFactory
from bot.usecases.command import run_command
from bot.usecases.interaction import press
from bot.usecases.logbook import note_reaction
from bot.usecases.logbook import record_tagged
from tests.core.harness import HELPDESK
from tests.core.harness import IRP_MANAGER
from tests.core.harness import OPERATOR
from tests.core.harness import RESPONDER
from tests.core.harness import Harness
from tests.core.scheduling import english_harness
from tests.core.scheduling import new_incident


@pytest.fixture
def h(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> Harness:
    return english_harness(uow_factory, tmp_path)


def entries(h: Harness, number: str) -> list[str]:
    with h.core.uow() as uow:
        return [e.text for e in uow.logbook.entries(h.incident(number).id or 0, 200)]


def thread_of(h: Harness, number: str) -> str:
    triage = h.incident(number).triage_ref
    assert triage is not None and triage.channel_id == HELPDESK
    return triage.message_id


def test_actions_in_a_weak_events_thread_go_into_its_logbook(h: Harness) -> None:
    number = new_incident(h, "weak")
    other = new_incident(h, "weak")
    thread = thread_of(h, number)
    reply = MessageRef(HELPDESK, "1700000000.000100")
    assert record_tagged(h.core, "slack", reply, RESPONDER, "!action Checked the disk's SMART values", "e1", thread)
    assert not record_tagged(h.core, "slack", reply, RESPONDER, "!action Checked the disk's SMART values", "e1",
                             thread)  # delivered twice: recorded once
    assert "Checked the disk's SMART values" in entries(h, number)
    assert "Checked the disk's SMART values" not in entries(h, other)
    outside = MessageRef(HELPDESK, "1700000000.000200")
    assert not record_tagged(h.core, "slack", outside, RESPONDER, "!action Not in a thread", "e2")  # no incident
    posted = MessageRef(HELPDESK, "1700000000.000300")
    h.chat.texts[posted] = (RESPONDER, "Replaced the disk")  # a person's reply in the thread, as the chat holds it
    assert note_reaction(h.core, "slack", posted, "memo", "e3", thread)
    h.run_jobs()
    assert any("Replaced the disk" in text for text in entries(h, number))


def test_a_weak_event_gets_a_review_only_when_the_plan_asks(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> None:
    h = english_harness(uow_factory, tmp_path, review={"severities": ["weak", "minor", "major", "crisis"]})
    number = new_incident(h, "weak")
    assert run_command(h.core, h.actor(OPERATOR, HELPDESK), f"deactivate {number}") is None
    h.run_jobs()
    round_ = actions.value(number, h.incident(number).deactivation_round)
    assert press(h.core, h.actor(IRP_MANAGER, HELPDESK), actions.APPROVE, round_) is None
    assert h.incident(number).phase is Phase.CLOSED
    h.run_jobs()
    assert any((spec.marker or "").startswith(f"{number}:review") for spec in h.chat.direct_to(IRP_MANAGER))

