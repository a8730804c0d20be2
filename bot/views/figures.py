"""``/incident stats``: the key figures of a period as a message."""

from __future__ import annotations

from bot.figures.figures import Figures
from bot.figures.report import key_numbers
from bot.i18n import Translator
from bot.specs import Block
from bot.specs import Context
from bot.specs import Fields
from bot.specs import MessageSpec
from bot.specs import Plain
from bot.specs import Section
from bot.specs import Strong


def stats_message(tr: Translator, figures: Figures, chart_follows: bool) -> MessageSpec:
    heading = tr.t("stats.heading", period=figures.period.label)
    blocks: list[Block] = [Section((Strong(heading),)),
                           Fields(tuple((label, (Plain(value),)) for label, value in key_numbers(tr, figures).pairs))]
    if chart_follows:
        blocks.append(Context((Plain(tr.t("stats.chart_follows")),)))
    return MessageSpec(heading, tuple(blocks))
