"""A :class:`Document` as Markdown (CommonMark with GitHub tables); user text is escaped."""

from __future__ import annotations

import re

from bot.exports.document import Bullets
from bot.exports.document import Document
from bot.exports.document import Facts
from bot.exports.document import Heading
from bot.exports.document import Image
from bot.exports.document import Paragraph
from bot.exports.document import Part
from bot.exports.document import Table

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!~])")


def escape(text: str) -> str:
    """Literal text: Markdown's punctuation escaped, lines kept."""
    return _SPECIAL.sub(r"\\\1", text).replace("\r", "")


def _cell(text: str) -> str:
    return escape(text).replace("\n", "<br>") or " "


def _part(part: Part) -> str:
    if isinstance(part, Heading):
        return f"{'#' * min(part.level + 1, 6)} {escape(part.text)}"
    if isinstance(part, Paragraph):
        return escape(part.text).replace("\n", "  \n")
    if isinstance(part, Facts):
        lines = ["| | |", "| --- | --- |"]
        lines += [f"| **{_cell(label)}** | {_cell(value)} |" for label, value in part.pairs]
        return "\n".join(lines)
    if isinstance(part, Image):
        return f"![{escape(part.caption)}]({part.name})"
    if isinstance(part, Table):
        lines = ["| " + " | ".join(_cell(h) for h in part.headers) + " |",
                 "| " + " | ".join("---" for _ in part.headers) + " |"]
        lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in part.rows]
        return "\n".join(lines)
    return "\n".join(f"- {escape(item)}".replace("\n", "\n  ") for item in part.items)


def render_markdown(document: Document) -> str:
    chunks = [f"# {escape(document.title)}", f"*{escape(document.subtitle)}*"]
    chunks += [_part(part) for part in document.parts]
    if document.footer:
        chunks += ["---", f"*{escape(document.footer)}*"]
    return "\n\n".join(chunks) + "\n"


__all__ = ["Bullets", "escape", "render_markdown"]
