"""Slack's App Home: when someone opens Sirene's Home tab (``app_home_opened``), their overview of
``/incident home`` is published there with ``views.publish``."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core import Actor
from bot.core import Core
from bot.core import Notice
from bot.usecases.common import safely
from bot.usecases.home import show_home
from handlers.slack.render_message import render_message

log = logging.getLogger("sirene.slack")

PLATFORM = "slack"
HOME_BLOCKS_MAX = 100


def publish_home(core: Core, client: WebClient, event: dict[str, Any]) -> None:
    if event.get("tab") != "home" or not event.get("user"):
        return
    actor = Actor(PLATFORM, str(event["user"]))
    outcome = safely(core, actor, lambda: show_home(core, actor))
    if not isinstance(outcome, Notice):
        return
    blocks = render_message(outcome.spec).get("blocks") or []
    try:
        client.views_publish(user_id=actor.user_id, view={"type": "home", "blocks": blocks[:HOME_BLOCKS_MAX]})
    except SlackApiError as error:
        log.warning("the Home tab of %s could not be published: %s", actor.user_id, error.response.get("error"))
