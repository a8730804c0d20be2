"""A message (``MessageSpec``) as plain text and as simple HTML, for what leaves the chat: e-mails, text
messages and the page's own web page. Buttons are left out (each medium offers them its own way)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from bot.specs import Actions
from bot.specs import ChannelLink
from bot.specs import Context
from bot.specs import Divider
from bot.specs import Fields
from bot.specs import Inline
from bot.specs import Mention
from bot.specs import MessageSpec
from bot.specs import Plain
from bot.specs import Rich
from bot.specs import Section
from bot.specs import Strong

Names = Callable[[str], str]
"""A user id → the person's name."""


def inline_text(parts: Rich, names: Names, channel: str) -> str:
    return "".join(_text(part, names, channel) for part in parts)


def _text(part: Inline, names: Names, channel: str) -> str:
    if isinstance(part, Plain | Strong):
        return part.text
    if isinstance(part, Mention):
        return names(part.user_id)
    if isinstance(part, ChannelLink):
        return channel
    return f"{part.label} ({part.url})"


def _html(part: Inline, names: Names, channel: str) -> str:
    if isinstance(part, Plain):
        return escape(part.text)
    if isinstance(part, Strong):
        return f"<strong>{escape(part.text)}</strong>"
    if isinstance(part, Mention):
        return escape(names(part.user_id))
    if isinstance(part, ChannelLink):
        return escape(channel)
    return f'<a href="{escape(part.url, quote=True)}">{escape(part.label)}</a>'


def inline_html(parts: Rich, names: Names, channel: str) -> str:
    return "".join(_html(part, names, channel) for part in parts)


def spec_text(spec: MessageSpec, names: Names, channel: str = "") -> str:
    """The message's blocks as lines of plain text."""
    lines: list[str] = []
    for block in spec.blocks:
        if isinstance(block, Section | Context):
            lines.append(inline_text(block.text, names, channel))
        elif isinstance(block, Fields):
            lines += [f"{label}: {inline_text(value, names, channel)}" for label, value in block.pairs]
        elif isinstance(block, Divider):
            lines.append("")
        elif not isinstance(block, Actions):
            continue
    return "\n".join(lines)


def spec_html(spec: MessageSpec, names: Names, channel: str = "") -> str:
    """The message's blocks as simple HTML (paragraphs and a definition list), every text escaped."""
    parts: list[str] = []
    for block in spec.blocks:
        if isinstance(block, Section):
            parts.append(f"<p>{inline_html(block.text, names, channel)}</p>")
        elif isinstance(block, Context):
            parts.append(f'<p class="note">{inline_html(block.text, names, channel)}</p>')
        elif isinstance(block, Fields):
            rows = "".join(f"<dt>{escape(label)}</dt><dd>{inline_html(value, names, channel)}</dd>"
                           for label, value in block.pairs)
            parts.append(f"<dl>{rows}</dl>")
        elif isinstance(block, Divider):
            parts.append("<hr>")
    return "\n".join(parts)


def buttons_of(spec: MessageSpec) -> list[tuple[str, str, str]]:
    """The message's buttons as ``(action, value, label)``."""
    found: list[tuple[str, str, str]] = []
    for block in spec.blocks:
        if isinstance(block, Actions):
            found += [(button.action, button.value, button.label) for button in block.buttons]
        elif isinstance(block, Section) and block.button is not None:
            found.append((block.button.action, block.button.value, block.button.label))
    return found
