"""Grouped triage: while the helpdesk channel's pace holds back triage lines, the reports waiting for one are
shown together on one card (a post per second can show many reports, not one)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from datetime import timedelta

from bot.domain.incident import Incident
from bot.domain.incident import MessageRef

CARD_SIZE = 20
"""Reports on one card at most (two blocks a report: a card stays within a chat message's fifty blocks). At one
post a second, a storm of up to this many reports a second is shown as it arrives."""
WAITING_WITHIN = timedelta(minutes=2)
"""A report waiting longer than this for its line is not gathered on a card (it is not part of the storm)."""


def waiting_for_a_line(incidents: Iterable[Incident], now: datetime) -> list[Incident]:
    """Open reports not yet shown in the helpdesk channel, not classified nor joined, oldest first."""
    found = [i for i in incidents if i.is_open and i.triage_ref is None and i.severity is None
             and not i.duplicate_of and now - i.reported_at <= WAITING_WITHIN]
    return sorted(found, key=lambda i: (i.reported_at, i.number))


def card_for(report: Incident, waiting: Iterable[Incident]) -> list[Incident]:
    """The reports shown together with ``report`` when its line goes out: itself first, then the others
    waiting, oldest first, up to :data:`CARD_SIZE`. A single report gets its usual line."""
    others = [i for i in waiting if i.id != report.id]
    return [report, *others][:CARD_SIZE]


def on_card(incident: Incident, incidents: Iterable[Incident]) -> list[Incident]:
    """The reports sharing ``incident``'s triage message (its card), in the card's order."""
    if incident.triage_ref is None:
        return [incident]
    shared = [i for i in incidents if i.triage_ref == incident.triage_ref]
    if incident.id not in {i.id for i in shared}:
        shared.append(incident)
    return sorted(shared, key=lambda i: (i.reported_at, i.number))


def latest_card(shown: Iterable[Incident], now: datetime) -> list[Incident] | None:
    """The reports of the latest card among ``shown`` (reports shown in one helpdesk channel), in the card's
    order, if that card may take more: it is the channel's latest triage message (its newest report is the
    newest shown), a card rather than one report's own line, not full, and of the storm (its newest report
    waited no longer than :data:`WAITING_WITHIN` ago)."""
    messages: dict[MessageRef | None, list[Incident]] = {}
    for incident in shown:
        messages.setdefault(incident.triage_ref, []).append(incident)
    if not messages:
        return None
    card = max(messages.values(), key=lambda members: max((i.reported_at, i.number) for i in members))
    newest = max(i.reported_at for i in card)
    if len(card) < 2 or len(card) >= CARD_SIZE or now - newest > WAITING_WITHIN:
        return None
    return sorted(card, key=lambda i: (i.reported_at, i.number))


def joining(card: list[Incident], reports: Iterable[Incident]) -> list[Incident]:
    """The reports that join ``card`` (see :func:`latest_card`): those reported after its newest one, oldest
    first, as many as it has room for (a later card never shows a report older than an earlier card's)."""
    newest = max((i.reported_at, i.number) for i in card)
    later = sorted((i for i in reports if (i.reported_at, i.number) > newest), key=lambda i: (i.reported_at, i.number))
    return later[:CARD_SIZE - len(card)]
