"""The grouped triage card: several reports waiting for the helpdesk channel's pace shown on one message, each
with its reporter, time, title and *Classify as…*, and *Classify all as…* for reports of the same event."""

from __future__ import annotations

import math
from collections.abc import Mapping
from collections.abc import Sequence
from datetime import datetime

from bot import actions
from bot.domain.incident import Incident
from bot.domain.severity import Severity
from bot.i18n import Translator
from bot.specs import Actions
from bot.specs import Block
from bot.specs import Button
from bot.specs import ButtonStyle
from bot.specs import ChannelLink
from bot.specs import Context
from bot.specs import Inline
from bot.specs import MessageSpec
from bot.specs import Plain
from bot.specs import Section
from bot.specs import Strong
from bot.views.common import person
from bot.views.common import rich
from bot.views.common import severity_label
from bot.views.triage import reporter


def _classify_buttons(tr: Translator, action: str, key: str, number: str) -> tuple[Button, ...]:
    return tuple(Button(action, tr.t(key, severity=tr.t(f"severity.{s.value}.name")), actions.value(number, s.value),
                        ButtonStyle.DANGER if s is Severity.CRISIS else ButtonStyle.DEFAULT) for s in Severity)


def _line(tr: Translator, incident: Incident, similar: Sequence[str], now: datetime) -> list[Block]:
    """Two blocks a report (its line, then its buttons or what became of it): a card of twenty stays within a
    chat message's fifty blocks."""
    head: list[Inline] = [Strong(f"{incident.number} · "), Strong(incident.title), Plain("\n"),
                          *reporter(tr, incident), Plain(f" · {tr.clock_time(incident.reported_at)}")]
    if similar and incident.severity is None and not incident.duplicate_of:
        head.append(Plain(f" · {tr.t('duplicates.possibly_same', numbers=', '.join(similar))}"))
    blocks: list[Block] = [Section(tuple(head))]
    if incident.severity is not None:
        where = (ChannelLink(incident.channel_id),) if incident.channel_id else (Plain(tr.t("triage.in_thread")),)
        blocks.append(Context((*rich(tr, "triage.classified", severity=severity_label(tr, incident.severity),
                                     by=person(incident.classified_by),
                                     when=tr.clock_time(incident.classified_at or now)), Plain(" · "), *where)))
    elif incident.duplicate_of:
        blocks.append(Context(rich(tr, "duplicates.triage_line", target=incident.duplicate_of)))
    else:
        buttons = _classify_buttons(tr, actions.CLASSIFY, "triage.classify_as", incident.number)
        joins = tuple(Button(actions.DUPLICATE, tr.t("duplicates.button", target=target),
                             actions.value(incident.number, target)) for target in similar)
        blocks.append(Actions(buttons + joins))
    return blocks


def storm_card(tr: Translator, incidents: Sequence[Incident], similar: Mapping[str, Sequence[str]],
               now: datetime) -> MessageSpec:
    """The card of ``incidents`` (oldest first); ``similar``: per report, the incidents it is possibly the same as."""
    oldest = min(incident.reported_at for incident in incidents)
    minutes = max(1, math.ceil((now - oldest).total_seconds() / 60))
    key = {(True, True): "storm.card_title_one_minute", (True, False): "storm.card_title_one",
           (False, True): "storm.card_title_minute"}.get((len(incidents) == 1, minutes == 1), "storm.card_title")
    title = tr.t(key, count=len(incidents), minutes=minutes)
    blocks: list[Block] = [Section((Strong(title),))]
    for incident in incidents:
        blocks += _line(tr, incident, similar.get(incident.number, ()), now)
    waiting = [i for i in incidents if i.severity is None and not i.duplicate_of and i.is_open]
    if len(waiting) >= 2:
        blocks.append(Context((Plain(tr.t("storm.all_hint", number=waiting[0].number)),)))
        blocks.append(Actions(_classify_buttons(tr, actions.CLASSIFY_ALL, "storm.classify_all", waiting[0].number)))
    return MessageSpec(title, tuple(blocks))
