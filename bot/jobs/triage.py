"""The triage line of a report in the helpdesk channel, or the grouped card of the reports waiting for one.

The triage jobs of one platform run one at a time, in the order reported (their lane, :mod:`bot.jobs.kind`).
A report's line goes out in its turn of the helpdesk channel's pace (:mod:`bot.jobs.pacing`). When its turn
comes, every other report still waiting for a line goes out with it on one card (:mod:`bot.domain.grouping`).
While the channel is paced (no free turn now), a report joins the channel's latest card by *updating* it,
as long as the card has room: an update is not a post, and has an allowance of its own (a card's worth at once,
then fifty a minute: :data:`bot.jobs.pacing.UPDATE_BURST`); beyond it, the report waits for the next post's turn.
A report's job whose report is already shown has nothing to post: it takes no turn, and gives back one it had
reserved. A storm of reports is thus shown as it arrives, on a card a second at most.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import replace

from bot.core import Core
from bot.domain.grouping import CARD_SIZE
from bot.domain.grouping import card_for
from bot.domain.grouping import joining
from bot.domain.grouping import latest_card
from bot.domain.grouping import on_card
from bot.domain.grouping import waiting_for_a_line
from bot.domain.incident import Incident
from bot.domain.incident import MessageRef
from bot.domain.similar import possibly_same
from bot.jobs.outbox import OutboxChat
from bot.jobs.pacing import Paced
from bot.people import name_reporter
from bot.ports import ChatPort
from bot.ports import ConcurrentUpdate
from bot.sources import source_name
from bot.specs import MessageSpec
from bot.views.storm_card import storm_card
from bot.views.triage import triage_message

RECENT = 200
"""The most recent open incidents a report is compared with (similar ones, the reports waiting)."""
UPDATE_ROUNDS = 3
"""Updates of one card a job makes at most: it updates again while the card it sent is not the card as it now
is (another job changed it meanwhile and its update may have reached the platform first)."""


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
        return triage_message(tr, core.plan, core.directory, group[0], now, _similar(core, group[0], others),
                              _labels(core, group[0]))
    similar = {i.number: [o.number for o in _similar(core, i, others) if o.id not in {g.id for g in group}]
               for i in group}
    return storm_card(tr, sorted(group, key=lambda i: (i.reported_at, i.number)), similar, now)


def _labels(core: Core, incident: Incident) -> dict[str, str]:
    """The labels the source sent with the report (none for a report made in the chat)."""
    if source_name(incident.reporter_id) is None or incident.id is None:
        return {}
    with core.uow(read_only=True) as uow:
        report = uow.external_reports.of_incident(incident.id)
    return report.labels if report is not None else {}


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


def _show(core: Core, chat: ChatPort, poster: Incident, group: Sequence[Incident], others: Sequence[Incident],
          join: bool) -> None:
    """Post the line (or card) of ``group`` in the poster's turn. The reports are first marked as being shown
    (so that no other turn shows them too), then the message is posted and the reports point to it. With no turn
    now, the reports join the latest card if it has room (``join``: the triage job, in its lane), and only those
    left wait for the turn."""
    channel = core.plan.helpdesk_channel[poster.platform]
    marker = f"{poster.number}:triage"
    pending = MessageRef(channel, f"{PENDING}{marker}")
    mine = [i for i in others if i.triage_ref == pending]  # marked by an earlier run of this job
    if isinstance(chat, OutboxChat):
        try:
            chat.take_turn(channel, marker)  # no turn now: back to the queue before anything is marked
        except Paced:
            if mine or not join or _join(core, chat, poster, group, others):
                raise
            chat.release_turn(channel, marker)
            return
    shown = mine + _set_refs(core, [i for i in group if i.id not in {m.id for m in mine}], None, pending)
    if not shown:
        if isinstance(chat, OutboxChat):
            chat.release_turn(channel, marker)
        return
    ref = chat.post_message(channel, replace(render(core, shown, others), marker=marker))
    _set_refs(core, shown, pending, ref)
    if poster.id in {i.id for i in shown}:
        poster.triage_ref = ref


def _join(core: Core, chat: ChatPort, poster: Incident, group: Sequence[Incident],
          others: Sequence[Incident]) -> list[Incident]:
    """Put the reports of ``group`` on the helpdesk channel's latest card while it has room (oldest first,
    after the card's own), and update the card; the reports left to show."""
    channel = core.plan.helpdesk_channel[poster.platform]
    card = latest_card([i for i in others if i.platform == poster.platform and i.triage_ref is not None
                        and i.triage_ref.channel_id == channel and not _pending(i.triage_ref)], core.now())
    if card is None:
        return list(group)
    ref = card[0].triage_ref
    assert ref is not None
    joiners = joining(card, group)
    if not joiners or (isinstance(chat, OutboxChat) and not chat.update_turn(channel)):
        return list(group)  # the card's updates have their own allowance: beyond it, the next post's turn
    joined = _set_refs(core, joiners, None, ref)
    if not joined:
        return list(group)
    if poster.id in {i.id for i in joined}:
        poster.triage_ref = ref
    update_card(core, chat, card[0].id or 0)
    return [i for i in group if i.id not in {j.id for j in joined}]


def update_card(core: Core, chat: ChatPort, member_id: int) -> None:
    """Show the line or card of the report ``member_id`` as it is now. Several jobs may update one card at once
    (a report joining it, another classified): each updates again until what it sent is what the card now is,
    so the last update to reach the platform shows the latest state."""
    sent: MessageSpec | None = None
    for _ in range(UPDATE_ROUNDS):
        with core.uow(read_only=True) as uow:
            member = uow.incidents.get(member_id)
            others = uow.incidents.open_incidents(RECENT)
        if member is None or member.triage_ref is None or _pending(member.triage_ref):
            return
        spec = render(core, on_card(member, others), others)
        if spec == sent:
            return
        chat.update_message(member.triage_ref, spec)
        sent = spec


def post_triage(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    _post(core, chat, incident, join=True)


def name_shown(core: Core, chat: ChatPort, incident: Incident) -> None:
    """Ask the platform for the reporter's name (:func:`bot.people.name_reporter`) unless known; when it is learnt
    and the report is shown already, its line or card names them. The reporter's confirmation does this first,
    outside the helpdesk's lane, so a storm's cards name their reporters when they are posted."""
    unnamed = incident.reporter_display
    name_reporter(core, chat, incident)
    if incident.reporter_display == unnamed or incident.id is None:
        return
    with core.uow(read_only=True) as uow:
        fresh = uow.incidents.get(incident.id)
    ref = fresh.triage_ref if fresh is not None else None
    if ref is None or _pending(ref):
        return  # not shown yet: it will be shown with the name
    if isinstance(chat, OutboxChat) and not chat.update_turn(ref.channel_id):
        return  # within the updates' allowance only: the card's next update names them
    update_card(core, chat, incident.id)


def _post(core: Core, chat: ChatPort, incident: Incident, join: bool) -> None:
    name_shown(core, chat, incident)
    others = _open_incidents(core)
    # A drill's report and a real one never share a card: the card is marked EXERCISE, or not, as a whole.
    waiting = [i for i in waiting_for_a_line(others, core.now()) if i.exercise == incident.exercise]
    own = MessageRef(core.plan.helpdesk_channel[incident.platform], f"{PENDING}{incident.number}:triage")
    if incident.triage_ref is None or incident.triage_ref == own:
        _show(core, chat, incident, card_for(incident, waiting), others, join)
    elif waiting or any(i.triage_ref == own for i in others):
        # Already shown on a card: this job shows the next reports waiting (or finishes showing those an earlier
        # run of this job marked).
        _show(core, chat, incident, waiting[:CARD_SIZE], others, join)
    elif isinstance(chat, OutboxChat):
        # Shown already, nothing waiting: no turn taken (a reserved one is given back).
        chat.release_turn(own.channel_id, f"{incident.number}:triage")


def refresh_triage(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    if incident.triage_ref is None:  # classified before its line showed: shown now, in a turn of its own
        _post(core, chat, incident, join=False)
        return
    if _pending(incident.triage_ref):
        return  # a card showing it is being posted: it shows the report as it is then
    update_card(core, chat, incident.id or 0)
