"""Drives a running sandbox the way its page does: the page's token, JSON posts as one of the plan's people."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from tests.e2e.world import wait_for

TOKEN = re.compile(r'data-token="([^"]+)"')
BRUSSELS = ZoneInfo("Europe/Brussels")

Message = dict[str, Any]


def local_now() -> str:
    """The browser's ``datetime-local`` value for now, in the plan's zone."""
    return datetime.now(BRUSSELS).strftime("%Y-%m-%dT%H:%M")


class SandboxDriver:
    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=15)
        page = self.http.get("/")
        assert page.status_code == 200, page.text
        found = TOKEN.search(page.text)
        assert found, "the page carries no token"
        self.token = found.group(1)

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> SandboxDriver:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # ---- acting -----------------------------------------------------------------------------

    def call(self, path: str, user: str, token: str | None = None, **data: Any) -> httpx.Response:
        headers = {"X-Sirene-Token": self.token if token is None else token}
        return self.http.post(f"/sandbox/api/{path}", json={"user": user, **data}, headers=headers)

    def ok(self, path: str, user: str, **data: Any) -> dict[str, Any]:
        response = self.call(path, user, **data)
        assert response.status_code == 200, response.text
        answer = response.json()
        assert isinstance(answer, dict) and answer.get("ok") is True, answer
        return answer

    def send(self, user: str, channel: str, text: str, client_key: str | None = None) -> dict[str, Any]:
        return self.ok("send", user, channel=channel, text=text, client_key=client_key or uuid.uuid4().hex)

    def press(self, user: str, message: Message, action: str, value: str | None = None) -> dict[str, Any]:
        button = self.button(message, action, value)
        return self.ok("press", user, message=message["id"], action=button["action"], value=button["value"])

    def submit(self, user: str, form_id: int, **values: Any) -> dict[str, Any]:
        return self.ok("submit", user, form=form_id, values=values)

    def report(self, user: str, channel: str, title: str, **values: Any) -> str:
        """Report an incident through ``/incident`` and its form; the incident's number."""
        opened = self.send(user, channel, f"/incident {title}")
        assert "form" in opened, opened
        fields = {"title": title, "description": "Nobody receives mail since 9:00", "detected_at": local_now(),
                  "activities": ["email"], "reporter_kind": "employee", "reporter_name": ""}
        fields.update(values)
        done = self.submit(user, opened["form"]["id"], **fields)
        assert done.get("done"), done
        found = re.search(r"INC-\d{4}-\d{4}", done["done"]["text"])
        assert found, done
        return found.group(0)

    # ---- reading ----------------------------------------------------------------------------

    def get(self, path: str, user: str, **params: str) -> httpx.Response:
        return self.http.get(f"/sandbox/api/{path}", params={"user": user, "token": self.token, **params})

    def channels(self, user: str) -> list[dict[str, Any]]:
        response = self.get("channels", user)
        assert response.status_code == 200, response.text
        return list(response.json()["channels"])

    def channel(self, user: str, channel: str) -> dict[str, Any]:
        response = self.get("messages", user, channel=channel)
        assert response.status_code == 200, response.text
        return dict(response.json())

    def messages(self, user: str, channel: str) -> list[Message]:
        return list(self.channel(user, channel)["messages"])

    def view(self, user: str, channel: str) -> dict[str, Any]:
        response = self.get("view", user, channel=channel)
        assert response.status_code == 200, response.text
        return dict(response.json())

    def wait_message(self, user: str, channel: str, probe: Callable[[Message], bool], what: str,
                     timeout: float = 15.0) -> Message:
        """Poll until a message matches; a channel not there yet (a direct message the bot has still to send,
        404) counts as no message yet."""
        def found() -> Message | None:
            response = self.get("messages", user, channel=channel)
            if response.status_code == 404:
                return None
            assert response.status_code == 200, response.text
            return next((m for m in response.json()["messages"] if probe(m)), None)

        return wait_for(found, timeout, what)

    def wait_channel(self, user: str, prefix: str, timeout: float = 15.0) -> dict[str, Any]:
        return wait_for(lambda: next((c for c in self.channels(user) if c["name"].startswith(prefix)), None),
                        timeout, f"a channel {prefix}… visible to {user}")

    @staticmethod
    def button(message: Message, action: str, value: str | None = None) -> dict[str, str]:
        for button in message["buttons"]:
            if button["action"] == action and (value is None or button["value"] == value):
                return dict(button)
        raise AssertionError(f"no {action} {value or ''} button in {message['buttons']}")

    @staticmethod
    def has_button(message: Message, action: str) -> bool:
        return any(b["action"] == action for b in message["buttons"])
