"""FakeSlack's channels against the real slack_sdk clients: created, invited to, given a topic and read
page by page, Slack's channel-name rule, a taken name, a private channel the bot cannot see, the bot's
channels by type, and a channel whose creation's answer was lost."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.fakes.fake_slack.conftest import ALICE
from tests.fakes.fake_slack.conftest import BOB
from tests.fakes.fake_slack.conftest import _error
from tests.fakes.slack import FakeSlack


def test_create_invite_topic_and_info(fake_slack: FakeSlack, client: WebClient) -> None:
    created = client.conversations_create(name="inc-2026-0042-db-outage", is_private=True)["channel"]
    assert created["is_private"] is True and created["is_member"] is True
    ch = fake_slack.channel_by_name("inc-2026-0042-db-outage")
    assert ch is not None and ch.members == [fake_slack.bot_user_id]

    client.conversations_invite(channel=ch.id, users=[ALICE, BOB])
    assert ch.members == [fake_slack.bot_user_id, ALICE, BOB]
    with pytest.raises(SlackApiError) as exc:
        client.conversations_invite(channel=ch.id, users=ALICE)
    assert _error(exc) == "already_in_channel"
    with pytest.raises(SlackApiError) as exc:
        client.conversations_invite(channel=ch.id, users="U0NOBODY1")
    assert _error(exc) == "user_not_found"

    client.conversations_setTopic(channel=ch.id, topic="SEV1 | IC: @alice")
    assert ch.topic == "SEV1 | IC: @alice"
    with pytest.raises(SlackApiError) as exc:
        client.conversations_setTopic(channel=ch.id, topic="x" * 251)
    assert _error(exc) == "too_long"

    info = client.conversations_info(channel=ch.id, include_num_members=True)["channel"]
    assert (info["topic"]["value"], info["num_members"]) == ("SEV1 | IC: @alice", 3)
    members = client.conversations_members(channel=ch.id, limit=2)
    assert members["members"] == [fake_slack.bot_user_id, ALICE]
    rest = client.conversations_members(channel=ch.id, cursor=members["response_metadata"]["next_cursor"])
    assert rest["members"] == [BOB] and rest["response_metadata"]["next_cursor"] == ""


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("Inc 42", "invalid_name_specials"),
        ("inc.42", "invalid_name_specials"),
        ("x" * 81, "invalid_name_maxlength"),
        ("", "invalid_name_required"),
        ("---", "invalid_name_punctuation"),
    ],
)
def test_channel_name_rules(fake_slack: FakeSlack, client: WebClient, name: str, error: str) -> None:
    with pytest.raises(SlackApiError) as exc:
        client.conversations_create(name=name)
    assert _error(exc) == error
    assert fake_slack.channels == {}


def test_name_taken_even_when_archived(fake_slack: FakeSlack, client: WebClient) -> None:
    ch_id = client.conversations_create(name="inc-1")["channel"]["id"]
    client.conversations_archive(channel=ch_id)
    with pytest.raises(SlackApiError) as exc:
        client.conversations_create(name="inc-1")
    assert _error(exc) == "name_taken"
    with pytest.raises(SlackApiError) as exc:
        client.conversations_archive(channel=ch_id)
    assert _error(exc) == "already_archived"


def test_private_channel_the_bot_is_not_in_is_invisible(fake_slack: FakeSlack, client: WebClient) -> None:
    private = fake_slack.add_channel("hr", is_private=True, members=[ALICE], bot_is_member=False)
    with pytest.raises(SlackApiError) as exc:
        client.conversations_info(channel=private.id)
    assert _error(exc) == "channel_not_found"
    public = fake_slack.add_channel("random", members=[ALICE], bot_is_member=False)
    joined = client.conversations_join(channel=public.id)
    assert joined["channel"]["is_member"] is True
    assert fake_slack.bot_is_member(public.id)


def test_users_conversations_lists_the_bots_channels_of_the_types_asked_page_by_page(
        fake_slack: FakeSlack, client: WebClient) -> None:
    made = [client.conversations_create(name=f"inc-{i}", is_private=i == 2)["channel"]["id"] for i in range(1, 4)]
    fake_slack.add_channel("random", members=[ALICE])  # the bot is in it; a person made it
    fake_slack.add_channel("hr", is_private=True, members=[ALICE], bot_is_member=False)
    client.conversations_archive(channel=made[2])
    client.conversations_open(users=ALICE)
    seen: list[dict[str, Any]] = []
    cursor = ""
    while True:
        page = client.users_conversations(types="public_channel,private_channel", exclude_archived=True, limit=2,
                                          cursor=cursor)
        assert len(page["channels"]) <= 2
        seen += page["channels"]
        cursor = page["response_metadata"]["next_cursor"]
        if not cursor:
            break
    assert [(c["name"], c["creator"], c["is_private"]) for c in seen] == [
        ("inc-1", fake_slack.bot_user_id, False), ("inc-2", fake_slack.bot_user_id, True), ("random", ALICE, False)]
    assert all("is_member" not in c for c in seen)
    public = client.users_conversations()["channels"]  # public channels only by default, archived ones too
    assert [c["name"] for c in public] == ["inc-1", "inc-3", "random"]
    with pytest.raises(SlackApiError) as exc:
        client.users_conversations(types="channels")
    assert _error(exc) == "invalid_types"
    with pytest.raises(SlackApiError) as exc:
        client.users_conversations(cursor="not-a-cursor")
    assert _error(exc) == "invalid_cursor"


def test_a_channel_created_with_its_answer_dropped_exists(fake_slack: FakeSlack, client: WebClient) -> None:
    fake_slack.drop_response_next("conversations.create")
    once = WebClient(base_url=fake_slack.api_url, token=fake_slack.bot_token, retry_handlers=[])
    with pytest.raises(OSError, match="without response"):  # urllib's RemoteDisconnected
        once.conversations_create(name="inc-1")
    assert fake_slack.channel_by_name("inc-1") is not None
    with pytest.raises(SlackApiError) as exc:
        client.conversations_create(name="inc-1")
    assert _error(exc) == "name_taken"

