"""The drivers against a small, real Bolt app, over HTTP and Socket Mode.

The Bolt app stands in for Sirene: if Bolt routes, parses and verifies what the drivers send,
the payloads are shaped like Slack's. The shapes are also compared with the official samples.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import datetime
from typing import Any

import httpx
import jsonschema
import pytest
from slack_bolt import App
from slack_bolt import BoltRequest
from slack_bolt import Respond
from slack_bolt import Say
from slack_bolt.adapter.socket_mode.builtin import SocketModeHandler
from slack_bolt.adapter.starlette.handler import SlackRequestHandler
from slack_sdk import WebClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.fakes.official import load
from tests.fakes.slack import FakeSlack
from tests.fakes.slack import SlackDriver
from tests.fakes.slack import SocketDriver
from tests.fakes.slack.asgi_thread import ThreadedASGIServer
from tests.fakes.slack.driver import Delivery

ALICE = "U0ALICE01"
BOB = "U0BOB0001"
SECRET = "sirene-test-signing-secret"
Json = dict[str, Any]

DECLARE_MODAL: Json = {
    "type": "modal",
    "callback_id": "declare",
    "notify_on_close": True,
    "private_metadata": "from-slash",
    "title": {"type": "plain_text", "text": "Declare incident"},
    "submit": {"type": "plain_text", "text": "Declare"},
    "close": {"type": "plain_text", "text": "Cancel"},
    "blocks": [
        {
            "type": "input",
            "block_id": "title_b",
            "label": {"type": "plain_text", "text": "Title"},
            "element": {"type": "plain_text_input", "action_id": "title", "max_length": 60},
        },
        {
            "type": "input",
            "block_id": "sev_b",
            "label": {"type": "plain_text", "text": "Severity"},
            "element": {
                "type": "static_select",
                "action_id": "severity",
                "options": [
                    {"text": {"type": "plain_text", "text": s.upper()}, "value": s} for s in ("sev1", "sev2", "sev3")
                ],
            },
        },
        {
            "type": "input",
            "block_id": "started_b",
            "optional": True,
            "label": {"type": "plain_text", "text": "Started at"},
            "element": {"type": "datetimepicker", "action_id": "started"},
        },
        {
            "type": "input",
            "block_id": "roles_b",
            "optional": True,
            "label": {"type": "plain_text", "text": "Roles"},
            "element": {
                "type": "checkboxes",
                "action_id": "roles",
                "options": [
                    {"text": {"type": "plain_text", "text": "Comms"}, "value": "comms"},
                    {"text": {"type": "plain_text", "text": "Scribe"}, "value": "scribe"},
                ],
            },
        },
        {
            "type": "input",
            "block_id": "ic_b",
            "optional": True,
            "label": {"type": "plain_text", "text": "Commander"},
            "element": {"type": "users_select", "action_id": "commander"},
        },
    ],
}


def note_modal(callback_id: str, title: str, *, with_button: bool = False) -> Json:
    blocks: list[Json] = [
        {
            "type": "input",
            "block_id": "note_b",
            "label": {"type": "plain_text", "text": "Note"},
            "element": {"type": "plain_text_input", "action_id": "note", "multiline": True},
        }
    ]
    if with_button:
        blocks.append(
            {
                "type": "actions",
                "block_id": "more_b",
                "elements": [
                    {"type": "button", "action_id": "more", "text": {"type": "plain_text", "text": "More"}},
                    {
                        "type": "static_select",
                        "action_id": "kind",
                        "options": [
                            {"text": {"type": "plain_text", "text": k}, "value": k} for k in ("update", "decision")
                        ],
                    },
                ],
            }
        )
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": "Save"},
        "blocks": blocks,
    }


@dataclass
class Seen:
    """What the Bolt app observed."""

    submissions: list[Json] = field(default_factory=list)
    closed: list[Json] = field(default_factory=list)
    retry_headers: list[tuple[str | None, str | None]] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    actions: list[Json] = field(default_factory=list)


def build_bolt_app(fake: FakeSlack) -> tuple[App, Seen]:
    seen = Seen()
    app = App(
        client=WebClient(base_url=fake.api_url, token=fake.bot_token),
        signing_secret=SECRET,
        process_before_response=True,
    )

    @app.middleware
    def record_retries(request: BoltRequest, next: Callable[[], None]) -> None:
        seen.retry_headers.append(
            (
                request.headers.get("x-slack-retry-num", [None])[0],
                request.headers.get("x-slack-retry-reason", [None])[0],
            )
        )
        next()

    @app.command("/incident")
    def open_modal(ack: Callable[..., None], body: Json, client: WebClient) -> None:
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=DECLARE_MODAL)

    @app.view("declare")
    def declare(ack: Callable[..., None], body: Json, view: Json, client: WebClient) -> None:
        values = view["state"]["values"]
        seen.submissions.append(values)
        title = values["title_b"]["title"]["value"]
        if len(title) < 5:
            ack(response_action="errors", errors={"title_b": "Give a longer title"})
            return
        ack()
        severity = values["sev_b"]["severity"]["selected_option"]["value"]
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
        channel = client.conversations_create(name=f"inc-{slug}")["channel"]["id"]
        client.conversations_invite(channel=channel, users=body["user"]["id"])
        client.chat_postMessage(
            channel=channel,
            text=f"{severity}: {title}",
            blocks=[
                {"type": "section", "text": {"type": "mrkdwn", "text": f"*{severity}* {title}"}},
                {
                    "type": "actions",
                    "elements": [
                        {
                            "type": "button",
                            "action_id": "ack_incident",
                            "value": channel,
                            "text": {"type": "plain_text", "text": "Acknowledge"},
                        }
                    ],
                },
            ],
        )

    @app.command("/note")
    def open_note(ack: Callable[..., None], body: Json, client: WebClient) -> None:
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=note_modal("note", "Add a note", with_button=True))

    @app.action("more")
    def more(ack: Callable[..., None], body: Json, client: WebClient) -> None:
        ack()
        seen.actions.append(body)
        client.views_push(trigger_id=body["trigger_id"], view=note_modal("note_more", "More details"))

    @app.action("kind")
    def kind(ack: Callable[..., None], body: Json) -> None:
        ack()
        seen.actions.append(body)

    @app.view("note_more")
    def note_more(ack: Callable[..., None]) -> None:
        ack(response_action="update", view=note_modal("note_done", "Thanks"))

    @app.view("note_done")
    def note_done(ack: Callable[..., None]) -> None:
        ack(response_action="clear")

    @app.view_closed("declare")
    def closed(ack: Callable[..., None], body: Json) -> None:
        ack()
        seen.closed.append(body)

    @app.action("ack_incident")
    def ack_incident(ack: Callable[..., None], body: Json, respond: Respond) -> None:
        ack()
        respond(replace_original=True, text=f"Acknowledged by <@{body['user']['id']}>")

    @app.shortcut("summarize")
    def summarize(ack: Callable[..., None], body: Json, client: WebClient) -> None:
        ack()
        client.chat_postEphemeral(
            channel=body["channel"]["id"], user=body["user"]["id"], text=f"Quoted: {body['message']['text']}"
        )

    @app.event("app_mention")
    def mentioned(event: Json) -> None:
        seen.mentions.append(event["text"])

    @app.message("status")
    def status(message: Json, say: Say) -> None:
        say(text="All hands on deck", thread_ts=message["ts"])

    @app.event("message")
    def other_messages() -> None:
        pass

    @app.event("reaction_added")
    def on_reaction(event: Json, client: WebClient) -> None:
        client.reactions_add(channel=event["item"]["channel"], timestamp=event["item"]["ts"], name="eyes")

    return app, seen


@dataclass
class Bot:
    fake: FakeSlack
    driver: SlackDriver | SocketDriver
    seen: Seen
    transport: str

    def acked(self, result: Any) -> bool:
        if isinstance(result, httpx.Response):
            return result.status_code == 200
        return isinstance(result, dict) and "envelope_id" in result

    def answer(self, result: Any) -> Json | None:
        if isinstance(result, httpx.Response):
            return result.json() if result.content else None
        payload = result.get("payload")
        return payload if isinstance(payload, dict) else None


@pytest.fixture
def http_bot(fake_slack: FakeSlack) -> Iterator[Bot]:
    app, seen = build_bolt_app(fake_slack)
    handler = SlackRequestHandler(app)

    async def endpoint(request: Request) -> Response:
        return await handler.handle(request)

    server = ThreadedASGIServer(Starlette(routes=[Route("/slack/events", endpoint, methods=["POST"])]), name="bot")
    server.start()
    driver = SlackDriver(f"{server.base_url}/slack/events", SECRET, fake_slack)
    try:
        yield Bot(fake_slack, driver, seen, "http")
    finally:
        driver.close()
        server.stop(wait=False)


@pytest.fixture
def socket_bot(fake_slack: FakeSlack) -> Iterator[Bot]:
    app, seen = build_bolt_app(fake_slack)
    handler = SocketModeHandler(app, app_token=fake_slack.app_token)
    handler.connect()
    try:
        fake_slack.socket_wait_connected()
        yield Bot(fake_slack, SocketDriver(fake_slack), seen, "socket")
    finally:
        handler.client.auto_reconnect_enabled = False
        fake_slack.socket_disconnect()
        handler.close()


@pytest.fixture(params=["http", "socket"])
def bot(request: pytest.FixtureRequest) -> Bot:
    result: Bot = request.getfixturevalue(f"{request.param}_bot")
    return result


@pytest.fixture
def general(fake_slack: FakeSlack) -> str:
    fake_slack.add_user(ALICE, "alice", "alice@example.be")
    fake_slack.add_user(BOB, "bob", "bob@example.be")
    return fake_slack.add_channel("general", members=[ALICE, BOB], is_general=True).id


# ------------------------------------------------------------------------------------------
# One scenario, both transports
# ------------------------------------------------------------------------------------------


def test_declare_acknowledge_and_chat(bot: Bot, general: str) -> None:
    fake, driver = bot.fake, bot.driver
    assert bot.acked(driver.slash(ALICE, "db down", general))
    view = fake.last_view(ALICE)
    assert view is not None and view.callback_id == "declare" and view.private_metadata == "from-slash"

    rejected = driver.submit_view(ALICE, view.id, {"title": "db", "severity": "sev1"})
    assert bot.answer(rejected) == {"response_action": "errors", "errors": {"title_b": "Give a longer title"}}
    assert fake.last_view(ALICE) is view  # Slack keeps the modal open and shows the error

    started = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
    accepted = driver.submit_view(
        ALICE,
        view.id,
        {"title": "Database down", "severity": "sev1", "started": started, "roles": ["comms"], "commander": BOB},
    )
    assert bot.acked(accepted) and bot.answer(accepted) is None
    assert fake.last_view(ALICE) is None  # an empty ack closes the modal
    values = bot.seen.submissions[-1]
    assert values["started_b"]["started"] == {"type": "datetimepicker", "selected_date_time": 1767605400}
    assert values["roles_b"]["roles"]["selected_options"][0]["value"] == "comms"
    assert values["ic_b"]["commander"] == {"type": "users_select", "selected_user": BOB}

    incident = fake.channel_by_name("inc-database-down")
    assert incident is not None and ALICE in incident.members
    [announcement] = fake.messages(incident.id)
    assert announcement.text == "sev1: Database down"

    assert bot.acked(driver.click(ALICE, incident.id, announcement.ts, "ack_incident"))
    assert fake.messages(incident.id)[0].text == f"Acknowledged by <@{ALICE}>"

    ts, result = driver.post_message(ALICE, incident.id, "status please")
    assert result is not None and bot.acked(result)
    assert [m.text for m in fake.thread(incident.id, ts)] == ["All hands on deck"]

    assert bot.acked(driver.react(ALICE, incident.id, ts, "fire"))
    msg = fake.message(incident.id, ts)
    assert msg is not None and msg.reactions == {"fire": [ALICE], "eyes": [fake.bot_user_id]}

    assert bot.acked(driver.message_shortcut(ALICE, incident.id, ts, "summarize"))
    assert [e.text for e in fake.ephemerals_for(ALICE)] == ["Quoted: status please"]

    driver.post_message(BOB, general, f"<@{fake.bot_user_id}> help")
    assert bot.seen.mentions == [f"<@{fake.bot_user_id}> help"]


def test_modal_buttons_push_update_and_clear(bot: Bot, general: str) -> None:
    fake, driver = bot.fake, bot.driver
    driver.slash(ALICE, "", general, command="/note")
    root = fake.last_view(ALICE)
    assert root is not None and root.callback_id == "note"

    assert bot.acked(driver.select_in_view(ALICE, root.id, "kind", "decision", values={"note": "draft"}))
    picked = bot.seen.actions[-1]
    assert picked["container"] == {"type": "view", "view_id": root.id}
    assert picked["actions"][0]["selected_option"]["value"] == "decision"
    assert picked["view"]["state"]["values"]["note_b"]["note"] == {"type": "plain_text_input", "value": "draft"}

    assert bot.acked(driver.click_in_view(ALICE, root.id, "more"))
    pushed = fake.last_view(ALICE)
    assert pushed is not None and pushed.callback_id == "note_more"
    assert [v.id for v in fake.open_views(ALICE)] == [root.id, pushed.id]

    driver.submit_view(ALICE, pushed.id, {"note": "root cause: expired cert"})
    updated = fake.last_view(ALICE)
    assert updated is not None and updated.id == pushed.id and updated.callback_id == "note_done"

    driver.submit_view(ALICE, pushed.id, {"note": "done"})
    assert fake.open_views(ALICE) == []  # response_action=clear closes the whole stack


def test_select_in_a_message(bot: Bot, general: str) -> None:
    client = WebClient(base_url=bot.fake.api_url, token=bot.fake.bot_token)
    modal_like = note_modal("x", "x", with_button=True)["blocks"][1]
    ts = client.chat_postMessage(channel=general, text="What is it?", blocks=[modal_like])["ts"]
    assert bot.acked(bot.driver.select(ALICE, general, ts, "kind", "update"))
    body = bot.seen.actions[-1]
    assert body["container"]["message_ts"] == ts and body["message"]["ts"] == ts
    assert body["actions"][0]["selected_option"]["value"] == "update"
    assert body["state"]["values"]["more_b"]["kind"]["selected_option"]["value"] == "update"


def test_close_view_sends_view_closed_only_when_asked(bot: Bot, general: str) -> None:
    bot.driver.slash(ALICE, "", general)
    view = bot.fake.last_view(ALICE)
    assert view is not None
    result = bot.driver.close_view(ALICE, view.id)
    assert result is not None and bot.acked(result)
    assert bot.seen.closed[0]["view"]["id"] == view.id and bot.seen.closed[0]["is_cleared"] is False
    assert bot.fake.last_view(ALICE) is None


def test_events_are_not_sent_from_channels_without_the_bot(bot: Bot, general: str) -> None:
    elsewhere = bot.fake.add_channel("random", members=[ALICE], bot_is_member=False)
    ts, result = bot.driver.post_message(ALICE, elsewhere.id, "status?")
    assert result is None and bot.fake.message(elsewhere.id, ts) is not None
    assert [d for d in bot.driver.deliveries if d.kind == "event"] == []


# ------------------------------------------------------------------------------------------
# Driver-side checks (what the Slack client itself would refuse)
# ------------------------------------------------------------------------------------------


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


# ------------------------------------------------------------------------------------------
# HTTP only: signing, retries, url_verification
# ------------------------------------------------------------------------------------------


def test_bolt_accepts_signed_and_rejects_bad_requests(http_bot: Bot, general: str) -> None:
    driver = http_bot.driver
    assert isinstance(driver, SlackDriver)
    assert driver.slash(ALICE, "", general).status_code == 200
    for mode in ("unsigned", "wrong_secret", "stale"):
        response = driver.with_options(signing=mode).slash(ALICE, "", general)
        assert response.status_code == 401, mode
    assert len(http_bot.fake.calls_to("views.open")) == 1  # only the signed request did anything


def test_url_verification_echoes_the_challenge(http_bot: Bot) -> None:
    assert isinstance(http_bot.driver, SlackDriver)
    response = http_bot.driver.url_verification("abc123")
    assert response.status_code == 200 and response.json() == {"challenge": "abc123"}


def test_redeliver_repeats_the_event_with_retry_headers(bot: Bot, general: str) -> None:
    bot.driver.post_message(ALICE, general, "hello")
    first = bot.driver.last_event_body
    assert first is not None
    assert bot.acked(bot.driver.redeliver(None, 1, "http_timeout" if bot.transport == "http" else "timeout"))
    events = [d.payload for d in bot.driver.deliveries if d.kind == "event"]
    assert events[0]["event_id"] == first["event_id"]
    assert events[1] == first  # the very same body
    if bot.transport == "http":
        assert bot.seen.retry_headers == [(None, None), ("1", "http_timeout")]
    else:  # Bolt mirrors the envelope's retry_attempt / retry_reason as headers
        assert bot.seen.retry_headers == [("0", ""), ("1", "timeout")]


# ------------------------------------------------------------------------------------------
# Payload shapes against the official samples
# ------------------------------------------------------------------------------------------

#: Keys of the official realistic samples we leave out on purpose (ours is not an Enterprise Grid
#: install; authed_users is deprecated in favour of authorizations).
ABSENT_ON_PURPOSE = {"enterprise_id", "enterprise_name", "authed_users"}


def _check_keys(ours: Json, realistic: Json, shape: Json, where: str) -> None:
    missing = sorted(set(realistic) - set(ours) - ABSENT_ON_PURPOSE)
    assert missing == [], f"{where}: keys Slack sends that we do not: {missing}"
    invented = sorted(set(ours) - set(realistic) - set(shape))
    assert invented == [], f"{where}: keys Slack does not send: {invented}"


def _delivered(deliveries: list[Delivery[Any]], kind: str, **match: str) -> Json:
    for d in deliveries:
        if d.kind == kind and all(d.payload.get(k) == v for k, v in match.items()):
            return d.payload
    raise AssertionError(f"no {kind} delivery matching {match}")


def _event(deliveries: list[Delivery[Any]], event_type: str) -> Json:
    for d in deliveries:
        if d.kind == "event" and d.payload["event"]["type"] == event_type:
            return d.payload
    raise AssertionError(f"no {event_type} event delivered")


def test_payload_shapes_match_the_official_samples(http_bot: Bot, general: str) -> None:
    fake, driver = http_bot.fake, http_bot.driver
    driver.slash(ALICE, "db down", general)
    view = fake.last_view(ALICE)
    assert view is not None
    driver.submit_view(ALICE, view.id, {"title": "Database down", "severity": "sev2"})
    incident = fake.channel_by_name("inc-database-down")
    assert incident is not None
    [announcement] = fake.messages(incident.id)
    driver.click(ALICE, incident.id, announcement.ts, "ack_incident")
    ts, _ = driver.post_message(ALICE, incident.id, "status please")
    driver.post_message(ALICE, incident.id, "reply", thread_ts=ts)
    driver.react(ALICE, incident.id, ts, "fire")
    driver.message_shortcut(ALICE, incident.id, ts, "summarize")
    driver.edit_message(ALICE, incident.id, ts, "status now please")
    driver.post_message(ALICE, incident.id, f"<@{fake.bot_user_id}> hi")
    driver.slash(ALICE, "", general)
    second = fake.last_view(ALICE)
    assert second is not None
    driver.close_view(ALICE, second.id)
    deliveries = driver.deliveries

    slash = _delivered(deliveries, "slash")
    sample = load("payloads/realistic/slash_command.form.json")["fields"]
    _check_keys(slash, sample, load("payloads/shapes/app-backend/SlashCommandPayload.json"), "slash command")
    shared = [k for k in sample if k in slash]
    assert [k for k in slash if k in sample] == shared  # same field order as Slack's form body
    assert slash["response_url"].startswith(fake.base + "/response_url/")

    pairs = [
        ("block_actions", "interactivity.block_actions.button.json", "BlockActionPayload.json"),
        ("view_submission", "interactivity.view_submission.json", "ViewSubmissionPayload.json"),
        ("view_closed", "interactivity.view_closed.json", "ViewClosedPayload.json"),
        ("message_action", "interactivity.message_action.json", "MessageShortcutPayload.json"),
    ]
    for kind, realistic_file, shape_file in pairs:
        ours = _delivered(deliveries, "interactive", type=kind)
        realistic = load(f"payloads/realistic/{realistic_file}")
        shape = load(f"payloads/shapes/app-backend/{shape_file}")
        _check_keys(ours, realistic, shape, kind)
        for sub in ("user", "team", "channel", "container", "view"):
            if sub in ours and sub in realistic:
                _check_keys(ours[sub], realistic[sub], shape.get(sub) or {}, f"{kind}.{sub}")
        if kind == "block_actions":
            _check_keys(ours["actions"][0], realistic["actions"][0], shape["actions"][0], "block_actions.actions[0]")

    events = [
        ("message", "events.message.user.json", "MessagePayload.json"),
        ("reaction_added", "events.reaction_added.json", "ReactionAddedPayload.json"),
        ("app_mention", "events.app_mention.json", "AppMentionPayload.json"),
    ]
    for event_type, realistic_file, shape_file in events:
        ours = _event(deliveries, event_type)
        realistic = load(f"payloads/realistic/{realistic_file}")
        shape = load(f"payloads/shapes/events/{shape_file}")
        _check_keys(ours, realistic, shape, f"{event_type} wrapper")
        _check_keys(ours["event"], realistic["event"], shape["event"], f"{event_type} event")

    changed = next(d.payload for d in deliveries if d.payload.get("event", {}).get("subtype") == "message_changed")
    realistic = load("payloads/realistic/events.message.message_changed.json")
    _check_keys(
        changed["event"],
        realistic["event"],
        load("payloads/shapes/events/MessageChangedPayload.json")["event"],
        "message_changed",
    )
    reply = next(d.payload for d in deliveries if d.payload.get("event", {}).get("thread_ts"))
    assert reply["event"]["thread_ts"] == ts and reply["event"]["parent_user_id"] == ALICE

    wrapper = load("events-api/slack_common_event_wrapper_schema.json")
    wrapper["required"] = [k for k in wrapper["required"] if k != "authed_users"]  # stale, see README
    for d in deliveries:
        if d.kind == "event":
            jsonschema.validate(d.payload, wrapper)
    assert fake.violations == []
