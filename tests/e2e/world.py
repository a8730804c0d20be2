"""The Slack workspace of the end-to-end tests: the plan's people, a helpdesk channel, a running Sirene."""

from __future__ import annotations

import time
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from typing import TypeVar

import yaml

from tests.e2e.server import REPO
from tests.e2e.server import SireneServer
from tests.fakes.slack.model import Message
from tests.fakes.slack.server import FakeSlack

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
EMPLOYEE = "U0EMPLOYEE"
T = TypeVar("T")


def wait_for(probe: Callable[[], T | None], timeout: float = 10.0, what: str = "condition") -> T:
    """Poll ``probe`` until it returns something truthy (the bot works after its ack)."""
    deadline = time.monotonic() + timeout
    while True:
        found = probe()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def write_plan(path: Path, helpdesk: str, language: str = "en", **overrides: Any) -> Path:
    plan = yaml.safe_load((REPO / "plan.example.yaml").read_text(encoding="utf-8"))
    plan["helpdesk_channel"] = helpdesk
    plan["language"] = language
    for person in plan["people"].values():
        person.pop("language", None)
    plan.update(overrides)
    path.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    return path


def populate(fake: FakeSlack) -> str:
    """Every person of the example plan, an employee in no role, #general and #helpdesk; the helpdesk id."""
    plan = yaml.safe_load((REPO / "plan.example.yaml").read_text(encoding="utf-8"))
    for key, person in plan["people"].items():
        fake.add_user(person["slack"], key, person["email"], real_name=person["name"])
    fake.add_user(EMPLOYEE, "emma", "emma@example.be", real_name="Emma Employee")
    everyone = [p["slack"] for p in plan["people"].values()] + [EMPLOYEE]
    fake.add_channel("general", members=everyone, is_general=True)
    return fake.add_channel("helpdesk", members=everyone).id


def sirene_env(fake: FakeSlack, plan: Path, database: str, **extra: str) -> dict[str, str]:
    return {
        "SLACK_BOT_TOKEN": fake.bot_token,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.api_url,
        "SIRENE_PLAN": str(plan),
        "DATABASE_URL": database,
        "SIRENE_TICK_SECONDS": "0.2",
        **extra,
    }


@dataclass
class World:
    fake: FakeSlack
    helpdesk: str
    server: SireneServer

    def messages(self, channel_id: str) -> list[Message]:
        return self.fake.messages(channel_id)

    def with_marker(self, channel_id: str, suffix: str) -> Message | None:
        """The bot's message whose buttons or text identify it (by the neutral spec's marker)."""
        for message in self.fake.messages(channel_id):
            if message.bot_id and suffix in (message.text or ""):
                return message
        return None


def reactions(fake: FakeSlack, channel_id: str, ts: str) -> dict[str, list[str]]:
    """The reactions on a message of the fake (none when there is no such message)."""
    message = fake.message(channel_id, ts)
    return (message.reactions or {}) if message is not None else {}


def buttons(message: Message) -> Iterator[dict[str, Any]]:
    for block in message.blocks or []:
        accessory = block.get("accessory")
        if accessory and accessory.get("type") == "button":
            yield accessory
        if block.get("type") == "actions":
            yield from block.get("elements", [])


def button(message: Message, action: str, value: str | None = None) -> str:
    """The action_id of the button for ``action`` (and ``value``) in a message."""
    for element in buttons(message):
        if element["action_id"].split(":")[0] == action and (value is None or element.get("value") == value):
            return str(element["action_id"])
    raise AssertionError(f"no {action} button with value {value} in {[b['action_id'] for b in buttons(message)]}")
