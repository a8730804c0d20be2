"""What a duplicate report's reporter reads, and its line in the helpdesk channel once it joined an incident."""

from __future__ import annotations

from collections.abc import Sequence

from bot import actions
from bot.i18n import Translator
from bot.specs import Actions
from bot.specs import Block
from bot.specs import Button
from bot.specs import Context
from bot.specs import MessageSpec
from bot.specs import Plain
from bot.specs import Section
from bot.specs import Strong
from bot.specs import Tone
from bot.views.common import goes_on_in
from bot.views.common import rich


def duplicate_told(tr: Translator, number: str, target: str, channel_id: str | None) -> MessageSpec:
    """The reporter's message: their report joins ``target``, followed in its channel (when it has one)."""
    text = goes_on_in(tr, "duplicates.told", "duplicates.told_channel", channel_id, number=number, target=target)
    return MessageSpec(tr.t("duplicates.told_summary", number=number, target=target), (Section(text),), Tone.GOOD,
                       marker=f"{number}:duplicate")


def possibly_same_blocks(tr: Translator, number: str, similar: Sequence[str]) -> list[Block]:
    """On a report's triage line: the open incidents it is possibly the same as, each with its *Duplicate of…*."""
    if not similar:
        return []
    return [Context((Plain(tr.t("duplicates.possibly_same", numbers=", ".join(similar))),)),
            Actions(tuple(Button(actions.DUPLICATE, tr.t("duplicates.button", target=target),
                                 actions.value(number, target)) for target in similar))]


def duplicate_triage(tr: Translator, number: str, title: str, target: str) -> MessageSpec:
    """The triage line of a report that joined ``target``: no more buttons."""
    return MessageSpec(tr.t("duplicates.triage_summary", number=number, target=target),
                       (Section((Strong(f"{number} · "), Strong(title))),
                        Context(rich(tr, "duplicates.triage_line", target=target))),
                       marker=f"{number}:triage")
