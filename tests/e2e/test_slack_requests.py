"""Requests as Slack sends them, good and bad: signatures, retries, verification, health."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.e2e.test_slack_story import first
from tests.e2e.test_slack_story import incident_channel
from tests.e2e.test_slack_story import report
from tests.e2e.test_slack_story import triage_message
from tests.e2e.world import EMPLOYEE
from tests.e2e.world import World
from tests.e2e.world import button
from tests.e2e.world import reactions
from tests.e2e.world import wait_for
from tests.fakes.slack.http_driver import Signing
from tests.fakes.slack.http_driver import SlackDriver

OPERATOR, RESPONDER = "U0DRIES", "U0LOTTE"


@pytest.mark.parametrize("signing", ["unsigned", "wrong_secret", "stale"])
def test_forged_or_stale_requests_get_401_and_change_nothing(world: World, slack: SlackDriver,
                                                              signing: Signing) -> None:
    general = world.fake.channel_by_name("general")
    assert general is not None
    answer = slack.with_options(signing=signing).slash(EMPLOYEE, "Mail server down", general.id)
    assert answer.status_code == 401
    assert world.fake.calls_to("views.open") == []
    assert world.fake.open_views(EMPLOYEE) == []


def test_a_redelivered_event_is_logged_once(world: World, slack: SlackDriver) -> None:
    number = report(world, slack)
    triage = triage_message(world, number)
    slack.click(OPERATOR, world.helpdesk, triage.ts, button(triage, "sirene.classify", f"{number}|minor"))
    channel_id = incident_channel(world)
    ts, first = slack.post_message(RESPONDER, channel_id, "!action Replaced the broken disk")
    assert first is not None and first.status_code == 200
    for retry in (1, 2):
        assert slack.redeliver(retry_num=retry, reason="http_timeout").status_code == 200
    wait_for(lambda: "white_check_mark" in reactions(world.fake, channel_id, ts), what="the entry")
    log = json.dumps(slack.slash(RESPONDER, "log", channel_id).json())
    assert log.count("Replaced the broken disk") == 1
    assert len(world.fake.calls_to("reactions.add")) == 1


def test_chatter_is_answered_without_a_trace_and_a_forged_message_is_refused(world: World, slack: SlackDriver) -> None:
    """Plain messages that are not for the logbook are answered at once (without Bolt); they still need a valid
    signature, and the tagged message that follows is recorded as usual."""
    number = report(world, slack)
    triage = triage_message(world, number)
    slack.click(OPERATOR, world.helpdesk, triage.ts, button(triage, "sirene.classify", f"{number}|minor"))
    channel_id = incident_channel(world)
    chatter_ts, chatter = slack.post_message(RESPONDER, channel_id, "anyone seen the backup logs?")
    assert chatter is not None and chatter.status_code == 200
    forged = slack.with_options(signing="wrong_secret").post_message(RESPONDER, channel_id, "!action forged")[1]
    assert forged is not None and forged.status_code == 401
    ts, tagged = slack.post_message(RESPONDER, channel_id, "!action Checked the backup logs")
    assert tagged is not None and tagged.status_code == 200
    wait_for(lambda: "white_check_mark" in reactions(world.fake, channel_id, ts), what="the entry")
    log = json.dumps(slack.slash(RESPONDER, "log", channel_id).json())
    assert "Checked the backup logs" in log
    assert "backup logs?" not in log and "forged" not in log
    assert not reactions(world.fake, channel_id, chatter_ts)


def test_a_double_click_classifies_once(world: World, slack: SlackDriver) -> None:
    number = report(world, slack)
    triage = triage_message(world, number)
    action = button(triage, "sirene.classify", f"{number}|major")
    slack.click(OPERATOR, world.helpdesk, triage.ts, action)
    slack.click(OPERATOR, world.helpdesk, triage.ts, action)
    incident_channel(world)
    wait_for(lambda: world.fake.ephemerals_for(OPERATOR), what="the 'already classified' answer")
    assert len(world.fake.calls_to("conversations.create")) == 1


def test_url_verification_echoes_the_challenge(world: World, slack: SlackDriver) -> None:
    answer = slack.url_verification("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P")
    assert answer.status_code == 200
    assert "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" in answer.text


def test_health_answers_when_the_database_does(world: World) -> None:
    answer = httpx.get(f"{world.server.url}/healthz")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok", "database": "ok", "platforms": ["slack"]}


def test_unknown_subcommand_and_wrong_channel_get_a_clear_ephemeral_answer(world: World, slack: SlackDriver) -> None:
    general = world.fake.channel_by_name("general")
    assert general is not None
    answer = slack.slash(EMPLOYEE, "status", general.id)
    assert answer.status_code == 200
    body = answer.json()
    assert body.get("response_type", "ephemeral") == "ephemeral"
    assert "not an incident channel" in json.dumps(body)
    unknown = slack.slash(EMPLOYEE, "status INC-2026-9999", general.id)
    assert "INC-2026-9999" in json.dumps(unknown.json())


def test_reclassify_and_reject_through_their_forms(world: World, slack: SlackDriver) -> None:
    fake = world.fake
    number = report(world, slack)
    triage = triage_message(world, number)
    slack.click(OPERATOR, world.helpdesk, triage.ts, button(triage, "sirene.classify", f"{number}|minor"))
    channel_id = incident_channel(world)
    announcement = wait_for(lambda: first(world, channel_id, lambda m: m.ts in fake.channel(channel_id).pins),
                            what="the pinned announcement")
    slack.click(OPERATOR, channel_id, announcement.ts, button(announcement, "sirene.reclassify", number))
    form = wait_for(lambda: fake.last_view(OPERATOR), what="the reclassify form")
    assert form.callback_id == "reclassify"
    refused = slack.submit_view(OPERATOR, form.id, {"severity": "major", "reason": "   "}).json()
    assert refused["response_action"] == "errors" and set(refused["errors"]) == {"reason"}
    accepted = slack.submit_view(OPERATOR, form.id, {"severity": "major", "reason": "customers affected"})
    assert accepted.status_code == 200
    wait_for(lambda: "🟠 Major" in fake.channel(channel_id).topic, what="the new severity in the topic")

    assert slack.slash(OPERATOR, "deactivate", channel_id).status_code == 200
    approval = wait_for(lambda: next((m for m in fake.messages(channel_id) if "sirene.reject" in json.dumps(m.blocks)),
                                     None), what="the approval request")
    slack.click("U0HUGO", channel_id, approval.ts, button(approval, "sirene.reject", f"{number}|1"))
    reject = wait_for(lambda: fake.last_view("U0HUGO"), what="the reject form")
    empty = slack.submit_view("U0HUGO", reject.id, {"reason": "  "}).json()
    assert empty["response_action"] == "errors"
    slack.submit_view("U0HUGO", reject.id, {"reason": "The backups are not verified yet"})
    wait_for(lambda: "Activation & handling" in fake.channel(channel_id).topic, what="the incident back in handling")
    wait_for(lambda: "The backups are not verified yet" in json.dumps(
        [m.blocks for m in fake.messages(channel_id)]), what="the rejection reason in the channel")


def test_an_expired_trigger_gets_a_button_that_opens_the_form_again(world: World, slack: SlackDriver) -> None:
    fake = world.fake
    general = fake.channel_by_name("general")
    assert general is not None
    real_now = fake.now
    issued: list[float] = []

    def late_clock() -> float:
        """The trigger is issued now; by the time the bot uses it, 5 s have passed (a slow network)."""
        if not issued:
            issued.append(real_now())
            return issued[0]
        return real_now() + 5

    fake.now = late_clock
    slack.slash(EMPLOYEE, "Printer on fire", general.id)
    notice = wait_for(lambda: fake.ephemerals_for(EMPLOYEE), what="the offer to open the form again")[-1]
    assert "could not be opened in time" in json.dumps(notice.to_slack())
    assert fake.open_views(EMPLOYEE) == []
    fake.now = real_now
    reopen = next(b["action_id"] for block in notice.blocks or [] if block.get("accessory")
                  for b in [block["accessory"]] if b["action_id"].startswith("sirene.reopen"))
    slack.click(EMPLOYEE, general.id, notice.message_ts, reopen)
    view = wait_for(lambda: fake.last_view(EMPLOYEE), what="the report form, opened again")
    assert view.callback_id == "report"
    assert "Printer on fire" in json.dumps(view.view)
