"""Connecting to Slack at start: the Web API client (checked with ``auth.test``), the Bolt app that verifies
and routes requests, the ``ChatPort``; and the Socket Mode connection, when that is how events come."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient

from bot.settings import SettingsInvalid
from handlers.slack.chat import SlackChat
from handlers.slack.settings import SlackSettings
from handlers.slack.transport import KeptAliveWebClient


@dataclass
class SlackParts:
    app: App
    chat: SlackChat
    client: WebClient
    team_id: str | None


def connect_slack(settings: SlackSettings) -> SlackParts:
    """The parts, once Slack accepted the token; a rejected token or an unreachable URL stops the start with
    one line naming ``SLACK_BOT_TOKEN``."""
    assert settings.slack_bot_token is not None
    # No retry handlers: a chat.postMessage retried after a lost answer would post twice. The job runner
    # retries, after looking for what the lost attempt posted.
    client = KeptAliveWebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url, timeout=10,
                                retry_handlers=[])
    try:
        identity = client.auth_test()
    except Exception as exc:  # any failure here means: check the token or the URL
        raise SettingsInvalid("slack_auth", "SLACK_BOT_TOKEN") from exc
    app = App(client=client, signing_secret=settings.slack_signing_secret or "socket-mode-unused",
              token_verification_enabled=False, raise_error_for_unhandled_request=False,
              process_before_response=True,
              request_verification_enabled=not settings.socket_mode or bool(settings.slack_signing_secret))
    team_id, url, user_id = identity.get("team_id"), identity.get("url"), identity.get("user_id")
    chat = SlackChat(client, str(url) if url else None, str(user_id) if user_id else None)
    return SlackParts(app, chat, client, str(team_id) if team_id else None)


def socket_mode_starter(bolt: App, settings: SlackSettings) -> Callable[[], Callable[[], None]]:
    """What starts Socket Mode with the server (and gives back what stops it)."""

    def start() -> Callable[[], None]:
        handler = SocketModeHandler(bolt, settings.slack_app_token)
        handler.connect()  # type: ignore[no-untyped-call]
        return handler.close

    return start
