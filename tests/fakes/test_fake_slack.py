"""FakeSlack against the real slack_sdk clients: state, Slack's errors, strictness, faults, Socket Mode."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler
from slack_sdk.http_retry.builtin_interval_calculators import FixedValueRetryIntervalCalculator
from slack_sdk.signature import SignatureVerifier
from slack_sdk.socket_mode.builtin import SocketModeClient
from slack_sdk.socket_mode.client import BaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.webhook import WebhookClient

from tests.fakes.official import load
from tests.fakes.slack import FakeSlack
from tests.fakes.slack import ManualClock
from tests.fakes.slack import SlackDriver
from tests.fakes.slack import slack_signature
from tests.fakes.slack.http_driver import Signing

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
# Channels
# ------------------------------------------------------------------------------------------


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
# Modals and trigger_ids
# ------------------------------------------------------------------------------------------


def test_views_open_with_fresh_expired_reused_and_unknown_triggers() -> None:
    clock = ManualClock()
    with FakeSlack(now=clock) as fake:
        fake.add_user(ALICE, "alice", "alice@example.be")
        web = WebClient(base_url=fake.api_url, token=fake.bot_token)

        fresh = fake.new_trigger_id(ALICE)
        clock.advance(2.9)
        opened = web.views_open(trigger_id=fresh, view=_modal())["view"]
        view = fake.last_view(ALICE)
        assert view is not None and view.id == opened["id"] and view.callback_id == "declare"
        assert opened["state"] == {"values": {}} and opened["hash"]

        with pytest.raises(SlackApiError) as exc:
            web.views_open(trigger_id=fresh, view=_modal())
        assert _error(exc) == "exchanged_trigger_id"

        stale = fake.new_trigger_id(ALICE)
        clock.advance(3.01)
        with pytest.raises(SlackApiError) as exc:
            web.views_open(trigger_id=stale, view=_modal())
        assert _error(exc) == "expired_trigger_id"

        with pytest.raises(SlackApiError) as exc:
            web.views_open(trigger_id="123.456.nope", view=_modal())
        assert _error(exc) == "invalid_trigger_id"

        pointer = fake.new_trigger_id(ALICE)
        pushed = web.views_push(interactivity_pointer=pointer, view=_modal("Step 2"))["view"]
        assert pushed["previous_view_id"] == opened["id"] and pushed["root_view_id"] == opened["id"]
        assert [v.title for v in fake.open_views(ALICE)] == ["Declare incident", "Step 2"]
        assert fake.violations == []


def test_views_update_checks_hash(fake_slack: FakeSlack, client: WebClient) -> None:
    opened = client.views_open(trigger_id=fake_slack.new_trigger_id(ALICE), view=_modal())["view"]
    updated = client.views_update(view_id=opened["id"], hash=opened["hash"], view=_modal("Updated"))["view"]
    assert updated["title"]["text"] == "Updated" and updated["hash"] != opened["hash"]
    with pytest.raises(SlackApiError) as exc:
        client.views_update(view_id=opened["id"], hash=opened["hash"], view=_modal("Stale"))
    assert _error(exc) == "hash_conflict"
    with pytest.raises(SlackApiError) as exc:
        client.views_update(view_id="V0NOPE0001", view=_modal())
    assert _error(exc) == "not_found"


# ------------------------------------------------------------------------------------------
# Strict contract: violations
# ------------------------------------------------------------------------------------------


def test_unknown_method_and_bad_arguments_are_violations(fake_slack: FakeSlack, client: WebClient) -> None:
    with pytest.raises(SlackApiError) as exc:
        client.api_call("chat.scheduleMessage", json={"channel": "C0000000001", "text": "x", "post_at": 1})
    assert exc.value.response.status_code == 404 and _error(exc) == "unknown_method"

    with pytest.raises(SlackApiError) as exc:
        client.api_call("conversations.create", params={"is_private": True})
    assert _error(exc) == "invalid_arguments"

    with pytest.raises(SlackApiError) as exc:
        client.api_call("chat.postMessage", json={"channel": "C0000000001", "text": "x", "metadata": {}})
    assert _error(exc) == "invalid_arguments"

    with pytest.raises(SlackApiError) as exc:  # a ts that went through float()
        client.api_call("reactions.add", params={"channel": "C0000000001", "name": "eyes", "timestamp": "1.5"})
    assert _error(exc) == "invalid_arguments"

    assert fake_slack.violations[0].startswith("unknown method 'chat.scheduleMessage'")
    assert fake_slack.violations[1] == "conversations.create: missing required argument 'name'"
    assert fake_slack.violations[2].startswith("chat.postMessage: unknown argument 'metadata'")
    assert "expected a message ts like '1610261659.001400'" in fake_slack.violations[3]
    assert len(fake_slack.violations) == 4
    fake_slack.violations.clear()


def test_views_open_needs_a_trigger_or_pointer(fake_slack: FakeSlack, client: WebClient) -> None:
    with pytest.raises(SlackApiError) as exc:
        client.api_call("views.open", json={"view": _modal()})
    assert _error(exc) == "invalid_arguments"
    assert fake_slack.violations == ["views.open: needs one of ['interactivity_pointer', 'trigger_id']"]
    fake_slack.violations.clear()


@pytest.mark.parametrize(
    ("blocks", "expected"),
    [
        ([_section(str(i)) for i in range(51)], "51 blocks in a message (max 50)"),
        ([_section("x" * 3001)], "blocks[0].text: text is 3001 chars (max 3000)"),
        ([_section("a", block_id="b"), _section("c", block_id="b")], "blocks[1]: duplicate block_id 'b'"),
        (
            [
                {
                    "type": "actions",
                    "elements": [
                        {"type": "button", "action_id": "x", "text": {"type": "plain_text", "text": "y" * 76}}
                    ],
                }
            ],
            "blocks[0].elements[0].text: text is 76 chars (max 75)",
        ),
        (
            [
                {
                    "type": "input",
                    "label": {"type": "plain_text", "text": "Title"},
                    "element": {"type": "plain_text_input", "action_id": "t"},
                }
            ],
            "blocks[0]: input blocks are only allowed in modals (and Home tabs)",
        ),
    ],
)
def test_block_kit_limits_in_messages(
    fake_slack: FakeSlack, client: WebClient, blocks: list[dict[str, Any]], expected: str
) -> None:
    ch = fake_slack.add_channel("incidents")
    with pytest.raises(SlackApiError) as exc:
        client.chat_postMessage(channel=ch.id, text="x", blocks=blocks)
    assert _error(exc) == "invalid_blocks"
    assert fake_slack.violations == [f"chat.postMessage: invalid_blocks: {expected}"]
    assert fake_slack.messages(ch.id) == []
    fake_slack.violations.clear()


def test_block_kit_limits_in_modals(fake_slack: FakeSlack, client: WebClient) -> None:
    bad = _modal("A title that is too long!", private_metadata="m" * 3001, callback_id="c" * 256)
    with pytest.raises(SlackApiError) as exc:
        client.views_open(trigger_id=fake_slack.new_trigger_id(ALICE), view=bad)
    assert _error(exc) == "invalid_blocks"
    assert fake_slack.violations == [
        "views.open: invalid_blocks: title: text is 25 chars (max 24)",
        "views.open: invalid_blocks: private_metadata is 3001 chars (max 3000)",
        "views.open: invalid_blocks: callback_id is 256 chars (max 255)",
    ]
    fake_slack.violations.clear()


# ------------------------------------------------------------------------------------------
# Wire formats and auth
# ------------------------------------------------------------------------------------------


def test_form_with_json_string_fields_and_get_with_query(fake_slack: FakeSlack, client: WebClient) -> None:
    ch = fake_slack.add_channel("incidents")
    blocks = [_section("hello", block_id="b1")]
    auth = {"Authorization": f"Bearer {fake_slack.bot_token}"}
    r = httpx.post(
        fake_slack.api_url + "chat.postMessage",
        data={"channel": ch.id, "text": "hello", "blocks": json.dumps(blocks), "unfurl_links": "false"},
        headers=auth,
    )
    assert r.json()["ok"] is True
    call = fake_slack.calls_to("chat.postMessage")[0]
    assert call.args == {"channel": ch.id, "text": "hello", "blocks": blocks, "unfurl_links": False}
    got = httpx.get(fake_slack.api_url + "conversations.info", params={"channel": ch.id}, headers=auth).json()
    assert got["channel"]["name"] == "incidents"
    token_in_body = httpx.post(fake_slack.api_url + "auth.test", data={"token": fake_slack.bot_token}).json()
    assert token_in_body["ok"] is True


def test_tokens(fake_slack: FakeSlack) -> None:
    assert httpx.post(fake_slack.api_url + "auth.test").json() == {"ok": False, "error": "not_authed"}
    wrong = WebClient(base_url=fake_slack.api_url, token="xoxb-wrong")
    with pytest.raises(SlackApiError) as exc:
        wrong.auth_test()
    assert _error(exc) == "invalid_auth"
    app_level = WebClient(base_url=fake_slack.api_url, token=fake_slack.app_token)
    with pytest.raises(SlackApiError) as exc:
        app_level.auth_test()
    assert _error(exc) == "not_allowed_token_type"
    bot = WebClient(base_url=fake_slack.api_url, token=fake_slack.bot_token)
    with pytest.raises(SlackApiError) as exc:
        bot.apps_connections_open(app_token=fake_slack.bot_token)
    assert _error(exc) == "not_allowed_token_type"


def test_team_id_default_param_is_accepted_and_checked(fake_slack: FakeSlack) -> None:
    like_bolt = WebClient(base_url=fake_slack.api_url, token=fake_slack.bot_token, team_id=fake_slack.team_id)
    like_bolt.conversations_create(name="inc-7")
    [call] = fake_slack.calls_to("conversations.create")
    assert call.args == {"name": "inc-7"} and call.team_id == fake_slack.team_id
    other = WebClient(base_url=fake_slack.api_url, token=fake_slack.bot_token, team_id="T0OTHERWS")
    other.auth_test()
    assert fake_slack.violations == ["auth.test: team_id 'T0OTHERWS' is not this workspace (T0SIRENE)"]
    fake_slack.violations.clear()


def test_view_submission_answers_are_checked(fake_slack: FakeSlack, client: WebClient) -> None:
    view_id = client.views_open(trigger_id=fake_slack.new_trigger_id(ALICE), view=_modal())["view"]["id"]
    fake_slack.apply_view_response(view_id, {"response_action": "errors", "errors": {"nope": "bad"}})
    fake_slack.apply_view_response(view_id, {"response_action": "update", "view": _modal("x" * 30)})
    fake_slack.apply_view_response(view_id, {"response_action": "close"})
    assert fake_slack.violations == [
        f"view_submission: errors name block_ids ['nope'] that are not input blocks of view {view_id} "
        "(inputs: ['title_b'])",
        "view_submission response_action=update: title: text is 30 chars (max 24)",
        "view_submission: unknown response_action 'close' in {'response_action': 'close'}",
    ]
    assert fake_slack.view(view_id).title == "Declare incident" and fake_slack.last_view(ALICE) is not None
    fake_slack.violations.clear()
    fake_slack.apply_view_response(view_id, None)  # an empty ack closes the view
    assert fake_slack.last_view(ALICE) is None


# ------------------------------------------------------------------------------------------
# Fault injection
# ------------------------------------------------------------------------------------------


def test_rate_limit_reaches_the_client_with_retry_after(fake_slack: FakeSlack, client: WebClient) -> None:
    ch = fake_slack.add_channel("incidents")
    fake_slack.fail_next("chat.postMessage", status=429, retry_after=7)
    with pytest.raises(SlackApiError) as exc:
        client.chat_postMessage(channel=ch.id, text="x")
    assert exc.value.response.status_code == 429
    assert exc.value.response.headers["Retry-After"] == "7"
    assert _error(exc) == "ratelimited"
    assert fake_slack.messages(ch.id) == []  # a rejected call does nothing
    client.chat_postMessage(channel=ch.id, text="x")  # only the next call failed
    assert len(fake_slack.messages(ch.id)) == 1

    fake_slack.fail_next("chat.update", status=500, times=2)
    for _ in range(2):
        with pytest.raises(SlackApiError) as exc:
            client.chat_update(channel=ch.id, ts=fake_slack.messages(ch.id)[0].ts, text="y")
        assert exc.value.response.status_code == 500 and _error(exc) == "fatal_error"


def test_dropped_response_is_processed_and_retried_into_a_duplicate(fake_slack: FakeSlack, client: WebClient) -> None:
    ch = fake_slack.add_channel("incidents")
    fake_slack.drop_response_next("chat.postMessage")
    with pytest.raises(httpx.RemoteProtocolError):
        httpx.post(
            fake_slack.api_url + "chat.postMessage",
            json={"channel": ch.id, "text": "first"},
            headers={"Authorization": f"Bearer {fake_slack.bot_token}"},
        )
    assert [m.text for m in fake_slack.messages(ch.id)] == ["first"]  # stored although unanswered

    fake_slack.drop_response_next("chat.postMessage")
    retrying = WebClient(
        base_url=fake_slack.api_url,
        token=fake_slack.bot_token,
        retry_handlers=[ConnectionErrorRetryHandler(interval_calculator=FixedValueRetryIntervalCalculator(0))],
    )
    retrying.chat_postMessage(channel=ch.id, text="second")  # slack_sdk retries connection errors once
    assert [m.text for m in fake_slack.messages(ch.id)] == ["first", "second", "second"]


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


# ------------------------------------------------------------------------------------------
# Socket Mode
# ------------------------------------------------------------------------------------------


@pytest.fixture
def socket_client(fake_slack: FakeSlack) -> Iterator[tuple[SocketModeClient, list[str], list[SocketModeRequest]]]:
    raw: list[str] = []
    requests: list[SocketModeRequest] = []
    received = threading.Event()

    def on_request(c: BaseSocketModeClient, req: SocketModeRequest) -> None:
        requests.append(req)
        payload = {"text": "Declaring…"} if req.type == "slash_commands" else None
        c.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id, payload=payload))
        received.set()

    client = SocketModeClient(
        app_token=fake_slack.app_token,
        web_client=WebClient(base_url=fake_slack.api_url, token=fake_slack.app_token),
        on_message_listeners=[raw.append],
    )
    client.socket_mode_request_listeners.append(on_request)
    client.connect()
    try:
        yield client, raw, requests
    finally:
        client.auto_reconnect_enabled = False
        fake_slack.socket_disconnect()  # closing from the server side first makes close() fast
        client.close()


def test_socket_mode_round_trip_with_the_builtin_client(
    fake_slack: FakeSlack, socket_client: tuple[SocketModeClient, list[str], list[SocketModeRequest]]
) -> None:
    _, raw, requests = socket_client
    fake_slack.socket_wait_connected()
    [opened] = fake_slack.calls_to("apps.connections.open")
    assert opened.token == fake_slack.app_token and opened.ok

    slash = {"command": "/incident", "text": "db down", "user_id": ALICE}
    envelope_id = fake_slack.socket_send("slash_commands", slash, accepts_response_payload=True)
    ack = fake_slack.socket_wait_ack(envelope_id, timeout=3)
    assert ack == {"envelope_id": envelope_id, "payload": {"text": "Declaring…"}}
    assert requests[0].type == "slash_commands" and requests[0].payload == slash

    event_id = fake_slack.socket_send("events_api", {"type": "event_callback", "event": {"type": "app_mention"}})
    assert fake_slack.socket_wait_ack(event_id, timeout=3) == {"envelope_id": event_id}

    hello = json.loads(raw[0])
    assert hello["type"] == "hello" and hello["num_connections"] == 1
    assert hello["connection_info"] == {"app_id": fake_slack.app_id}
    assert set(hello["debug_info"]) == {"host", "started", "build_number", "approximate_connection_time"}
    envelope = json.loads(raw[1])
    assert set(envelope) == {
        "envelope_id",
        "type",
        "payload",
        "accepts_response_payload",
        "retry_attempt",
        "retry_reason",
    }


def test_socket_wait_ack_times_out_without_an_ack(fake_slack: FakeSlack) -> None:
    with pytest.raises(AssertionError, match="no Socket Mode client connected"):
        fake_slack.socket_send("events_api", {}, timeout=0.05)
    with pytest.raises(AssertionError, match="no ack for envelope nope"):
        fake_slack.socket_wait_ack("nope", timeout=0.05)


# ------------------------------------------------------------------------------------------
# Request signing (the driver) against the official test vector
# ------------------------------------------------------------------------------------------


def test_signature_matches_official_test_vector() -> None:
    vector = load("signature_test_vector.json")
    headers = vector["headers"]
    signature = slack_signature(vector["signing_secret"], headers["X-Slack-Request-Timestamp"], vector["raw_body"])
    assert signature == headers["X-Slack-Signature"]
    assert slack_signature("another-secret", headers["X-Slack-Request-Timestamp"], vector["raw_body"]) != signature


def test_driver_headers_pass_slack_sdk_verification(fake_slack: FakeSlack) -> None:
    driver = SlackDriver("http://127.0.0.1:9/slack/events", "s3cr3t", fake_slack)
    body = b"token=x&command=%2Fincident"
    verifier = SignatureVerifier("s3cr3t")
    good = driver.signed_headers(body)
    assert verifier.is_valid_request(body, good)
    modes: tuple[Signing, ...] = ("stale", "wrong_secret", "unsigned")
    for mode in modes:
        assert not verifier.is_valid_request(body, driver.signed_headers(body, signing=mode))
    driver.close()
