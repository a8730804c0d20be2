"""The Slack ChatPort finds a post whose answer was lost (by the marker in its first block's block_id), in a
channel, a thread and a direct conversation, so that a retry never posts twice."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient

from bot.ports import ChatUnavailable
from bot.specs import MessageSpec
from bot.specs import Plain
from bot.specs import Section
from handlers.slack.chat import SlackChat
from handlers.slack.render import render_message
from tests.fakes.slack.server import FakeSlack


def chat_for(fake: FakeSlack) -> SlackChat:
    return SlackChat(WebClient(token=fake.bot_token, base_url=fake.api_url, retry_handlers=[]))


def spec(marker: str | None) -> MessageSpec:
    return MessageSpec("Reminder", (Section((Plain("SLA at 50%"),)),), marker=marker)


def test_the_marker_travels_in_the_first_blocks_id() -> None:
    body = render_message(spec("INC-2026-0001:reminder:sla:50@job7.0"))
    assert body["blocks"][0]["block_id"] == "sirene:INC-2026-0001:reminder:sla:50@job7.0"
    assert "block_id" not in render_message(spec(None))["blocks"][0]
    bare = render_message(MessageSpec("Only a summary", marker="m@job1.0"))
    assert bare["blocks"][0]["block_id"] == "sirene:m@job1.0" and bare["blocks"][0]["type"] == "section"


def test_a_lost_answer_is_found_in_the_channel_not_posted_twice(fake_slack: FakeSlack) -> None:
    chat = chat_for(fake_slack)
    channel_id = chat.create_channel("inc-2026-0001-mail", private=True)
    chat.post_message(channel_id, spec("other@job1.0"))
    fake_slack.drop_response_next("chat.postMessage")
    with pytest.raises(ChatUnavailable):
        chat.post_message(channel_id, spec("reminder@job2.0"))
    assert len(fake_slack.messages(channel_id)) == 2  # it was posted once: no retry by the client
    found = chat.find_posted(channel_id, "reminder@job2.0")
    assert found is not None and found.message_id == fake_slack.messages(channel_id)[1].ts
    assert chat.find_posted(channel_id, "reminder@job2.1") is None


def test_a_lost_answer_is_found_in_a_thread(fake_slack: FakeSlack) -> None:
    chat = chat_for(fake_slack)
    helpdesk = chat.create_channel("helpdesk", private=False)
    parent = chat.post_message(helpdesk, spec("triage@job1.0"))
    reply = chat.post_message(helpdesk, spec("reminder@job3.0"), thread_id=parent.message_id)
    assert chat.find_posted(helpdesk, "reminder@job3.0", parent.message_id) == reply
    assert chat.find_posted(helpdesk, "reminder@job3.0") is None  # not among the channel's top messages


def test_a_lost_direct_message_is_found_in_the_direct_conversation(fake_slack: FakeSlack) -> None:
    fake_slack.add_user("U0HUGO", "hugo", "hugo@example.be")
    chat = chat_for(fake_slack)
    fake_slack.drop_response_next("chat.postMessage")
    with pytest.raises(ChatUnavailable):
        chat.send_direct("U0HUGO", spec("page:3@job9.0"))
    found = chat.find_direct("U0HUGO", "page:3@job9.0")
    assert found is not None
    assert len(fake_slack.messages(found.channel_id)) == 1
