"""Follow-up actions in the chat: ``/incident followups`` and the messages to their owners."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from bot import actions
from bot.directory import Directory
from bot.domain.incident import Incident
from bot.domain.review import FollowUp
from bot.i18n import Translator
from bot.specs import Actions
from bot.specs import Block
from bot.specs import Button
from bot.specs import ButtonStyle
from bot.specs import Context
from bot.specs import MessageSpec
from bot.specs import Plain
from bot.specs import Section
from bot.specs import Strong
from bot.specs import Tone
from bot.views.common import deadline
from bot.views.common import person

LIST_LIMIT = 25


def _done_button(tr: Translator, number: str, follow_up: FollowUp) -> Button:
    return Button(actions.FOLLOW_UP_DONE, tr.t("followup.button.done"), actions.value(number, follow_up.id or 0),
                  ButtonStyle.PRIMARY)


def follow_ups_message(tr: Translator, directory: Directory, platform: str, items: list[FollowUp],
                       numbers: Mapping[int, str], now: datetime, number: str | None) -> MessageSpec:
    heading = tr.t("followup.list.heading_incident", number=number) if number else tr.t("followup.list.heading")
    if not items:
        text = tr.t("followup.list.empty")
        return MessageSpec(text, (Section((Strong(heading),)), Section((Plain(text),))))
    blocks: list[Block] = [Section((Strong(heading),))]
    for item in items[:LIST_LIMIT]:
        incident_number = numbers.get(item.incident_id, "?")
        blocks.append(Section((Strong(f"{incident_number} · "), Plain(item.text + "\n"), person(item.owner_id),
                               Plain(" · " + deadline(tr, item.due_at, now))), _done_button(tr, incident_number, item)))
    if len(items) > LIST_LIMIT:
        blocks.append(Context((Plain(tr.t("list.more", count=len(items) - LIST_LIMIT)),)))
    return MessageSpec(heading, tuple(blocks))


def follow_up_notice(tr: Translator, incident: Incident, follow_up: FollowUp, reminder: bool,
                     now: datetime) -> MessageSpec:
    """To the owner: a follow-up action was given to them, or is (over)due."""
    if follow_up.done:
        text = tr.t("followup.notice.done", number=incident.number, action=follow_up.text)
        return MessageSpec(text, (Section((Plain(text),)),), Tone.GOOD,
                           marker=f"{incident.number}:followup:{follow_up.id}")
    key = "followup.notice.reminder" if reminder else "followup.notice.assigned"
    text = tr.t(key, number=incident.number, title=incident.title)
    blocks: tuple[Block, ...] = (
        Section((Plain(text),)),
        Section((Strong(follow_up.text),)),
        Context((Plain(deadline(tr, follow_up.due_at, now)),)),
        Actions((_done_button(tr, incident.number, follow_up),)),
    )
    return MessageSpec(text, blocks, marker=f"{incident.number}:followup:{follow_up.id}")
