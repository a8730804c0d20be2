"""The triage line of a report in the helpdesk channel, or the grouped card of the reports waiting for one.

A report's line goes out in its turn of the helpdesk channel's pace (:mod:`bot.jobs.pacing`). When its turn
comes, every other report still waiting for a line goes out with it on one card
(:mod:`bot.domain.grouping`); and a report's job whose report is already on a card uses its turn for the next
reports waiting, if any. A storm of reports is thus shown a card a second rather than a line a second.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from bot.core import Core
from bot.domain.grouping import CARD_SIZE, card_for, on_card, waiting_for_a_line
from bot.domain.incident import Incident, MessageRef
from bot.domain.similar import possibly_same
from bot.jobs.outbox import OutboxChat
from bot.people import name_reporter
from bot.ports import ChatPort, ConcurrentUpdate
from bot.specs import MessageSpec
from bot.views.storm_card import storm_card
from bot.views.triage import triage_message

RECENT = 200
"""The most recent open incidents a report is compared with (similar ones, the reports waiting)."""


def _open_incidents(core: Core) -> list[Incident]:
    with core.uow(read_only=True) as uow:
        return uow.incidents.open_incidents(RECENT)


def _similar(core: Core, incident: Incident, others: Sequence[Incident]) -> list[Incident]:
    if incident.severity is not None or incident.duplicate_of or not incident.is_open:
        return []
    rule = core.plan.similar_reports
    return possibly_same(incident, others, rule.within, rule.shared_words)


def render(core: Core, group: Sequence[Incident], others: Sequence[Incident]) -> MessageSpec:
    """One report's line, or the card of several."""
    tr, now = core.team_translator(), core.now()
    if len(group) == 1:
        return triage_message(tr, core.plan, core.directory, group[0], now, _similar(core, group[0], others))
    similar = {i.number: [o.number for o in _similar(core, i, others) if o.id not in {g.id for g in group}]
               for i in group}
    return storm_card(tr, sorted(group, key=lambda i: (i.reported_at, i.number)), similar, now)


PENDING = "pending:"
"""The message id of a report's triage reference while a card showing it is being posted (it is no longer
waiting for a line: no other card takes it)."""


def _pending(ref: MessageRef | None) -> bool:
    return ref is not None and ref.message_id.startswith(PENDING)


def _set_refs(core: Core, group: Sequence[Incident], expected: MessageRef | None, ref: MessageRef) -> list[Incident]:
    """In one transaction, point each report of ``group`` whose reference is still ``expected`` to ``ref``; the
    reports so changed."""
    for _ in range(10):
        changed = []
        with core.uow() as uow:
            try:
                for member in group:
                    fresh = uow.incidents.get(member.id or 0)
                    if fresh is None or fresh.triage_ref != expected:
                        continue
                    fresh.triage_ref = ref
                    uow.incidents.save(fresh)
                    changed.append(fresh)
            except ConcurrentUpdate:
                continue
            uow.commit()
            return changed
    return []


def _show(core: Core, chat: ChatPort, poster: Incident, group: Sequence[Incident], others: Sequence[Incident]) -> None:
    """Post the line (or card) of ``group`` in the poster's turn. The reports are first marked as being shown
    (so that no other turn shows them too), then the message is posted and the reports point to it."""
    channel = core.plan.helpdesk_channel[poster.platform]
    marker = f"{poster.number}:triage"
    if isinstance(chat, OutboxChat):
        chat.take_turn(channel, marker)  # no turn now: back to the queue before anything is marked
    pending = MessageRef(channel, f"{PENDING}{marker}")
    mine = [i for i in others if i.triage_ref == pending]  # marked by an earlier run of this job
    shown = mine + _set_refs(core, [i for i in group if i.id not in {m.id for m in mine}], None, pending)
    if not shown:
        return
    ref = chat.post_message(channel, replace(render(core, shown, others), marker=marker))
    _set_refs(core, shown, pending, ref)
    if poster.id in {i.id for i in shown}:
        poster.triage_ref = ref


def post_triage(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    name_reporter(core, chat, incident)
    others = _open_incidents(core)
    # A drill's report and a real one never share a card: the card is marked EXERCISE, or not, as a whole.
    waiting = [i for i in waiting_for_a_line(others, core.now()) if i.exercise == incident.exercise]
    own = MessageRef(core.plan.helpdesk_channel[incident.platform], f"{PENDING}{incident.number}:triage")
    if incident.triage_ref is None or incident.triage_ref == own:
        _show(core, chat, incident, card_for(incident, waiting), others)
    elif waiting or any(i.triage_ref == own for i in others):
        # Already shown on a card: this turn of the pace shows the next reports waiting (or finishes showing
        # those an earlier run of this job marked).
        _show(core, chat, incident, waiting[:CARD_SIZE], others)


def refresh_triage(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    if incident.triage_ref is None:
        post_triage(core, chat, incident, payload)
        return
    if _pending(incident.triage_ref):
        return  # a card showing it is being posted: it shows the report as it is then
    others = _open_incidents(core)
    chat.update_message(incident.triage_ref, render(core, on_card(incident, others), others))
