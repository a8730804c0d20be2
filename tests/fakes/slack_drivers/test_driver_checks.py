"""What the drivers refuse because the Slack client itself would not send it (an empty required input, an
unknown option, too long a text, an unknown input or button, another user's modal), and an answer slower than
Slack waits for, counted as a violation."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient

from tests.fakes.slack import SlackDriver
from tests.fakes.slack_drivers.bolt_app import SECRET
from tests.fakes.slack_drivers.conftest import ALICE
from tests.fakes.slack_drivers.conftest import BOB
from tests.fakes.slack_drivers.conftest import Bot


def test_driver_refuses_what_slack_would_not_send(http_bot: Bot, general: str) -> None:
    fake, driver = http_bot.fake, http_bot.driver
    driver.slash(ALICE, "", general)
    view = fake.last_view(ALICE)
    assert view is not None
    with pytest.raises(AssertionError, match="required input left empty"):
        driver.submit_view(ALICE, view.id, {"title": "Database down"})
    with pytest.raises(AssertionError, match=r"no option with value 'sev9'; options: \['sev1', 'sev2', 'sev3'\]"):
        driver.submit_view(ALICE, view.id, {"title": "Database down", "severity": "sev9"})
    with pytest.raises(AssertionError, match="> max_length 60"):
        driver.submit_view(ALICE, view.id, {"title": "x" * 61, "severity": "sev1"})
    with pytest.raises(AssertionError, match=r"no input element for \['nope'\]"):
        driver.submit_view(ALICE, view.id, {"title": "Database down", "severity": "sev1", "nope": 1})
    with pytest.raises(AssertionError, match="belongs to U0ALICE01"):
        driver.submit_view(BOB, view.id, {"title": "Database down", "severity": "sev1"})

    client = WebClient(base_url=fake.api_url, token=fake.bot_token)
    ts = client.chat_postMessage(
        channel=general,
        text="pick",
        blocks=[
            {
                "type": "actions",
                "elements": [
                    {"type": "button", "action_id": "ack", "value": "1", "text": {"type": "plain_text", "text": "A"}},
                    {"type": "button", "action_id": "ack2", "text": {"type": "plain_text", "text": "B"}},
                ],
            }
        ],
    )["ts"]
    with pytest.raises(AssertionError, match=r"action_ids present: \['ack', 'ack2'\]"):
        driver.click(ALICE, general, ts, "missing")
    assert fake.violations == []


def test_slow_answers_are_violations(http_bot: Bot, general: str) -> None:
    assert isinstance(http_bot.driver, SlackDriver)
    impatient = SlackDriver(http_bot.driver.bot_url, SECRET, http_bot.fake, deadline=0.0)
    impatient.url_verification()
    impatient.close()
    assert len(http_bot.fake.violations) == 1 and "Slack gives up after 0 s" in http_bot.fake.violations[0]
    http_bot.fake.violations.clear()

