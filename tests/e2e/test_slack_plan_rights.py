"""Who activates what, on the fake Slack: the Incident Response Manager is refused the BCP (the refusal names
who may) and proposes it; the BCP manager, paged by direct message, activates it; the IRP manager cannot
answer the BCP manager's page."""

from __future__ import annotations

import json

from tests.e2e.scheduler_world import classify
from tests.e2e.scheduler_world import direct
from tests.e2e.scheduler_world import direct_channel
from tests.e2e.scheduler_world import reported
from tests.e2e.test_slack_story import triage_message
from tests.e2e.world import World
from tests.e2e.world import button
from tests.e2e.world import wait_for
from tests.fakes.slack.http_driver import SlackDriver

IRP_MANAGER, BCP_MANAGER, RESPONDER = "U0HUGO", "U0SOFIE", "U0LOTTE"


def test_the_bcp_manager_activates_what_the_irp_manager_proposes(world: World, slack: SlackDriver) -> None:
    fake = world.fake
    _, channel_id = classify(world, slack, "major")
    wait_for(lambda: IRP_MANAGER in fake.channel(channel_id).members, what="the IRP manager invited")

    refused = json.dumps(slack.slash(IRP_MANAGER, "activate bcp", channel_id).json())
    assert "Only the BCP manager or CMP manager can activate the BCP" in refused
    assert "/incident propose bcp" in refused

    assert slack.slash(IRP_MANAGER, "propose bcp", channel_id).status_code == 200
    page = wait_for(lambda: next((m for m in direct(fake, BCP_MANAGER) if "proposes activating the BCP"
                                  in json.dumps(m.blocks)), None), what="the proposal to the BCP manager")
    dm = direct_channel(fake, BCP_MANAGER)
    assert dm is not None
    answer = slack.click(BCP_MANAGER, dm, page.ts, button(page, "sirene.activate"))
    assert answer.status_code == 200
    wait_for(lambda: "BCP active" in fake.channel(channel_id).topic, what="the topic to show the BCP")
    wait_for(lambda: BCP_MANAGER in fake.channel(channel_id).members, what="the BCP manager invited")
    log = json.dumps(slack.slash(RESPONDER, "log", channel_id).json(), ensure_ascii=False)
    assert "Hugo Peeters proposed activating the BCP to the BCP manager." in log
    assert "BCP activated by Sofie Dubois." in log


def test_an_action_in_a_weak_events_helpdesk_thread_is_logged(world: World, slack: SlackDriver) -> None:
    fake = world.fake
    number = reported(world, slack, "Disk warnings on the file server")
    triage = triage_message(world, number)
    slack.click("U0DRIES", world.helpdesk, triage.ts, button(triage, "sirene.classify", f"{number}|weak"))
    wait_for(lambda: "Weak" in json.dumps(fake.message(world.helpdesk, triage.ts).blocks),  # type: ignore[union-attr]
             what="the triage message to show the classification")
    ts, answer = slack.post_message(RESPONDER, world.helpdesk, "!action Checked the SMART values", triage.ts)
    assert answer is not None and answer.status_code == 200
    wait_for(lambda: "white_check_mark" in fake.message(world.helpdesk, ts).reactions,  # type: ignore[union-attr]
             what="the logbook confirmation")
    log = json.dumps(slack.slash(RESPONDER, f"log {number}", world.helpdesk).json(), ensure_ascii=False)
    assert "Checked the SMART values" in log
