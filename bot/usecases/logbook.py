"""The logbook: tagged messages, reactions and shortcuts in an incident channel become entries;
edits and deletions are kept as revisions; ``/incident log`` reads it back."""

from __future__ import annotations

import math
from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core import Actor
from bot.core import Core
from bot.core import Notice
from bot.core import Outcome
from bot.domain.columns import entry_context
from bot.domain.incident import Incident
from bot.domain.incident import MessageRef
from bot.domain.logbook import EntryRevision
from bot.domain.logbook import EntrySource
from bot.domain.logbook import LogbookEntry
from bot.domain.logbook import RevisionKind
from bot.domain.text import clean
from bot.jobs.kind import JobKind
from bot.ports import ChatPort
from bot.ports import UnitOfWork
from bot.usecases.common import enqueue
from bot.usecases.common import find_incident
from bot.usecases.common import not_found
from bot.usecases.common import refuse
from bot.views.queries import LOG_PAGE
from bot.views.queries import log_message

TEXT_MAX = 4000


def tagged_text(core: Core, text: str) -> str | None:
    """The action text when ``text`` starts with the plan's tag (``!action Restarted the server``)."""
    tag = core.plan.logbook.tag
    stripped = text.lstrip()
    if stripped[: len(tag)].lower() != tag.lower():
        return None
    rest = stripped[len(tag):]
    if rest and not rest[0].isspace() and rest[0] not in ":-":
        return None
    return rest.lstrip(" :-\t\n")


def _incident_for(core: Core, platform: str, channel_id: str) -> Incident | None:
    with core.uow(read_only=True) as uow:
        incident = uow.incidents.by_channel(platform, channel_id)
    return incident if incident is not None and incident.is_open else None


@dataclass(frozen=True)
class Arrival:
    """A chat message on its way into the logbook."""

    platform: str
    ref: MessageRef
    author_id: str
    text: str
    source: EntrySource
    event_id: str | None = None
    thread: str | None = None
    """The thread the message is in: a weak event without a channel lives in its triage message's thread."""
    incident_id: int | None = None
    """The incident, when the caller knows it already (a reacted message fetched by the incident's job)."""


def record(core: Core, platform: str, ref: MessageRef, author_id: str, text: str, source: EntrySource,
           event_id: str | None = None, incident_id: int | None = None) -> bool:
    """Add a chat message to its incident's logbook. ``False`` when it is not for the logbook or a duplicate.

    Messages arriving together are written in one transaction (:mod:`bot.group_commit`); this returns
    once this one is committed.
    """
    arrival = Arrival(platform, ref, author_id, text, source, event_id, incident_id=incident_id)
    return core.logbook_intake.submit(arrival, _writer(core))


async def record_arrival(core: Core, arrival: Arrival) -> bool:
    """:func:`record` for a caller on an event loop (Slack's HTTP endpoint): the same queue, the same batches;
    the loop is never blocked."""
    return await core.logbook_intake.submit_async(arrival, _writer(core))


def _writer(core: Core) -> Callable[[Sequence[Arrival]], list[bool]]:
    return lambda burst: record_burst(core, burst)


def record_burst(core: Core, arrivals: Sequence[Arrival]) -> list[bool]:
    """Record ``arrivals`` in one transaction; for each, whether it became a new entry."""
    incidents: dict[tuple[str, str, str], Incident | None] = {}
    waiting: dict[int, list[tuple[int, LogbookEntry]]] = {}
    recorded = [False] * len(arrivals)
    with core.uow() as uow:
        for_incidents: list[tuple[int, Arrival, Incident]] = []
        for index, arrival in enumerate(arrivals):
            key = (arrival.platform, arrival.ref.channel_id, arrival.thread or f"#{arrival.incident_id or ''}")
            if key not in incidents:
                incidents[key] = _incident_of(uow, arrival)
            incident = incidents[key]
            if incident is not None and incident.is_open and incident.id is not None:
                for_incidents.append((index, arrival, incident))
        first = _first_deliveries(uow, [(index, arrival) for index, arrival, _ in for_incidents])
        for index, arrival, incident in for_incidents:
            if arrival.event_id is not None and index not in first:
                continue
            assert incident.id is not None
            waiting.setdefault(incident.id, []).append((index, LogbookEntry(
                incident.id, 0, core.now(), arrival.author_id, arrival.source,
                clean(arrival.text).strip()[:TEXT_MAX] or "—", arrival.ref, details=entry_context(incident))))
        by_id = {i.id: i for i in incidents.values() if i is not None}
        with uow.jobs.batched():
            _add_entries(core, uow, waiting, by_id, recorded)
        uow.commit()
    if any(recorded):
        core.wake_jobs_soon()
    return recorded


def _incident_of(uow: UnitOfWork, arrival: Arrival) -> Incident | None:
    """Its incident channel's incident, else the weak event whose thread it is in."""
    if arrival.incident_id is not None:
        return uow.incidents.get(arrival.incident_id)
    incident = uow.incidents.by_channel(arrival.platform, arrival.ref.channel_id)
    if incident is None and arrival.thread and arrival.thread != arrival.ref.message_id:
        incident = uow.incidents.by_thread(arrival.platform, arrival.ref.channel_id, arrival.thread)
    return incident


def _first_deliveries(uow: UnitOfWork, arrivals: Sequence[tuple[int, Arrival]]) -> set[int]:
    """Which arrivals (by index) are the first delivery of their event: a redelivery, or the same event
    twice in one burst, is not recorded again. The events are recorded as seen in the caller's transaction."""
    first: set[int] = set()
    by_platform: dict[str, dict[str, int]] = {}
    for index, arrival in arrivals:
        if arrival.event_id is not None:
            by_platform.setdefault(arrival.platform, {}).setdefault(arrival.event_id, index)
    for platform, indexes in by_platform.items():
        first |= {indexes[event_id] for event_id in uow.events.first_times(platform, list(indexes))}
    return first


def _add_entries(core: Core, uow: UnitOfWork, waiting: dict[int, list[tuple[int, LogbookEntry]]],
                 incidents: dict[int | None, Incident], recorded: list[bool]) -> None:
    """Append each incident's new entries to its logbook and queue their confirmations."""
    for incident_id, pending in waiting.items():
        added = uow.logbook.add_burst([entry for _, entry in pending])
        for (index, _), entry in zip(pending, added, strict=True):
            if entry is None or entry.message is None:
                continue
            recorded[index] = True
            enqueue(core, uow, JobKind.LOG_CONFIRM, incidents[incident_id], dedupe_key=f"log.confirm:{entry.id}",
                    entry_id=str(entry.id), sequence=str(entry.sequence), channel=entry.message.channel_id,
                    message=entry.message.message_id)


def tagged_arrival(core: Core, platform: str, ref: MessageRef, author_id: str, text: str,
                   event_id: str | None = None, thread: str | None = None) -> Arrival | None:
    """The arrival a person's message makes when it carries the plan's tag; ``None`` when it does not.
    Record it with :func:`record_arrival` (or :func:`record_tagged`, which does both)."""
    action = tagged_text(core, text)
    if action is None:
        return None
    return Arrival(platform, ref, author_id, action, EntrySource.TAG, event_id, thread)


def record_tagged(core: Core, platform: str, ref: MessageRef, author_id: str, text: str,
                  event_id: str | None = None, thread: str | None = None) -> bool:
    arrival = tagged_arrival(core, platform, ref, author_id, text, event_id, thread)
    if arrival is None:
        return False
    return core.logbook_intake.submit(arrival, _writer(core))


def note_reaction(core: Core, platform: str, ref: MessageRef, reaction: str, event_id: str | None = None,
                  thread: str | None = None) -> bool:
    """A message given the plan's reaction goes into the logbook: queue fetching its author and text.
    ``thread``: the thread the message is in, when the platform says (a weak event's helpdesk thread)."""
    if reaction.strip(":") != core.plan.logbook.reaction:
        return False
    with core.uow() as uow:
        incident = _incident_of(uow, Arrival(platform, ref, "", "", EntrySource.REACTION, thread=thread))
        if incident is None or not incident.is_open:
            return False
        if event_id is not None and not uow.events.first_time(platform, event_id):
            return False
        enqueue(core, uow, JobKind.LOG_REACTION, incident, dedupe_key=f"log.reaction:{ref.channel_id}:{ref.message_id}",
                channel=ref.channel_id, message=ref.message_id)
        uow.commit()
    core.wake_jobs()
    return True


def record_fetched(core: Core, chat: ChatPort, ref: MessageRef, incident_id: int | None = None) -> bool:
    """The job behind :func:`note_reaction`: read the message from the chat and record it (in ``incident_id``'s
    logbook: the job's incident)."""
    found = chat.fetch_message(ref)
    if found is None:
        return False
    author_id, text = found
    return record(core, chat.platform, ref, author_id, tagged_text(core, text) or text, EntrySource.REACTION,
                  incident_id=incident_id)


def record_shortcut(core: Core, actor: Actor, ref: MessageRef, author_id: str, text: str) -> Outcome:
    if _incident_for(core, actor.platform, ref.channel_id) is None:
        return refuse(core, actor, "log.not_incident_channel")
    if not record(core, actor.platform, ref, author_id, tagged_text(core, text) or text, EntrySource.SHORTCUT):
        return refuse(core, actor, "log.already")
    return refuse(core, actor, "log.added")


def revise(core: Core, platform: str, ref: MessageRef, new_text: str | None, event_id: str | None = None) -> bool:
    """Follow an edit (``new_text``) or a deletion (``None``) of a logged message; history is kept."""
    with core.uow() as uow:
        entry = uow.logbook.by_message(ref)
        if entry is None:
            return False
        if event_id is not None and not uow.events.first_time(platform, event_id):
            return False
        if new_text is None:
            if entry.deleted:
                return False
            revision = EntryRevision(entry.text, RevisionKind.DELETED, core.now(), entry.author_id)
            entry.deleted = True
        else:
            text = clean(tagged_text(core, new_text) or new_text).strip()[:TEXT_MAX]
            if text == entry.text:
                return False
            revision = EntryRevision(entry.text, RevisionKind.EDITED, core.now(), entry.author_id)
            entry.text = text
        uow.logbook.revise(entry, revision)
        uow.commit()
    return True


def show_log(core: Core, actor: Actor, number: str | None, page: int | None) -> Outcome:
    with core.uow(read_only=True) as uow:
        incident = find_incident(uow, actor, number)
        if incident is None or incident.id is None:
            return not_found(core, actor, number)
        total = uow.logbook.count(incident.id)
        pages = max(1, math.ceil(total / LOG_PAGE))
        current = pages if page is None else min(max(page, 1), pages)
        entries = uow.logbook.entries(incident.id, LOG_PAGE, (current - 1) * LOG_PAGE)
        seal = uow.logbook.seal(incident.id)
    tr = core.translator(actor.platform, actor.user_id)
    return Notice(log_message(tr, incident, entries, current, pages, seal))
