"""Helpers for the scheduler's core tests: classify, read what the chat shows, find buttons."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot import actions
from bot.core import Notice
from bot.core import Outcome
from bot.ports import UnitOfWorkFactory
from bot.specs import Actions
from bot.specs import Block
from bot.specs import Button
from bot.specs import Context
from bot.specs import Fields
from bot.specs import Mention
from bot.specs import MessageSpec
from bot.specs import Plain
from bot.specs import Section
from bot.specs import Strong
from tests.core.harness import HELPDESK
from tests.core.harness import OPERATOR
from tests.core.harness import Harness
from tests.core.harness import make_harness
from tests.core.harness import plan_file_with


def english_harness(uow: UnitOfWorkFactory, folder: Path, **changes: object) -> Harness:
    """A harness on the example plan in English (the example speaks Dutch), with ``changes``."""
    return make_harness(uow, plan_file_with(folder, {"language": "en", **changes}))


def classify(h: Harness, number: str, severity: str, who: str = OPERATOR) -> Outcome:
    from bot.usecases.interaction import press

    return press(h.core, h.actor(who, HELPDESK), actions.CLASSIFY, actions.value(number, severity))


def new_incident(h: Harness, severity: str, activities: tuple[str, ...] = (), **values: Any) -> str:
    number = h.report(activities=activities, **values)
    assert classify(h, number, severity) is None
    h.tick()
    return number


def channel(h: Harness, number: str) -> str:
    channel_id = h.incident(number).channel_id
    assert channel_id is not None
    return channel_id


def text(spec: MessageSpec) -> str:
    """Everything a reader sees in a message (mentions as <@id>), buttons excluded."""
    lines: list[str] = [spec.summary]

    def inline(items: tuple[object, ...]) -> str:
        words: list[str] = []
        for item in items:
            if isinstance(item, Plain | Strong):
                words.append(item.text)
            elif isinstance(item, Mention):
                words.append(f"<@{item.user_id}>")
        return "".join(words)

    for block in spec.blocks:
        if isinstance(block, Section | Context):
            lines.append(inline(block.text))
        elif isinstance(block, Fields):
            lines += [f"{label}: {inline(value)}" for label, value in block.pairs]
    return "\n".join(lines)


def shown(outcome: Outcome) -> str:
    """The text of an ephemeral answer."""
    assert isinstance(outcome, Notice), outcome
    return text(outcome.spec)


def buttons(spec: MessageSpec) -> list[Button]:
    found: list[Button] = []
    for block in spec.blocks:
        if isinstance(block, Actions):
            found += block.buttons
        elif isinstance(block, Section) and block.button is not None:
            found.append(block.button)
    return found


def button(spec: MessageSpec, action: str) -> Button:
    found = [b for b in buttons(spec) if b.action == action]
    assert found, f"no {action} in {[b.action for b in buttons(spec)]}"
    return found[0]


def marked(h: Harness, channel_id: str, prefix: str) -> list[MessageSpec]:
    """The messages in a channel whose marker starts with ``prefix`` (as they read now)."""
    return [m.spec for m in h.chat.in_channel(channel_id) if (m.spec.marker or "").startswith(prefix)]


def blocks_of(spec: MessageSpec, kind: type[Block]) -> list[Block]:
    return [b for b in spec.blocks if isinstance(b, kind)]


def pages_to(h: Harness, user_id: str) -> list[MessageSpec]:
    """The escalation pings and prompts sent to ``user_id`` by direct message (as they read now)."""
    return [spec for spec in h.chat.direct_to(user_id) if (spec.marker or "").startswith("page:")]
