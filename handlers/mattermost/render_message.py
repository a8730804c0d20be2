"""A neutral :class:`MessageSpec` as a Mattermost post: ``message`` plus ``props.attachments``.

The blocks become message attachments (Mattermost's interactive messages):

* text (sections, context lines) goes into the current attachment's ``text``;
* :class:`Fields` become the attachment's ``fields`` (two per row);
* a :class:`Section` with a button becomes an attachment of its own (the button beside its text);
* :class:`Actions` end the current attachment with its buttons; a :class:`Divider` starts a new one.

Every button is an action whose ``integration.url`` points back at Sirene and whose ``context``
carries the core's action name and value signed by :class:`~handlers.mattermost.signing.Signer`
(Mattermost does not sign the callbacks). The tone colours every attachment's left bar.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from datetime import timedelta
from itertools import count
from typing import Any

from bot.specs import Actions
from bot.specs import Button
from bot.specs import ButtonStyle
from bot.specs import Context
from bot.specs import Divider
from bot.specs import Fields
from bot.specs import MessageSpec
from bot.specs import Plain
from bot.specs import Section
from bot.specs import Tone
from handlers.mattermost.render_text import Names
from handlers.mattermost.render_text import escape
from handlers.mattermost.render_text import markdown
from handlers.mattermost.render_text import truncate
from handlers.mattermost.signing import Signer

MESSAGE_MAX = 16383
"""Characters of a post's message (``model.PostMessageMaxRunesV2``)."""
ATTACHMENT_TEXT = 8000
FIELD_TITLE = 300
FIELD_VALUE = 2000
BUTTON_NAME = 75
ATTACHMENTS_MAX = 100
ACTION_PURPOSE = "action"
BUTTON_TTL = timedelta(days=90)
"""How long a button stays valid; living messages are re-rendered (and re-signed) on every change."""

COLOURS = {
    Tone.NEUTRAL: "#8A8F98",
    Tone.WEAK: "#3A87AD",
    Tone.MINOR: "#E8B500",
    Tone.MAJOR: "#E67E22",
    Tone.CRISIS: "#D0021B",
    Tone.GOOD: "#2EB886",
}
STYLES = {ButtonStyle.PRIMARY: "primary", ButtonStyle.DANGER: "danger", ButtonStyle.DEFAULT: "default"}


@dataclass(frozen=True)
class Callback:
    """Where Mattermost sends button clicks, and how their context is signed."""

    url: str
    signer: Signer
    ttl: timedelta = BUTTON_TTL

    def context(self, button: Button) -> dict[str, str]:
        fields = {"action": button.action, "value": button.value}
        if button.confirm is not None:
            fields |= {"confirm_title": button.confirm.title, "confirm_text": button.confirm.text,
                       "confirm_yes": button.confirm.yes}
        return self.signer.sign(ACTION_PURPOSE, fields, self.ttl)


@dataclass
class _Attachment:
    fallback: str
    colour: str
    text: list[str] = field(default_factory=list)
    fields: list[dict[str, Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)

    def empty(self) -> bool:
        return not (self.text or self.fields or self.actions)

    def render(self) -> dict[str, Any]:
        out: dict[str, Any] = {"fallback": self.fallback, "color": self.colour}
        if self.text:
            out["text"] = truncate("\n\n".join(self.text), ATTACHMENT_TEXT)
        if self.fields:
            out["fields"] = self.fields
        if self.actions:
            out["actions"] = self.actions
        return out


def _action(button: Button, ids: Iterator[int], callback: Callback) -> dict[str, Any]:
    return {
        "id": f"sirene{next(ids)}",  # letters and digits only: Mattermost routes clicks by this id
        "name": truncate(button.label, BUTTON_NAME),
        "type": "button",
        "style": STYLES.get(button.style, "default"),
        "integration": {"url": callback.url, "context": callback.context(button)},
    }


def attachments(spec: MessageSpec, names: Names, callback: Callback) -> list[dict[str, Any]]:
    colour = COLOURS.get(spec.tone, COLOURS[Tone.NEUTRAL])
    ids = count(1)
    done: list[_Attachment] = []
    current = _Attachment(spec.summary, colour)

    def close() -> _Attachment:
        if not current.empty():
            done.append(current)
        return _Attachment(spec.summary, colour)

    for block in spec.blocks:
        if current.actions:
            current = close()
        if isinstance(block, Section) and block.button is not None:
            current = close()
            current.text.append(markdown(block.text, names, ATTACHMENT_TEXT))
            current.actions.append(_action(block.button, ids, callback))
            current = close()
        elif isinstance(block, Section | Context):
            text = markdown(block.text, names, ATTACHMENT_TEXT)
            if text:
                current.text.append(text)
        elif isinstance(block, Fields):
            for label, value in block.pairs:
                current.fields.append({"title": truncate(label, FIELD_TITLE),
                                       "value": markdown(value, names, FIELD_VALUE) or "—", "short": True})
        elif isinstance(block, Actions):
            current.actions.extend(_action(button, ids, callback) for button in block.buttons)
        elif isinstance(block, Divider):
            current = close()
    close()
    if len(done) > ATTACHMENTS_MAX:  # keep the last one with buttons usable when cutting
        keep = [a for a in done if a.actions][-1:]
        done = done[: ATTACHMENTS_MAX - len(keep)] + keep
    return [attachment.render() for attachment in done]


def render_post(spec: MessageSpec, names: Names, callback: Callback) -> dict[str, Any]:
    """``{"message", "props"}`` for ``POST /posts`` or ``PUT /posts/{id}/patch``."""
    rendered = attachments(spec, names, callback)
    if not rendered:
        return {"message": truncate(escape(spec.summary), MESSAGE_MAX), "props": {}}
    return {"message": "", "props": {"attachments": rendered}}


def render_text_only(spec: MessageSpec, names: Names) -> str:
    """The whole message as Markdown, without buttons (an ``ephemeral_text`` answer)."""
    parts: list[str] = []
    for block in spec.blocks:
        if isinstance(block, Section | Context):
            parts.append(markdown(block.text, names))
        elif isinstance(block, Fields):
            parts.extend(f"**{escape(label)}**: {markdown(value, names)}" for label, value in block.pairs)
    text = "\n\n".join(part for part in parts if part)
    return truncate(text or markdown((Plain(spec.summary),), names), MESSAGE_MAX)


def has_buttons(spec: MessageSpec) -> bool:
    return any(isinstance(b, Actions) or (isinstance(b, Section) and b.button is not None) for b in spec.blocks)
