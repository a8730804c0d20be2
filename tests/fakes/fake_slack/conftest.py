"""What the fake Slack's own tests share: Alice and Bob, a slack_sdk ``WebClient`` on the fake with both of
them in the workspace (``client``), and small helpers to read a Slack error and to write a section block and
a modal."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.fakes.slack import FakeSlack

ALICE = "U0ALICE01"
BOB = "U0BOB0001"


@pytest.fixture
def client(fake_slack: FakeSlack) -> WebClient:
    fake_slack.add_user(ALICE, "alice", "alice@example.be")
    fake_slack.add_user(BOB, "bob", "bob@example.be", locale="fr-BE")
    return WebClient(base_url=fake_slack.api_url, token=fake_slack.bot_token)


def _error(exc: pytest.ExceptionInfo[SlackApiError]) -> str:
    return str(exc.value.response["error"])


def _section(text: str, **extra: Any) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}, **extra}


def _modal(title: str = "Declare incident", **extra: Any) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": "declare",
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": "Declare"},
        "blocks": [
            {
                "type": "input",
                "block_id": "title_b",
                "label": {"type": "plain_text", "text": "Title"},
                "element": {"type": "plain_text_input", "action_id": "title"},
            }
        ],
        **extra,
    }

