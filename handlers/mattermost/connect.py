"""Connecting to Mattermost at start: the bot's token and team checked, the ``ChatPort``, the slash command
registered (unless its token is given), and the routes and event listener of a running Sirene."""

from __future__ import annotations

from starlette.routing import Route

from bot.i18n import Translator
from bot.plan import Plan
from bot.ports import ChatError
from bot.ports import ChatUnavailable
from bot.server import Sirene
from bot.settings import SettingsInvalid
from handlers.mattermost.api import MattermostApi
from handlers.mattermost.chat import MattermostChat
from handlers.mattermost.http import ACTIONS_PATH
from handlers.mattermost.http import COMMAND_PATH
from handlers.mattermost.http import DIALOGS_PATH
from handlers.mattermost.http import MattermostEndpoints
from handlers.mattermost.listener import EventListener
from handlers.mattermost.render_message import Callback
from handlers.mattermost.server_version import ServerVersion
from handlers.mattermost.settings import MattermostSettings
from handlers.mattermost.setup import Identity
from handlers.mattermost.setup import ensure_command
from handlers.mattermost.setup import identify
from handlers.mattermost.signing import Signer


def connect_mattermost(own: MattermostSettings, public_url: str | None,
                       secret_key: str | None) -> tuple[MattermostChat, Signer]:
    """The adapter and the signer of its buttons' callbacks, once Mattermost accepted the token and knows the
    team; else the start stops with one line naming the setting to fix."""
    assert own.mattermost_url and own.mattermost_bot_token and own.mattermost_team
    assert public_url and secret_key
    api = MattermostApi(own.mattermost_url, own.mattermost_bot_token)
    try:
        api.call("GET", "/users/me")
    except ChatError as exc:
        raise SettingsInvalid(key="mattermost_settings.auth_rejected", variable="MATTERMOST_BOT_TOKEN") from exc
    except ChatUnavailable as exc:
        raise SettingsInvalid(key="mattermost_settings.unreachable", variable="MATTERMOST_URL") from exc
    try:
        identity: Identity = identify(api, own.mattermost_team)
    except (ChatError, ChatUnavailable) as exc:
        raise SettingsInvalid(key="mattermost_settings.team_unknown", variable="MATTERMOST_TEAM") from exc
    signer = Signer(secret_key)
    callback = Callback(f"{public_url.rstrip('/')}{ACTIONS_PATH}", signer)
    chat = MattermostChat(api, identity.team_id, identity.team_name, identity.bot_user_id, callback)
    return chat, signer


def _command_token(own: MattermostSettings, public_url: str, chat: MattermostChat, plan: Plan) -> str:
    if own.mattermost_command_token:
        return own.mattermost_command_token
    tr = Translator(plan.language, plan.zone)
    url = f"{public_url.rstrip('/')}{COMMAND_PATH}"
    try:
        return ensure_command(chat.api, chat.team_id, url, tr.t("mattermost_setup.command_description"),
                              tr.t("mattermost_setup.command_hint"))
    except (ChatError, ChatUnavailable) as exc:
        raise SettingsInvalid(key="mattermost_settings.command_not_registered",
                              variable="MATTERMOST_COMMAND_TOKEN") from exc


def mattermost_routes(own: MattermostSettings, public_url: str, sirene: Sirene, plan: Plan,
                      chat: MattermostChat, signer: Signer) -> list[Route]:
    """The slash command's, buttons' and dialogs' routes; the event listener starts with the server."""
    token = _command_token(own, public_url, chat, plan)
    version = ServerVersion()  # heard from the websocket's hello: whether dialogs can go on in place
    endpoints = MattermostEndpoints(sirene.core, chat, signer, lambda: token, sirene.executor, public_url, version)
    assert own.mattermost_bot_token is not None
    listener = EventListener(sirene.core, chat.api, own.mattermost_bot_token, chat.bot_user_id, version)
    sirene.starters.append(listener.start)
    return [Route(COMMAND_PATH, endpoints.command, methods=["POST", "GET"]),
            Route(ACTIONS_PATH, endpoints.action, methods=["POST"]),
            Route(DIALOGS_PATH, endpoints.dialog, methods=["POST"])]
