"""The register as a chat answer: one line per incident, newest first."""

from __future__ import annotations

from bot.i18n import Translator
from bot.register import RegisterRow
from bot.specs import Block
from bot.specs import Context
from bot.specs import MessageSpec
from bot.specs import Plain
from bot.specs import Section
from bot.specs import Strong
from bot.views.exercise import label

SHOWN_MAX = 40
"""Lines in the chat answer at most; ``sirene register incidents --csv`` has them all."""


def row_title(tr: Translator, row: RegisterRow) -> str:
    """The incident's title, after the EXERCISE label for a drill."""
    return f"{label(tr)} · {row.title}" if row.exercise else row.title


def register_message(tr: Translator, rows: list[RegisterRow]) -> MessageSpec:
    heading = tr.t("register.heading", count=len(rows))
    blocks: list[Block] = [Section((Strong(heading),))]
    for row in rows[:SHOWN_MAX]:
        state = tr.t("register.open") if row.is_open else tr.t("register.closed")
        blocks.append(Section((Strong(row.number), Plain(
            f" · {row_title(tr, row)} · {row.reported} · {row.severities or '—'} · {state} · {row.owner or '—'}"
            f" · {row.review}"),)))
    if len(rows) > SHOWN_MAX:
        blocks.append(Context((Plain(tr.t("register.more", count=len(rows) - SHOWN_MAX)),)))
    if not rows:
        blocks.append(Context((Plain(tr.t("register.empty")),)))
    return MessageSpec(heading, tuple(blocks))
