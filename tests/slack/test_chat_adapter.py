"""The Slack ChatPort against the fake Slack Web API: each core operation is a contract-valid call."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient

from bot.domain.incident import MessageRef
from bot.ports import ChatUnavailable
from bot.ports import NameTaken
from bot.specs import MessageSpec
from bot.specs import Plain
from bot.specs import Section
from handlers.slack.chat import SlackChat
from tests.fakes.slack.server import FakeSlack

SPEC = MessageSpec("Mail server down", (Section((Plain("Mail server down <!channel>"),)),))


def chat_for(fake: FakeSlack) -> SlackChat:
    return SlackChat(WebClient(token=fake.bot_token, base_url=fake.api_url))


def test_post_update_react_pin_and_permalink(fake_slack: FakeSlack) -> None:
    fake_slack.add_user("U0ALICE01", "alice", "alice@example.be", locale="nl-BE")
    chat = chat_for(fake_slack)
    channel_id = chat.create_channel("inc-2026-0001-mail", private=True)
    chat.invite(channel_id, ["U0ALICE01"])
    ref = chat.post_message(channel_id, SPEC)
    chat.update_message(ref, MessageSpec("Updated", (Section((Plain("Updated"),)),)))
    chat.add_reaction(ref, "white_check_mark")
    chat.add_reaction(ref, "white_check_mark")  # already there: nothing to do, no error
    chat.pin(ref)
    chat.set_header(channel_id, "INC-2026-0001 · Major")
    official = fake_slack.calls_to("chat.getPermalink")
    expected = f"https://sirene-test.slack.com/archives/{channel_id}/p{ref.message_id.replace('.', '')}"
    assert chat.permalink(ref) == expected
    assert fake_slack.calls_to("chat.getPermalink") != official  # asked of Slack: no workspace URL given
    local = SlackChat(WebClient(token=fake_slack.bot_token, base_url=fake_slack.api_url),
                      "https://sirene-test.slack.com/")
    calls = len(fake_slack.calls)
    assert local.permalink(ref) == chat.permalink(ref)
    assert len(fake_slack.calls) == calls + 1  # only the second, unconfigured adapter asked
    stored = fake_slack.message(channel_id, ref.message_id)
    assert stored is not None and stored.text == "Updated"
    assert "<!channel>" not in str(fake_slack.calls_to("chat.postMessage")[0].args)
    assert chat.fetch_message(ref) == (fake_slack.bot_user_id, "Updated")
    assert chat.user_language("U0ALICE01") == "nl"
    assert chat.find_user_by_email("alice@example.be") == "U0ALICE01"
    assert chat.find_user_by_email("nobody@example.be") is None


def test_a_taken_name_and_a_rate_limit_become_core_errors(fake_slack: FakeSlack) -> None:
    chat = chat_for(fake_slack)
    chat.create_channel("inc-2026-0002", private=False)
    with pytest.raises(NameTaken):
        chat.create_channel("inc-2026-0002", private=False)
    fake_slack.fail_next("chat.postMessage", status=429, retry_after=7)
    channel_id = chat.create_channel("inc-2026-0003", private=False)
    with pytest.raises(ChatUnavailable) as caught:
        chat.post_message(channel_id, SPEC)
    assert caught.value.retry_after == 7


def test_files_are_uploaded_with_slacks_current_flow(fake_slack: FakeSlack) -> None:
    chat = chat_for(fake_slack)
    channel_id = chat.create_channel("inc-2026-0004", private=False)
    chat.upload_file(channel_id, "INC-2026-0004.md", b"# Report\n", "Incident report")
    assert [c.method for c in fake_slack.calls if c.method.startswith("files.")] == [
        "files.getUploadURLExternal", "files.completeUploadExternal"]
    assert any(f.content == b"# Report\n" for f in fake_slack.files.values())


def test_a_deleted_message_cannot_be_fetched(fake_slack: FakeSlack) -> None:
    chat = chat_for(fake_slack)
    channel_id = chat.create_channel("inc-2026-0005", private=False)
    assert chat.fetch_message(MessageRef(channel_id, "1700000000.000001")) is None
