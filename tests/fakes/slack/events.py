"""The Events API as Slack sends it to an app: the event_callback wrapper, the events for a user's post, its
mention of the bot, its edit and deletion and a reaction, and the url_verification challenge, shaped like the
official samples ``payloads/realistic/events.*.json``; built from the fake's state only (the drivers
issue event ids and do the transport)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.fakes.slack.model import Json
from tests.fakes.slack.model import Message

if TYPE_CHECKING:
    from tests.fakes.slack.server import FakeSlack


def build_event_callback(fake: FakeSlack, event: Json, *, event_id: str, event_time: int) -> Json:
    """The event_callback wrapper (see events.message.user.json)."""
    channel = event.get("channel") or (event.get("item") or {}).get("channel") or ""
    return {
        "token": fake.verification_token,
        "team_id": fake.team_id,
        "api_app_id": fake.app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": event_time,
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": fake.team_id,
                "user_id": fake.bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": f"4-{event.get('type')}-{fake.team_id}-{channel}",
    }


def message_event(fake: FakeSlack, msg: Message) -> Json:
    """A ``message`` event for a user's post (see events.message.user.json / thread_reply)."""
    ch = fake.channel(msg.channel)
    event: Json = {"client_msg_id": msg.client_msg_id, "type": "message", "text": msg.text, "user": msg.user}
    event["ts"] = msg.ts
    event["team"] = fake.team_id
    if msg.blocks is not None:
        event["blocks"] = msg.blocks
    if msg.thread_ts:
        event["thread_ts"] = msg.thread_ts
        if msg.parent_user_id:
            event["parent_user_id"] = msg.parent_user_id
    event["channel"] = ch.id
    event["event_ts"] = msg.ts
    event["channel_type"] = ch.channel_type
    return event


def app_mention_event(fake: FakeSlack, msg: Message) -> Json:
    """An ``app_mention`` event (see events.app_mention.json)."""
    event: Json = {
        "client_msg_id": msg.client_msg_id,
        "type": "app_mention",
        "text": msg.text,
        "user": msg.user,
        "ts": msg.ts,
        "team": fake.team_id,
    }
    if msg.blocks is not None:
        event["blocks"] = msg.blocks
    if msg.thread_ts:
        event["thread_ts"] = msg.thread_ts
    event["channel"] = msg.channel
    event["event_ts"] = msg.ts
    return event


def message_changed_event(fake: FakeSlack, previous: Json, msg: Message, event_ts: str) -> Json:
    """``message`` / ``message_changed`` (see events.message.message_changed.json)."""
    ch = fake.channel(msg.channel)
    return {
        "type": "message",
        "subtype": "message_changed",
        "message": msg.to_slack(),
        "previous_message": previous,
        "channel": ch.id,
        "hidden": True,
        "ts": event_ts,
        "event_ts": event_ts,
        "channel_type": ch.channel_type,
    }


def message_deleted_event(fake: FakeSlack, channel_id: str, previous: Json, event_ts: str) -> Json:
    """``message`` / ``message_deleted`` (see events.message.message_deleted.json)."""
    ch = fake.channel(channel_id)
    return {
        "type": "message",
        "subtype": "message_deleted",
        "previous_message": previous,
        "channel": ch.id,
        "hidden": True,
        "deleted_ts": previous["ts"],
        "event_ts": event_ts,
        "ts": event_ts,
        "channel_type": ch.channel_type,
    }


def reaction_added_event(fake: FakeSlack, user_id: str, msg: Message, name: str, event_ts: str) -> Json:
    """``reaction_added`` (see events.reaction_added.json)."""
    event: Json = {
        "type": "reaction_added",
        "user": user_id,
        "item": {"type": "message", "channel": msg.channel, "ts": msg.ts},
        "reaction": name,
        "event_ts": event_ts,
    }
    author = msg.user or ""
    if author:
        event["item_user"] = author
    return event


def build_url_verification(fake: FakeSlack, challenge: str) -> Json:
    return {"token": fake.verification_token, "challenge": challenge, "type": "url_verification"}


__all__ = [
    "app_mention_event",
    "build_event_callback",
    "build_url_verification",
    "message_changed_event",
    "message_deleted_event",
    "message_event",
    "reaction_added_event",
]
