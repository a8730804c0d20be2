"""FakeSlack's strictness: unknown methods and bad arguments, a missing trigger, Block Kit beyond its
limits in messages and modals, and bad answers to a view submission are Slack's errors and violations;
form and JSON bodies, GET queries, tokens and the team_id default param are read as Slack reads them."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.fakes.fake_slack.conftest import ALICE
from tests.fakes.fake_slack.conftest import _error
from tests.fakes.fake_slack.conftest import _modal
from tests.fakes.fake_slack.conftest import _section
from tests.fakes.slack import FakeSlack

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


