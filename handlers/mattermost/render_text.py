"""Mattermost Markdown for neutral rich text: escaping user text, mentions, channel links, links.

Safety rules (user text must always come out inert):

* Every Markdown punctuation that can start formatting, a link, an image, a table, a heading or a
  quote is backslash-escaped (CommonMark: any ASCII punctuation may be escaped).
* An ``@`` or ``~`` that starts a word gets a ZERO WIDTH JOINER (U+200D) after it: ``@here``,
  ``@channel``, ``@all`` and ``@name`` then notify no one, and ``~town-square`` links nowhere.
  Mattermost finds mentions in the raw text, where a backslash would not stop them.
* Mentions and channel links are written by name (Mattermost's Markdown has no id syntax): the
  caller gives a :class:`Names` that knows them; an unknown id is shown as plain text.
"""

from __future__ import annotations

import re
from typing import Protocol

from bot.domain.text import clean
from bot.specs import ChannelLink
from bot.specs import Inline
from bot.specs import Link
from bot.specs import Mention
from bot.specs import Rich
from bot.specs import Strong
from handlers.text import fit
from handlers.text import truncate as truncate  # re-exported for the renderers

_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#|!~])")
_WORD_START = re.compile(r"(?<![\w\u200d])([@~])(?=\w)")
_URL = re.compile(r"https?://[^\s()<>\[\]]+", re.IGNORECASE)
_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
_ZWJ = "\u200d"


class Names(Protocol):
    """User and channel names by id, for mentions and channel links (``None`` when unknown)."""

    def username(self, user_id: str) -> str | None: ...

    def channel_name(self, channel_id: str) -> str | None: ...


class NoNames:
    """Knows no names: mentions and channel links come out as plain text."""

    def username(self, user_id: str) -> str | None:
        return None

    def channel_name(self, channel_id: str) -> str | None:
        return None


def escape(text: str) -> str:
    """User text as inert Markdown: shown literally, without formatting, mentions or channel links."""
    out = _SPECIAL.sub(r"\\\1", clean(text))
    return _WORD_START.sub(lambda m: m.group(1) + _ZWJ, out)



def _strong(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        core = line.strip()
        lines.append(line.replace(core, f"**{escape(core)}**", 1) if core else line)
    return "\n".join(lines)


def _piece(item: Inline, names: Names) -> str:
    if isinstance(item, Strong):
        return _strong(item.text)
    if isinstance(item, Mention):
        name = names.username(item.user_id)
        return f"@{name}" if name and _NAME.fullmatch(name) else escape(item.user_id)
    if isinstance(item, ChannelLink):
        name = names.channel_name(item.channel_id)
        return f"~{name}" if name and _NAME.fullmatch(name) else escape(item.channel_id)
    if isinstance(item, Link):
        if _URL.fullmatch(item.url):
            return f"[{escape(item.label or item.url)}]({item.url})"
        return escape(item.label or item.url)
    return escape(item.text)


def markdown(rich: Rich, names: Names, limit: int = 16383) -> str:
    """Rich text as Markdown of at most ``limit`` characters, cut with "…" (never inside an escape)."""
    return fit(rich, limit, lambda part: "".join(_piece(item, names) for item in part))
