"""Start-up on Mattermost: who the bot is, which team, and the ``/incident`` command.

Without ``MATTERMOST_COMMAND_TOKEN`` Sirene registers ``/incident`` in the team itself (or finds
the one it registered before, pointing at the same URL) and keeps the command's token in memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from handlers.mattermost.api import MattermostApi

TRIGGER = "incident"


@dataclass(frozen=True)
class Identity:
    bot_user_id: str
    team_id: str
    team_name: str


def identify(api: MattermostApi, team: str) -> Identity:
    """The bot's user id and the team's id; raises ``ChatError`` when the token or the team is wrong."""
    me = api.call("GET", "/users/me")
    found = api.call("GET", f"/teams/name/{team}")
    return Identity(str(me["id"]), str(found["id"]), str(found["name"]))


def ensure_command(api: MattermostApi, team_id: str, url: str, description: str, hint: str) -> str:
    """The token of the team's ``/incident`` command that calls ``url``, registering it when missing."""
    commands: Any = api.call("GET", "/commands", params={"team_id": team_id, "custom_only": "true"})
    for command in commands if isinstance(commands, list) else []:
        if isinstance(command, dict) and command.get("trigger") == TRIGGER and command.get("url") == url \
                and not command.get("delete_at"):
            return str(command["token"])
    created = api.call("POST", "/commands", json={
        "team_id": team_id, "method": "P", "trigger": TRIGGER, "url": url, "display_name": "Sirene",
        "description": description, "auto_complete": True, "auto_complete_desc": description,
        "auto_complete_hint": hint,
    })
    return str(created["token"])
