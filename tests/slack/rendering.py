"""What the Slack rendering tests share: hostile user text, a form to render, readers of the Block Kit that
comes out (a section's text, the buttons, an input's element), a view's state as Slack submits it, and
Slack's official payload samples read in place beside the repository (the tests skip when they are absent)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot import actions
from bot.specs import FormSpec
from bot.specs import MessageSpec
from bot.specs import Rich
from bot.specs import Section
from handlers.slack.render import render_message

PAYLOADS = Path(__file__).resolve().parents[3] / "shared" / "platform-contracts" / "slack" / "payloads"

HOSTILE = (
    "Hi <!channel> <!here> <@U0BOSS> @here @channel @everyone "
    "<https://evil.example|click> *bold* _it_ ~x~ `c`"
)
FORMATTING = "*_~`"


def section_text(rich: Rich) -> str:
    block = render_message(MessageSpec("s", (Section(rich),)))["blocks"][0]
    text: str = block["text"]["text"]
    return text


def buttons_of(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for block in blocks:
        if block["type"] == "actions":
            found.extend(block["elements"])
        elif "accessory" in block:
            found.append(block["accessory"])
    return found


def form(*inputs: Any, title: str = "Report an incident") -> FormSpec:
    return FormSpec(form_id=actions.FORM_REPORT, title=title, submit="Send", cancel="Cancel", inputs=inputs)


def element_of(view: dict[str, Any], name: str) -> dict[str, Any]:
    block = next(b for b in view["blocks"] if b.get("block_id") == name)
    element: dict[str, Any] = block["element"]
    return element


def state(block_id: str, element: dict[str, Any]) -> dict[str, Any]:
    return {"state": {"values": {block_id: {block_id: element}}}}


def strip_private(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: strip_private(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, list):
        return [strip_private(v) for v in value]
    return value


def load_payload(*parts: str) -> dict[str, Any]:
    if not PAYLOADS.is_dir():
        pytest.skip(f"the Slack platform contracts are not at {PAYLOADS}")
    data: dict[str, Any] = strip_private(json.loads(PAYLOADS.joinpath(*parts).read_text(encoding="utf-8")))
    return data

