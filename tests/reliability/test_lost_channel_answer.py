"""Fault 13: the platform creates the incident's channel, but its answer is lost on the way back (the connection
drops after the work is done). The retried job finds the name taken, looks the channel up and adopts it because the
bot made it: one channel, without ``-2``, with its members, topic and pinned announcement. A person's channel that
happens to have the name is left alone, and the incident gets ``…-2`` as before. On Slack and on Mattermost."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.mattermost_world import MattermostWorld
from tests.e2e.scheduler_world import LOST_ANSWER
from tests.e2e.scheduler_world import OPERATOR
from tests.e2e.scheduler_world import driver
from tests.e2e.scheduler_world import fast_plan
from tests.e2e.scheduler_world import make_world
from tests.e2e.scheduler_world import marked
from tests.e2e.scheduler_world import reported
from tests.e2e.scheduler_world import running
from tests.e2e.scheduler_world import triage_message
from tests.e2e.test_mattermost_story import classify as mm_classify
from tests.e2e.test_mattermost_story import report as mm_report
from tests.e2e.test_scheduler_resilience import queue_empty
from tests.e2e.world import EMPLOYEE
from tests.e2e.world import World
from tests.e2e.world import button
from tests.e2e.world import populate
from tests.e2e.world import wait_for
from tests.fakes.slack.http_driver import SlackDriver
from tests.fakes.slack.server import FakeSlack
from tests.reliability.test_kill_9 import doubled

pytestmark = pytest.mark.slow

RESPONSE_TEAM = ("U0LOTTE", "U0BRAM")  # the plan's incident response team, invited from minor on


def incident_channels(fake: FakeSlack, number: str) -> list[str]:
    return sorted(c.name for c in list(fake.channels.values()) if c.name.startswith(f"inc-{number[4:].lower()}"))


def settled(fake: FakeSlack, channel_id: str, number: str) -> None:
    """The channel is set up: topic, pinned announcement, checklist."""
    wait_for(lambda: fake.channel(channel_id).topic.startswith(number), timeout=30, what="the topic")
    wait_for(lambda: fake.channel(channel_id).pins, timeout=30, what="the pinned announcement")
    wait_for(lambda: marked(fake, channel_id, f"{number}:checklist"), timeout=30, what="the checklist")


def test_a_lost_answer_to_conversations_create_makes_one_channel(fake_slack: FakeSlack, tmp_path: Path) -> None:
    fake = fake_slack
    helpdesk = populate(fake)
    plan = fast_plan(tmp_path / "plan.yaml", helpdesk, minor_sla="2h", reminders=())
    database = f"sqlite:///{tmp_path / 'sirene.db'}"
    with running(fake, plan, database, tmp_path / "sirene.log", expected_errors=(LOST_ANSWER,)) as server, \
            driver(server, fake) as slack:
        world = make_world(fake, server, helpdesk)
        number = reported(world, slack)
        name = f"inc-{number[4:].lower()}-mail-server-down"
        fake.drop_response_next("conversations.create")  # Slack makes the channel; Sirene never hears so
        triage = triage_message(world, number)
        slack.click(OPERATOR, helpdesk, triage.ts, button(triage, "sirene.classify", f"{number}|minor"))
        channel = wait_for(lambda: fake.channel_by_name(name), timeout=30, what="the channel")
        settled(fake, channel.id, number)
        wait_for(lambda: queue_empty(database), timeout=30, what="every job to be done")
    creations = fake.calls_to("conversations.create")
    assert [(c.args["name"], c.ok, c.error) for c in creations] == [(name, True, None), (name, False, "name_taken")]
    assert fake.calls_to("users.conversations"), "the retry looked the channel up"
    assert incident_channels(fake, number) == [name]
    assert set(fake.channel(channel.id).members) == {fake.bot_user_id, OPERATOR, EMPLOYEE, *RESPONSE_TEAM}
    [pinned] = fake.channel(channel.id).pins
    assert marked(fake, channel.id, f"{number}:announcement") == [fake.message(channel.id, pinned)]
    assert len(marked(fake, channel.id, f"{number}:checklist")) == 1
    assert doubled(fake) == {}
    assert fake.violations == []


def test_a_persons_channel_with_the_name_still_leads_to_a_second_name(world: World, slack: SlackDriver) -> None:
    fake = world.fake
    number = reported(world, slack)
    name = f"inc-{number[4:].lower()}-mail-server-down"
    persons = fake.add_channel(name, members=[EMPLOYEE])  # the bot is in it too, but did not make it
    triage = triage_message(world, number)
    slack.click(OPERATOR, world.helpdesk, triage.ts, button(triage, "sirene.classify", f"{number}|minor"))
    channel = wait_for(lambda: fake.channel_by_name(f"{name}-2"), timeout=30, what="the channel")
    settled(fake, channel.id, number)
    assert fake.calls_to("users.conversations"), "the bot looked the taken name up"
    assert incident_channels(fake, number) == [name, f"{name}-2"]
    assert set(fake.channel(channel.id).members) == {fake.bot_user_id, OPERATOR, EMPLOYEE, *RESPONSE_TEAM}
    untouched = fake.channel(persons.id)
    assert (untouched.members, untouched.topic, untouched.pins) == ([EMPLOYEE, fake.bot_user_id], "", [])
    assert fake.messages(persons.id) == []


def test_a_lost_answer_to_post_channels_makes_one_channel_on_mattermost(mm_world: MattermostWorld) -> None:
    world, fake, ids = mm_world, mm_world.fake, mm_world.ids
    number = mm_report(world)
    fake.drop_response_next("POST", "/channels")  # Mattermost makes the channel; Sirene never hears so
    channel_id = mm_classify(world, number, "major")
    name = f"inc-{number[4:].lower()}-mail-server-down"
    invited = {ids[k] for k in ("dries", "hugo", "lotte", "hanne", "bram", "emma")}
    wait_for(lambda: invited <= fake.channels[channel_id].members, timeout=30, what="the invitations")
    wait_for(lambda: fake.channels[channel_id].header.startswith(number), timeout=30, what="the header")
    wait_for(lambda: [p for p in fake.bot_posts(channel_id) if p.is_pinned], timeout=30, what="the pinned post")
    creations = [body["name"] for body in fake.calls_to("POST", "/channels") if "display_name" in body]
    assert creations == [name, name]  # the lost one, and the retry that found the name taken
    assert fake.calls_to("GET", f"/teams/{fake.team_id}/channels/name/{name}"), "the retry looked the channel up"
    assert [(c.name, c.is_private) for c in fake.channels.values() if c.name.startswith(name)] == [(name, True)]
    assert fake.channels[channel_id].members == invited | {fake.bot.id}
    assert len([p for p in fake.bot_posts(channel_id) if p.is_pinned]) == 1


def test_a_persons_channel_with_the_name_still_leads_to_a_second_name_on_mattermost(
        mm_world: MattermostWorld) -> None:
    world, fake, ids = mm_world, mm_world.fake, mm_world.ids
    number = mm_report(world)
    name = f"inc-{number[4:].lower()}-mail-server-down"
    persons = fake.add_channel(name, [ids["emma"], fake.bot.id], private=True)
    mm_classify(world, number, "major")
    channel = wait_for(lambda: fake.channel_by_name(f"{name}-2"), timeout=30, what="the second name")
    wait_for(lambda: fake.channels[channel.id].header.startswith(number), timeout=30, what="the header")
    assert channel.creator_id == fake.bot.id
    assert fake.calls_to("GET", f"/teams/{fake.team_id}/channels/name/{name}"), "the bot looked the taken name up"
    assert fake.channels[persons.id].members == {ids["emma"], fake.bot.id} and fake.channels[persons.id].header == ""
    assert fake.bot_posts(persons.id) == []
