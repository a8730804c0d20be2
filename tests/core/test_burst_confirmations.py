"""Tagged messages confirm quietly with a ✅ each; when confirmations pile up (a burst), one quiet line
confirms the pile instead, and every entry still gets its permalink and is confirmed once."""

from __future__ import annotations

import pytest

from bot.domain.incident import MessageRef
from bot.jobs.outbox import Pacer
from bot.jobs.pacing import REACTION_BURST
from bot.jobs.pacing import UPDATE_SPACING
from bot.jobs.runner import BURST_AT
from bot.jobs.runner import JobRunner
from bot.ports import UnitOfWorkFactory
from bot.usecases import logbook
from tests.core.harness import RESPONDER
from tests.core.harness import Harness
from tests.core.harness import make_harness
from tests.core.test_lifecycle import classify


@pytest.fixture
def h(uow_factory: UnitOfWorkFactory) -> Harness:
    return make_harness(uow_factory)


def _channel_with_incident(h: Harness) -> tuple[str, int]:
    number = h.report()
    classify(h, number, "minor")
    h.run_jobs()
    incident = h.incident(number)
    assert incident.channel_id is not None and incident.id is not None
    return incident.channel_id, incident.id


def _tag(h: Harness, channel_id: str, count: int, start: int = 0) -> list[MessageRef]:
    refs = [MessageRef(channel_id, f"1700000000.{n:06d}") for n in range(start, start + count)]
    for n, ref in enumerate(refs, start):
        assert logbook.record_tagged(h.core, "slack", ref, RESPONDER, f"!action step {n}", f"Ev{n}")
    return refs


def _burst_lines(h: Harness, channel_id: str) -> list[str]:
    return [m.spec.summary for m in h.chat.messages.values() if m.ref.channel_id == channel_id
            and m.spec.marker is not None and m.spec.marker.startswith("log-burst")]


def test_a_few_tagged_messages_each_get_their_check_mark(h: Harness) -> None:
    channel_id, _ = _channel_with_incident(h)
    refs = _tag(h, channel_id, BURST_AT - 1)
    h.run_jobs()
    assert [ref for ref, name in h.chat.reactions if name == "white_check_mark"] == refs
    assert _burst_lines(h, channel_id) == []


def test_a_pile_of_confirmations_becomes_one_line_and_each_entry_keeps_its_permalink(h: Harness) -> None:
    channel_id, incident_id = _channel_with_incident(h)
    with h.core.uow(read_only=True) as uow:
        before = uow.logbook.count(incident_id)
    refs = _tag(h, channel_id, 120)
    h.run_jobs()
    assert [ref for ref, name in h.chat.reactions if name == "white_check_mark"] == []
    lines = _burst_lines(h, channel_id)
    assert lines == [h.core.team_translator().t("log.burst", count=120, first=before + 1, last=before + 120)]
    assert lines[0].startswith(f"✅ 120 berichten opgenomen in het logboek (regels {before + 1} tot {before + 120})")
    with h.core.uow(read_only=True) as uow:
        assert uow.jobs.pending(incident_id) == 0
        entries = [e for e in uow.logbook.entries(incident_id, 500) if e.message in refs]
    assert len(entries) == 120 and all(e.permalink for e in entries)
    h.run_jobs()
    assert len(_burst_lines(h, channel_id)) == 1  # confirmed once


def test_a_burst_that_cannot_be_posted_waits_and_is_confirmed_once(h: Harness) -> None:
    channel_id, incident_id = _channel_with_incident(h)
    _tag(h, channel_id, 40)
    h.chat.lose_answers = 1  # the line is posted, but its answer is lost
    h.run_jobs()
    h.clock.advance(seconds=120)
    h.run_jobs()
    assert len(_burst_lines(h, channel_id)) == 1
    with h.core.uow(read_only=True) as uow:
        assert uow.jobs.pending(incident_id) == 0


def test_confirmations_beyond_the_reactions_allowance_wait_together_for_one_line(
        uow_factory: UnitOfWorkFactory) -> None:
    """Tagged messages arriving in small waves (each under a pile) while the channel is paced: the first ✅ go
    at once, the rest wait (no attempt counted) and are confirmed by lines for their burst, all soon after."""
    h = make_harness(uow_factory)
    h.runner = JobRunner(h.core, lambda platform: h.chat,
                         pacer=Pacer(1.0, monotonic=lambda: h.clock.now().timestamp()))
    channel_id, incident_id = _channel_with_incident(h)
    for _ in range(8):  # the channel's own posts (announcement, checklist…) go out a second apart
        h.clock.advance(seconds=1)
        h.run_jobs()
    refs: list[MessageRef] = []
    for wave in range(15):
        refs += _tag(h, channel_id, 8, start=wave * 8)
        h.run_jobs()
        h.clock.advance(seconds=0.5)
    for _ in range(30):
        h.clock.advance(seconds=1)
        h.run_jobs()
    reacted = [ref for ref, name in h.chat.reactions if name == "white_check_mark"]
    assert len(reacted) <= REACTION_BURST + 8 / UPDATE_SPACING  # within the allowance over the 7.5 s of waves
    lines = _burst_lines(h, channel_id)
    assert lines and len(reacted) + sum(int(line.split()[1]) for line in lines) == len(refs)  # each once
    with h.core.uow(read_only=True) as uow:
        assert uow.jobs.pending(incident_id) == 0
