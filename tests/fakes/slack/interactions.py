"""The interactivity payloads Slack sends to an app: block_actions from a message or a modal, view_submission,
view_closed and message_action (a message shortcut), shaped like the official samples
``payloads/realistic/interactivity.*.json``; built from the fake's state only (the drivers issue
trigger_ids and response_urls and do the transport)."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from tests.fakes.slack.block_state import action_ts
from tests.fakes.slack.model import Json
from tests.fakes.slack.slash_commands import slash_channel_name

if TYPE_CHECKING:
    from tests.fakes.slack.server import FakeSlack


def _user_obj(fake: FakeSlack, user_id: str) -> Json:
    user = fake.user(user_id)
    return {"id": user.id, "username": user.name, "name": user.name, "team_id": fake.team_id}


def _team_obj(fake: FakeSlack) -> Json:
    return {"id": fake.team_id, "domain": fake.team_domain}


def build_block_actions(
    fake: FakeSlack,
    *,
    user_id: str,
    channel_id: str,
    message: Json,
    is_ephemeral: bool,
    action: Json,
    state_values: Json,
    trigger_id: str,
    response_url: str,
) -> Json:
    """block_actions for an element in a message (see interactivity.block_actions.button.json)."""
    ch = fake.channel(channel_id)
    payload: Json = {
        "type": "block_actions",
        "user": _user_obj(fake, user_id),
        "api_app_id": fake.app_id,
        "token": fake.verification_token,
        "container": {
            "type": "message",
            "message_ts": message["ts"],
            "channel_id": ch.id,
            "is_ephemeral": is_ephemeral,
        },
        "trigger_id": trigger_id,
        "team": _team_obj(fake),
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": ch.id, "name": slash_channel_name(ch)},
        "state": {"values": state_values},
        "response_url": response_url,
        "actions": [action],
    }
    if message.get("thread_ts"):
        payload["container"]["thread_ts"] = message["thread_ts"]
    if not is_ephemeral:
        payload["message"] = message
    return payload


def build_block_actions_in_view(fake: FakeSlack, *, user_id: str, view: Json, action: Json, trigger_id: str) -> Json:
    """block_actions for an element inside a modal (container type ``view``)."""
    return {
        "type": "block_actions",
        "user": _user_obj(fake, user_id),
        "api_app_id": fake.app_id,
        "token": fake.verification_token,
        "container": {"type": "view", "view_id": view["id"]},
        "trigger_id": trigger_id,
        "team": _team_obj(fake),
        "enterprise": None,
        "is_enterprise_install": False,
        "view": view,
        "actions": [action],
    }


def view_with_state(view: Json, state_values: Json) -> Json:
    out = copy.deepcopy(view)
    out["state"] = {"values": state_values}
    return out


def build_view_submission(fake: FakeSlack, *, user_id: str, view: Json, trigger_id: str) -> Json:
    """view_submission (see interactivity.view_submission.json); ``view`` already carries state."""
    return {
        "type": "view_submission",
        "team": _team_obj(fake),
        "user": _user_obj(fake, user_id),
        "api_app_id": fake.app_id,
        "token": fake.verification_token,
        "trigger_id": trigger_id,
        "view": view,
        "response_urls": [],
        "enterprise": None,
        "is_enterprise_install": False,
    }


def build_view_closed(fake: FakeSlack, *, user_id: str, view: Json, is_cleared: bool) -> Json:
    """view_closed (see interactivity.view_closed.json)."""
    return {
        "type": "view_closed",
        "team": _team_obj(fake),
        "user": _user_obj(fake, user_id),
        "api_app_id": fake.app_id,
        "token": fake.verification_token,
        "view": view,
        "response_urls": [],
        "is_cleared": is_cleared,
        "enterprise": None,
        "is_enterprise_install": False,
    }


def build_message_action(
    fake: FakeSlack,
    *,
    user_id: str,
    channel_id: str,
    message: Json,
    callback_id: str,
    trigger_id: str,
    response_url: str,
) -> Json:
    """message_action (message shortcut; see interactivity.message_action.json)."""
    ch = fake.channel(channel_id)
    user = fake.user(user_id)
    return {
        "type": "message_action",
        "token": fake.verification_token,
        "action_ts": action_ts(),
        "team": _team_obj(fake),
        "user": {"id": user.id, "name": user.name, "team_id": fake.team_id},
        "channel": {"id": ch.id, "name": slash_channel_name(ch)},
        "is_enterprise_install": False,
        "enterprise": None,
        "callback_id": callback_id,
        "trigger_id": trigger_id,
        "message_ts": message["ts"],
        "message": message,
        "response_url": response_url,
    }


__all__ = [
    "build_block_actions",
    "build_block_actions_in_view",
    "build_message_action",
    "build_view_closed",
    "build_view_submission",
    "view_with_state",
]
