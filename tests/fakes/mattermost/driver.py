"""Drives Sirene as Mattermost does: the slash command (form with token), button clicks (JSON with
the button's context, as the server echoes it) and dialog submissions (JSON with the dialog's state)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import httpx

from tests.fakes.mattermost.model import Dialog
from tests.fakes.mattermost.model import Post
from tests.fakes.mattermost.server import FakeMattermost


class MattermostDriver:
    def __init__(self, fake: FakeMattermost, sirene_url: str, command_token: str) -> None:
        self.fake = fake
        self.base = sirene_url.rstrip("/")
        self.command_token = command_token
        self._client = httpx.Client(timeout=10)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> MattermostDriver:
        return self

    def __exit__(self, *args: object) -> None:
        self.close()

    def slash(self, user_id: str, text: str, channel_id: str, token: str | None = None) -> httpx.Response:
        """``/incident <text>`` typed in ``channel_id``, as the server posts it (token in body and header)."""
        token = self.command_token if token is None else token
        channel = self.fake.channels[channel_id]
        fields = {"channel_id": channel_id, "channel_name": channel.name, "command": "/incident",
                  "response_url": f"{self.fake.url}/hooks/commands/x", "team_domain": self.fake.team_name,
                  "team_id": self.fake.team_id, "text": text, "token": token,
                  "trigger_id": self.fake.new_trigger(user_id), "user_id": user_id,
                  "user_name": self.fake.users[user_id].username}
        return self._client.post(f"{self.base}/mattermost/command", content=urlencode(fields),
                                 headers={"Content-Type": "application/x-www-form-urlencoded",
                                          "Accept": "application/json", "Authorization": f"Token {token}",
                                          "User-Agent": "Mattermost-Bot/1.1"})

    def click(self, user_id: str, post: Post, action: dict[str, Any],
              context: dict[str, Any] | None = None) -> httpx.Response:
        """A click on ``action`` (an element of the post's attachments) by ``user_id``."""
        channel = self.fake.channels[post.channel_id]
        body = {"user_id": user_id, "user_name": self.fake.users[user_id].username, "channel_id": channel.id,
                "channel_name": channel.name, "team_id": self.fake.team_id, "team_domain": self.fake.team_name,
                "post_id": post.id, "trigger_id": self.fake.new_trigger(user_id), "type": "button",
                "data_source": "", "context": action["integration"]["context"] if context is None else context}
        return self._client.post(action["integration"]["url"], json=body)

    def submit(self, user_id: str, dialog: Dialog, submission: dict[str, Any], channel_id: str = "",
               state: str | None = None, cancelled: bool = False, as_webapp: bool = True) -> httpx.Response:
        """The user submits the dialog. ``as_webapp``: like the web app, refuse to send a required
        element left empty (pass ``False`` to send what a crafted request could)."""
        if as_webapp and not cancelled:
            for element in dialog.dialog.get("elements", []):
                if not element.get("optional") and submission.get(element["name"]) in (None, "", []):
                    raise AssertionError(f"required element {element['name']!r} left empty; "
                                         "Mattermost would not let the user submit")
        body = {"type": "dialog_submission", "callback_id": dialog.dialog.get("callback_id", ""),
                "state": dialog.dialog.get("state", "") if state is None else state, "user_id": user_id,
                "channel_id": channel_id, "team_id": self.fake.team_id, "submission": submission,
                "cancelled": cancelled}
        answer = self._client.post(dialog.url, json=body)
        self.fake.dialog_answered(dialog, answer.status_code, answer.content)  # checked; a next step is kept
        return answer


def action(post: Post, name: str, value: str | None = None) -> dict[str, Any]:
    """The button of ``post`` for the core action ``name`` (and ``value``)."""
    for found in post.actions():
        context = found["integration"]["context"]
        if context.get("action") == name and (value is None or context.get("value") == value):
            return found
    shown = [(a["integration"]["context"].get("action"), a["integration"]["context"].get("value"))
             for a in post.actions()]
    raise AssertionError(f"no {name} button with value {value} in {shown}")
