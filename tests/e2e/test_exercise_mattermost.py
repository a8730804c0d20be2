"""``/incident exercise`` on the fake Mattermost: the helpdesk operator starts a drill with its severity; its channel
is named as one and every post in it says EXERCISE."""

from __future__ import annotations

from tests.e2e.mattermost_world import MattermostWorld
from tests.e2e.world import wait_for


def test_a_drill_gets_a_marked_channel_and_marked_posts(mm_world: MattermostWorld) -> None:
    world, fake, ids = mm_world, mm_world.fake, mm_world.ids
    answer = world.driver.slash(ids["dries"], "exercise Ransomware on the file server major", world.helpdesk)
    assert answer.status_code == 200, answer.text
    assert "EXERCISE" in answer.text
    channel = wait_for(lambda: fake.channel_named_like("exercise-inc-"), what="the drill's channel")
    wait_for(lambda: fake.bot_posts(channel.id), what="a post in the drill's channel")
    assert all("EXERCISE" in post.text() for post in fake.bot_posts(channel.id))
    wait_for(lambda: "EXERCISE" in fake.channels[channel.id].header, what="the header marked")
    wait_for(lambda: ids["dries"] in fake.channels[channel.id].members, what="the drill's starter in its channel")
    opened = world.driver.slash(ids["dries"], "log add Backups restored", channel.id)
    assert opened.status_code == 200, opened.text
    dialog = wait_for(lambda: next(iter(fake.dialogs_for(ids["dries"])), None), what="the logbook dialog")
    assert "EXERCISE" in dialog.dialog["introduction_text"]
