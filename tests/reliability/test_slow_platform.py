"""Fault 3: Slack's Web API takes 5 s to answer; fault 5: it answers 429 with ``Retry-After: 7``. The bot still
acks every request within 3 s (the driver records a contract violation otherwise and the ``fake_slack`` fixture
fails on it), the work completes, and a rate-limited message is posted once, no earlier than Slack asked."""

from __future__ import annotations

import pytest

from tests.e2e.scheduler_world import OPERATOR
from tests.e2e.scheduler_world import classify
from tests.e2e.scheduler_world import report
from tests.e2e.scheduler_world import triage_message
from tests.e2e.world import World
from tests.e2e.world import wait_for
from tests.fakes.slack.http_driver import SlackDriver

pytestmark = pytest.mark.slow


def test_a_slack_api_taking_5_seconds_delays_the_work_not_the_ack(world: World, slack: SlackDriver) -> None:
    fake = world.fake
    fake.delay_next("chat.postMessage", 5)
    number = report(world, slack, "Mail server down")  # the submission is acked at once
    triage_message(world, number)  # ... and the triage message follows, 5 s later

    fake.delay_next("conversations.create", 5)
    _, channel_id = classify(world, slack, number=number)  # the click is acked; the channel comes later
    wait_for(lambda: fake.channel(channel_id).topic.startswith(number), timeout=30, what="the channel's topic")

    fake.delay_next("reactions.add", 5)
    tagged, _ = slack.post_message(OPERATOR, channel_id, "!action Restarted postfix")
    wait_for(lambda: "white_check_mark" in (fake.message(channel_id, tagged).reactions or {}),  # type: ignore[union-attr]
             timeout=30, what="the logbook confirmation after the slow reaction")
    assert slack.slash(OPERATOR, "log", channel_id).status_code == 200
    assert len([c for c in fake.calls_to("conversations.create") if c.ok]) == 1
    assert [m for m in fake.messages(world.helpdesk) if m.bot_id and number in (m.text or "")] == [
        triage_message(world, number)]
    assert fake.violations == [], fake.violations


def test_a_429_with_retry_after_7_posts_once_and_not_earlier(world: World, slack: SlackDriver) -> None:
    fake = world.fake
    fake.fail_next("chat.postMessage", status=429, retry_after=7)
    number = report(world, slack, "Mail server down")
    triage = wait_for(lambda: next((m for m in fake.messages(world.helpdesk) if number in (m.text or "")), None),
                      timeout=30, what="the triage message after the rate limit")
    refused = next(c for c in fake.calls_to("chat.postMessage") if c.http_status == 429)
    # The refused post (the reporter's confirmation goes first, then the triage line) goes out once, not before
    # its Retry-After; posts to other conversations do not wait for it (Slack limits posting per channel).
    posted = wait_for(lambda: [c for c in fake.calls_to("chat.postMessage")
                               if c.ok and c.args.get("channel") == refused.args.get("channel")],
                      timeout=30, what="the refused post, sent again")
    assert len(posted) == 1, posted
    assert posted[0].at - refused.at >= 7, f"posted {posted[0].at - refused.at:.2f} s after the 429"
    assert [m for m in fake.messages(world.helpdesk) if m.bot_id and number in (m.text or "")] == [triage]
