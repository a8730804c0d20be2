"""Helpers shared by the use cases: refusals, finding the incident, logging the bot's own actions,
and queueing the chat work that follows a state change."""

from __future__ import annotations

import logging
from collections.abc import Callable

from bot.core import Actor, Core, Notice, Outcome, Unavailable
from bot.domain.columns import entry_context
from bot.domain.incident import Incident
from bot.domain.logbook import EntrySource, LogbookEntry
from bot.jobs.kind import JobKind, queue
from bot.ports import StorageUnavailable, UnitOfWork
from bot.specs import Inline, MessageSpec, Plain, Section
from bot.views.common import rich

log = logging.getLogger("sirene")


def refuse(core: Core, actor: Actor, key: str, **params: str | Inline) -> Notice:
    tr = core.translator(actor.platform, actor.user_id)
    text = rich(tr, key, **params)
    summary = "".join(p.text if isinstance(p, Plain) else "" for p in text)
    return Notice(MessageSpec(summary, (Section(text),)))


def find_incident(uow: UnitOfWork, actor: Actor, number: str | None) -> Incident | None:
    """The incident named by number, else the one whose channel the actor is in."""
    if number:
        return uow.incidents.by_number(number.upper())
    if actor.channel_id:
        return uow.incidents.by_channel(actor.platform, actor.channel_id)
    return None


def not_found(core: Core, actor: Actor, number: str | None) -> Notice:
    """The answer when :func:`find_incident` found nothing: an unknown number, or not an incident channel."""
    if number:
        return refuse(core, actor, "error.unknown_incident", number=number.upper())
    return refuse(core, actor, "error.no_incident_here")


def log_bot_action(core: Core, uow: UnitOfWork, incident: Incident, actor_id: str, key: str, **params: str) -> None:
    """Record what the bot did on someone's behalf, in the plan's language."""
    assert incident.id is not None
    text = core.team_translator().t(key, **params)
    uow.logbook.add(LogbookEntry(incident.id, uow.logbook.next_sequence(incident.id), core.now(), actor_id,
                                 EntrySource.BOT, text, details=entry_context(incident)))


def enqueue(core: Core, uow: UnitOfWork, kind: JobKind, incident: Incident, dedupe_key: str | None = None,
            **payload: str) -> None:
    """Queue a job of ``kind`` for ``incident``, due now, in the caller's transaction (:func:`bot.jobs.kind.queue`)."""
    queue(uow, kind, incident.id, payload, core.now(), dedupe_key, incident.platform)


def who(core: Core, platform: str, user_id: str) -> str:
    return core.directory.display_name(platform, user_id)


def safely(core: Core, actor: Actor, call: Callable[[], Outcome]) -> Outcome:
    """Run a use case; a database outage or a bug becomes a polite answer, never a stack trace in chat."""
    try:
        return call()
    except StorageUnavailable:
        log.warning("database unavailable while serving %s", actor.user_id)
        return Unavailable(refuse(core, actor, "error.unavailable").spec)
    except Exception:
        log.exception("use case failed for %s", actor.user_id)
        return refuse(core, actor, "error.internal")
