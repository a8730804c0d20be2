"""``/incident exercise`` on the fake Slack: the helpdesk operator starts a drill with its severity; its channel is
named as one and every message in it says EXERCISE."""

from __future__ import annotations

import json

from tests.e2e.world import World
from tests.e2e.world import wait_for
from tests.fakes.slack.http_driver import SlackDriver
from tests.fakes.slack.model import Channel

OPERATOR, RESPONDER = "U0DRIES", "U0LOTTE"


def test_a_drill_gets_a_marked_channel_and_marked_messages(world: World, slack: SlackDriver) -> None:
    fake = world.fake
    answer = slack.slash(OPERATOR, "exercise Ransomware on the file server major with @lotte", world.helpdesk)
    assert answer.status_code == 200
    assert "EXERCISE" in json.dumps(answer.json(), ensure_ascii=False)
    channel: Channel = wait_for(lambda: next((c for c in list(fake.channels.values())
                                              if c.name.startswith("exercise-inc-")), None), what="the drill's channel")
    assert channel.name.endswith("-ransomware-on-the-file-server")
    wait_for(lambda: fake.messages(channel.id), what="a message in the drill's channel")
    posted = fake.messages(channel.id)
    assert all("EXERCISE" in message.text for message in posted)
    assert "EXERCISE" in json.dumps(posted[0].blocks, ensure_ascii=False)
    wait_for(lambda: RESPONDER in fake.channel(channel.id).members, what="the participant named invited")
    assert "EXERCISE" in fake.channel(channel.id).topic
    opened = slack.slash(RESPONDER, "log add Backups restored", channel.id)
    assert opened.status_code == 200
    form = wait_for(lambda: next(iter(fake.open_views(RESPONDER)), None), what="the logbook form")
    assert world.fake.calls_to("views.open")  # checked against Slack's contract by the fake
    first = json.dumps(form.view["blocks"][0], ensure_ascii=False)
    assert "EXERCISE" in first and "not a real incident" in first
