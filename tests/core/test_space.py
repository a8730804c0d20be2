"""The incident's channel when the platform's answer to its creation is lost: the retry adopts the channel the bot
made instead of making ``…-2``; a person's channel of that name, or one of another incident, is left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.jobs.space import store_refs
from bot.ports import UnitOfWorkFactory
from tests.core.harness import Harness
from tests.core.scheduling import channel
from tests.core.scheduling import classify
from tests.core.scheduling import english_harness
from tests.core.scheduling import new_incident

NAME = "inc-2026-0001-mail-server-down"


@pytest.fixture
def h(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> Harness:
    return english_harness(uow_factory, tmp_path)


def test_a_channel_whose_creation_answer_was_lost_is_adopted_not_made_twice(h: Harness) -> None:
    number = h.report()
    h.chat.lose_channel_answers = 1  # the channel is made; Sirene never hears so
    assert classify(h, number, "major") is None
    h.run_jobs()
    assert h.incident(number).channel_id is None
    assert [c["name"] for c in h.chat.channels.values()] == [NAME]
    h.clock.advance(seconds=5)  # the job's retry
    h.run_jobs()
    incident = h.incident(number)
    assert [c["name"] for c in h.chat.channels.values()] == [NAME]
    assert incident.channel_name == NAME and incident.channel_id == h.chat.channel_named(NAME)
    members = h.chat.channels[channel(h, number)]["members"]
    assert isinstance(members, set) and incident.owner_id in members and incident.reporter_id in members
    assert str(h.chat.channels[channel(h, number)]["topic"]).startswith(number)
    posted = h.chat.in_channel(channel(h, number))
    assert [(p.spec.marker or "").partition("@")[0] for p in posted] == [f"{number}:announcement",
                                                                         f"{number}:checklist"]
    assert h.chat.pins == [posted[0].ref]


def test_a_persons_channel_with_the_name_leads_to_a_second_name(h: Harness) -> None:
    h.chat.add_channel(NAME, creator="U0SOMEONE")
    h.chat.invite(h.chat.channel_named(NAME) or "", ["sirene"])  # even with the bot in it
    number = new_incident(h, "major")
    assert h.incident(number).channel_name == f"{NAME}-2"
    assert h.chat.channels[channel(h, number)]["creator"] == "sirene"


def test_the_bots_channel_of_another_incident_is_not_taken_over(h: Harness) -> None:
    first = new_incident(h, "minor", title="Printer jam")
    # The bot's channel with the next incident's name, already the first incident's (e.g. renamed by hand).
    taken = h.chat.create_channel("inc-2026-0002-mail-server-down", private=True)
    store_refs(h.core, h.incident(first), channel_id=taken)
    second = new_incident(h, "major")
    assert second == "INC-2026-0002"
    assert h.incident(second).channel_name == "inc-2026-0002-mail-server-down-2"
    assert h.incident(first).channel_id == taken
