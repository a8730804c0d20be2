"""FakeSlack's messages against the real slack_sdk clients: posted, updated and ephemeral messages and
Slack's errors for them, a DM opened by posting to a user, reactions and pins, the users who write them,
files uploaded the v2 way and what a response URL does."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from tests.fakes.fake_slack.conftest import ALICE
from tests.fakes.fake_slack.conftest import BOB
from tests.fakes.fake_slack.conftest import _error
from tests.fakes.fake_slack.conftest import _section
from tests.fakes.slack import FakeSlack

# ------------------------------------------------------------------------------------------
# Messages
# ------------------------------------------------------------------------------------------


def test_post_update_and_ephemeral_are_stored(fake_slack: FakeSlack, client: WebClient) -> None:
    ch = fake_slack.add_channel("incidents", members=[ALICE])
    blocks = [_section("*SEV1* database down", block_id="head")]
    posted = client.chat_postMessage(channel=ch.id, text="SEV1 database down", blocks=blocks)
    assert posted["channel"] == ch.id
    assert posted["message"]["bot_id"] == fake_slack.bot_id
    ts = posted["ts"]

    updated = client.chat_update(channel=ch.id, ts=ts, text="SEV1 resolved")
    assert updated["text"] == "SEV1 resolved"
    [msg] = fake_slack.messages(ch.id)
    assert msg.text == "SEV1 resolved"
    assert msg.blocks == blocks  # blocks omitted in chat.update are kept
    assert msg.edited is not None

    eph = client.chat_postEphemeral(channel=ch.id, user=ALICE, text="only for you")
    [stored] = fake_slack.ephemerals_for(ALICE)
    assert (stored.text, stored.message_ts) == ("only for you", eph["message_ts"])
    assert fake_slack.ephemerals_for(BOB) == []

    permalink = client.chat_getPermalink(channel=ch.id, message_ts=ts)["permalink"]
    assert permalink.endswith(f"/archives/{ch.id}/p{ts.replace('.', '')}")

    assert [c.method for c in fake_slack.calls] == [
        "chat.postMessage",
        "chat.update",
        "chat.postEphemeral",
        "chat.getPermalink",
    ]
    assert fake_slack.calls_to("chat.postMessage")[0].args["blocks"] == blocks  # JSON body parsed


def test_message_errors_are_slacks(fake_slack: FakeSlack, client: WebClient) -> None:
    public = fake_slack.add_channel("general", members=[ALICE])
    private = fake_slack.add_channel("secret", is_private=True, members=[ALICE], bot_is_member=False)

    with pytest.raises(SlackApiError) as exc:
        client.chat_postMessage(channel="C0NOPE0001", text="x")
    assert _error(exc) == "channel_not_found"
    with pytest.raises(SlackApiError) as exc:
        client.chat_postMessage(channel=private.id, text="x")
    assert _error(exc) == "not_in_channel"
    with pytest.raises(SlackApiError) as exc:
        client.chat_update(channel=public.id, ts="1767225600.000001", text="x")
    assert _error(exc) == "message_not_found"
    with pytest.raises(SlackApiError) as exc:
        client.chat_postEphemeral(channel=public.id, user=BOB, text="x")
    assert _error(exc) == "user_not_in_channel"

    ts = client.chat_postMessage(channel=public.id, text="x")["ts"]
    client.conversations_archive(channel=public.id)
    with pytest.raises(SlackApiError) as exc:
        client.chat_postMessage(channel=public.id, text="again")
    assert _error(exc) == "is_archived"
    with pytest.raises(SlackApiError) as exc:
        client.reactions_add(channel=public.id, timestamp=ts, name="eyes")
    assert _error(exc) == "is_archived"
    assert fake_slack.violations == []  # these are runtime errors, not contract breaches


def test_no_text_is_an_error_and_a_violation(fake_slack: FakeSlack, client: WebClient) -> None:
    ch = fake_slack.add_channel("incidents")
    with pytest.warns(UserWarning), pytest.raises(SlackApiError) as exc:
        client.chat_postMessage(channel=ch.id)
    assert _error(exc) == "no_text"
    assert fake_slack.violations == ["chat.postMessage: needs text, blocks or attachments (Slack answers no_text)"]
    fake_slack.violations.clear()


def test_posting_to_a_user_id_opens_a_dm(fake_slack: FakeSlack, client: WebClient) -> None:
    posted = client.chat_postMessage(channel=ALICE, text="you are on call")
    dm = fake_slack.channel(posted["channel"])
    assert dm.is_im and dm.im_user == ALICE
    opened = client.conversations_open(users=ALICE)
    assert opened["channel"]["id"] == dm.id and opened["already_open"] is True



# ------------------------------------------------------------------------------------------
# Reactions, pins, users
# ------------------------------------------------------------------------------------------


def test_reactions_and_pins(fake_slack: FakeSlack, client: WebClient) -> None:
    ch = fake_slack.add_channel("incidents")
    ts = client.chat_postMessage(channel=ch.id, text="SEV2")["ts"]
    client.reactions_add(channel=ch.id, timestamp=ts, name="rotating_light")
    with pytest.raises(SlackApiError) as exc:
        client.reactions_add(channel=ch.id, timestamp=ts, name="rotating_light")
    assert _error(exc) == "already_reacted"
    with pytest.raises(SlackApiError) as exc:
        client.reactions_add(channel=ch.id, timestamp=ts, name=":eyes:")
    assert _error(exc) == "invalid_name"
    msg = fake_slack.message(ch.id, ts)
    assert msg is not None and msg.reactions == {"rotating_light": [fake_slack.bot_user_id]}

    client.reactions_remove(channel=ch.id, timestamp=ts, name="rotating_light")
    assert msg.reactions == {}
    with pytest.raises(SlackApiError) as exc:
        client.reactions_remove(channel=ch.id, timestamp=ts, name="rotating_light")
    assert _error(exc) == "no_reaction"

    client.pins_add(channel=ch.id, timestamp=ts)
    assert ch.pins == [ts]
    with pytest.raises(SlackApiError) as exc:
        client.pins_add(channel=ch.id, timestamp=ts)
    assert _error(exc) == "already_pinned"


def test_users_info_and_lookup(fake_slack: FakeSlack, client: WebClient) -> None:
    user = client.users_info(user=BOB, include_locale=True)["user"]
    assert (user["name"], user["locale"], user["tz"]) == ("bob", "fr-BE", "Europe/Brussels")
    assert client.users_lookupByEmail(email="ALICE@example.be")["user"]["id"] == ALICE
    with pytest.raises(SlackApiError) as exc:
        client.users_lookupByEmail(email="nobody@example.be")
    assert _error(exc) == "users_not_found"
    with pytest.raises(SlackApiError) as exc:
        client.users_info(user="U0NOBODY1")
    assert _error(exc) == "user_not_found"



# ------------------------------------------------------------------------------------------
# Files and response_url
# ------------------------------------------------------------------------------------------


def test_files_upload_v2_flow(fake_slack: FakeSlack, client: WebClient) -> None:
    ch = fake_slack.add_channel("incidents")
    client.files_upload_v2(
        channel=ch.id, content="timeline...", filename="timeline.md", title="Timeline", initial_comment="Report"
    )
    [f] = fake_slack.files.values()
    assert (f.content, f.title, f.channel_id, f.completed) == (b"timeline...", "Timeline", ch.id, True)
    [msg] = fake_slack.messages(ch.id)
    assert msg.text == "Report" and msg.files is not None and msg.files[0]["id"] == f.id
    assert [c.method for c in fake_slack.calls] == ["files.getUploadURLExternal", "files.completeUploadExternal"]


def test_response_url_kinds(fake_slack: FakeSlack, client: WebClient) -> None:
    ch = fake_slack.add_channel("incidents", members=[ALICE])
    ts = client.chat_postMessage(channel=ch.id, text="original")["ts"]

    WebhookClient(fake_slack.new_response_url(ch.id, ALICE)).send(text="just you")
    assert [e.text for e in fake_slack.ephemerals_for(ALICE)] == ["just you"]

    WebhookClient(fake_slack.new_response_url(ch.id, ALICE)).send(text="everyone", response_type="in_channel")
    assert [m.text for m in fake_slack.messages(ch.id)] == ["original", "everyone"]

    WebhookClient(fake_slack.new_response_url(ch.id, ALICE, ts)).send(text="replaced", replace_original=True)
    assert [m.text for m in fake_slack.messages(ch.id)] == ["replaced", "everyone"]

    WebhookClient(fake_slack.new_response_url(ch.id, ALICE, ts)).send_dict({"delete_original": True})
    assert [m.text for m in fake_slack.messages(ch.id)] == ["everyone"]

    url = fake_slack.new_response_url(ch.id, ALICE)
    statuses = [WebhookClient(url).send(text=str(i)).status_code for i in range(6)]
    assert statuses == [200, 200, 200, 200, 200, 404]  # a response_url works five times

