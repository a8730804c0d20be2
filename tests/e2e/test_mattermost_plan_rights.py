"""Who activates what, on the fake Mattermost: the Incident Response Manager is refused the BCP (the refusal
names who may) and proposes it; the BCP manager, paged by direct message, activates it."""

from __future__ import annotations

from tests.e2e.mattermost_world import MattermostWorld
from tests.e2e.test_mattermost_review import dm_post
from tests.e2e.test_mattermost_story import classify
from tests.e2e.test_mattermost_story import log_text
from tests.e2e.test_mattermost_story import report
from tests.e2e.world import wait_for
from tests.fakes.mattermost.driver import action


def test_the_bcp_manager_activates_what_the_irp_manager_proposes(mm_world: MattermostWorld) -> None:
    world, fake, ids = mm_world, mm_world.fake, mm_world.ids
    number = report(world)
    channel_id = classify(world, number, "major")
    wait_for(lambda: "Major" in fake.channels[channel_id].header, what="the header")

    refused = world.driver.slash(ids["hugo"], "activate bcp", channel_id)
    assert refused.status_code == 200
    assert "Only the BCP manager or CMP manager can activate the BCP" in refused.json()["text"]
    assert "/incident propose bcp" in refused.json()["text"]

    assert world.driver.slash(ids["hugo"], "propose bcp", channel_id).status_code == 200
    page = dm_post(world, "sofie", "sirene.activate", "proposes activating the BCP")
    not_needed = action(page, "sirene.decide")
    assert "can answer this" in world.driver.click(ids["hugo"], page, not_needed).json()["ephemeral_text"]

    answer = world.driver.click(ids["sofie"], page, action(page, "sirene.activate"))
    assert answer.status_code == 200, answer.text
    confirm = world.dialog("sofie", "sirene.confirm")
    assert world.driver.submit(ids["sofie"], confirm, {}, page.channel_id).status_code == 200
    wait_for(lambda: "BCP active" in fake.channels[channel_id].header, what="the header to show the BCP")
    wait_for(lambda: ids["sofie"] in fake.channels[channel_id].members, what="the BCP manager invited")
    log = log_text(world, "lotte", channel_id)
    assert "Hugo Peeters proposed activating the BCP to the BCP manager." in log
    assert "BCP activated by Sofie Dubois." in log
