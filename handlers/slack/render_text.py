"""Slack mrkdwn for neutral rich text: escaping user text, mentions, links, and safe truncation.

Safety rules (user text must always come out inert):

* ``&``, ``<`` and ``>`` become ``&amp;``, ``&lt;`` and ``&gt;``, the three escapes Slack
  documents. This neutralises ``<!channel>``, ``<!here>``, ``<@U…>`` and ``<http://x|label>``.
* Slack has no backslash escape for mrkdwn. We replace the formatting characters with
  look-alikes: ``*`` → ``∗`` (U+2217), ``_`` → ``ˍ`` (U+02CD), ``~`` → ``∼`` (U+223C),
  `````` ` `````` → ``ˋ`` (U+02CB), and a ``>`` that starts a line (a quote) → ``＞`` (U+FF1E).
  We do not use the zero-width-space trick for this: Slack treats U+200B as a word boundary,
  which is what people use to *enable* bold or italic in the middle of a word. The cost is
  that copying text from the message gives the look-alikes; the stored original is unchanged.
* An ``@`` that starts a word gets a ZERO WIDTH JOINER (U+200D) after it. ``@here``,
  ``@channel``, ``@everyone`` (and ``@name``, which ``link_names`` would resolve) then no
  longer notify anyone. An ``@`` inside a word, as in an e-mail address, is left alone.

Text objects stay ``verbatim: false``, so Slack still turns bare URLs into links. A bare
URL shows its real address, so this cannot hide a link.
"""

from __future__ import annotations

import re

from bot.domain.text import clean
from bot.specs import ChannelLink
from bot.specs import Inline
from bot.specs import Link
from bot.specs import Mention
from bot.specs import Rich
from bot.specs import Strong
from handlers.text import fit
from handlers.text import truncate as truncate  # re-exported for the renderers

EMPTY = "\u200b"
"""Shown when a text object would be empty; Slack rejects empty text."""

_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_FORMATTING = str.maketrans({"*": "\u2217", "_": "\u02cd", "~": "\u223c", "`": "\u02cb"})
_QUOTE = re.compile(r"^([ \t]*)&gt;", re.MULTILINE)
_AT_WORD = re.compile(r"(?<!\w)@(?=\w)")
_ID = re.compile(r"[A-Za-z0-9]{1,64}")
_URL = re.compile(r"https?://[^\s|<>]+", re.IGNORECASE)
_ZWJ = "\u200d"
_ZWSP = "\u200b"


def escape(text: str) -> str:
    """User text as inert mrkdwn: shown literally, without links, mentions or formatting."""
    out = clean(text).translate(_ENTITIES).translate(_FORMATTING)
    out = _QUOTE.sub("\\1\uff1e", out)
    return _AT_WORD.sub("@" + _ZWJ, out)



def _strong(text: str) -> str:
    """Bold each line separately (bold does not span lines); whitespace stays outside the stars."""
    lines = []
    for line in text.split("\n"):
        core = line.strip()
        if not core:
            lines.append(line)
            continue
        lead = line[: len(line) - len(line.lstrip())]
        trail = line[len(line.rstrip()) :]
        lines.append(f"{lead}*{escape(core)}*{trail}")
    return "\n".join(lines)


def _piece(item: Inline) -> tuple[str, bool]:
    """The mrkdwn of one inline, and whether it is bold (needs word boundaries)."""
    if isinstance(item, Strong):
        return _strong(item.text), bool(item.text.strip())
    if isinstance(item, Mention):
        if _ID.fullmatch(item.user_id):
            return f"<@{item.user_id}>", False
        return escape("@" + item.user_id), False
    if isinstance(item, ChannelLink):
        if _ID.fullmatch(item.channel_id):
            return f"<#{item.channel_id}>", False
        return escape("#" + item.channel_id), False
    if isinstance(item, Link):
        if _URL.fullmatch(item.url):
            url = item.url.translate(_ENTITIES)
            return (f"<{url}|{escape(item.label)}>" if item.label else f"<{url}>"), False
        return escape(item.label or item.url), False
    return escape(item.text), False


def _join(rich: Rich) -> str:
    """Concatenate pieces; a zero-width space keeps ``*bold*`` working next to a letter."""
    out = ""
    previous_bold = False
    for item in rich:
        text, bold = _piece(item)
        if text and out and ((bold and out[-1].isalnum()) or (previous_bold and text[0].isalnum())):
            out += _ZWSP
        out += text
        if text:
            previous_bold = bold
    return out


def mrkdwn(rich: Rich, limit: int = 3000) -> str:
    """Render rich text as mrkdwn of at most ``limit`` characters, cut with "…" between pieces.

    Cutting happens on the raw text before escaping, so an entity (``&amp;``), a mention or a
    link is never split.
    """
    return fit(rich, limit, _join)


def mrkdwn_or_empty(rich: Rich, limit: int = 3000) -> str:
    """Like :func:`mrkdwn` but never empty (Slack rejects an empty text object)."""
    return mrkdwn(rich, limit) or EMPTY
