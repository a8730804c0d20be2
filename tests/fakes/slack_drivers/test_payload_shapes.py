"""The payloads the drivers send, compared with Slack's official samples and shapes (slash command, block_actions,
view_submission, view_closed, message_action, and the message, reaction, mention and edit events) and with
the Events API's wrapper schema."""

from __future__ import annotations

from typing import Any

import jsonschema

from tests.fakes.official import load
from tests.fakes.slack.driver import Delivery
from tests.fakes.slack_drivers.bolt_app import Json
from tests.fakes.slack_drivers.conftest import ALICE
from tests.fakes.slack_drivers.conftest import Bot

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
