"""Helpers shared by the use cases: refusals, finding the incident, logging the bot's own actions,
and queueing the chat work that follows a state change."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from bot.core import Actor
from bot.core import Core
from bot.core import FieldErrors
from bot.core import Notice
from bot.core import Outcome
from bot.core import Unavailable
from bot.directory import Directory
from bot.domain.columns import entry_context
from bot.domain.incident import Incident
from bot.domain.logbook import EntrySource
from bot.domain.logbook import LogbookEntry
from bot.i18n import Translator
from bot.jobs.kind import JobKind
from bot.jobs.kind import queue
from bot.ports import StorageUnavailable
from bot.ports import UnitOfWork
from bot.specs import FormValues
from bot.specs import Inline
from bot.specs import MessageSpec
from bot.specs import Plain
from bot.specs import Section
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


Right = Callable[[Directory, Actor, Incident], bool]
"""A rule of :mod:`bot.policy` saying whether an actor may do something to an incident."""


def incident_for(core: Core, uow: UnitOfWork, actor: Actor, number: str | None) -> Incident | Notice:
    """The incident the actor names (by number, else their channel's); else the answer saying it was not found."""
    incident = find_incident(uow, actor, number)
    if incident is None or incident.id is None:
        return not_found(core, actor, number)
    return incident


def allowed_incident(core: Core, uow: UnitOfWork, actor: Actor, number: str | None, may: Right,
                     not_allowed: str) -> Incident | Notice:
    """:func:`incident_for`, when the actor has the right ``may``; else the catalog key ``not_allowed``."""
    incident = incident_for(core, uow, actor, number)
    if isinstance(incident, Incident) and not may(core.directory, actor, incident):
        return refuse(core, actor, not_allowed, number=incident.number)
    return incident


def open_incident(core: Core, uow: UnitOfWork, actor: Actor, number: str, closed: str) -> Incident | Notice:
    """The open incident a button or form names by its number; else the answer the actor reads: it is
    unknown, or the catalog key ``closed`` when it has closed meanwhile."""
    incident = uow.incidents.by_number(number)
    if incident is None or incident.id is None:
        return refuse(core, actor, "error.unknown_incident", number=number)
    if not incident.is_open:
        return refuse(core, actor, closed, number=number)
    return incident


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


def check_text(tr: Translator, errors: dict[str, str], name: str, text: str, limit: int,
               needed: str | None = "error.required") -> None:
    """Note in ``errors`` what is wrong with the form field ``name``: empty while ``needed`` (the catalog key
    that says so; ``None``: it may stay empty), or longer than ``limit``."""
    if not text:
        if needed is not None:
            errors[name] = tr.t(needed)
    elif len(text) > limit:
        errors[name] = tr.t("error.too_long", limit=limit)


@dataclass(frozen=True)
class ReasonForm:
    """A submitted form that asks for a reason: the two parts of its state (``subject|detail``, what the form
    is about) and the reason given."""

    subject: str
    detail: str
    reason: str


def read_reason_form(tr: Translator, values: FormValues, state: str, needed_key: str, limit: int,
                     fits: Callable[[str, str], bool]) -> ReasonForm | FieldErrors:
    """The state ``subject|detail`` and the ``reason`` field of a submitted reason form; else the errors the
    form shows: the reason missing (``needed_key`` says why) or longer than ``limit``, or a state that ``fits``
    refuses (a stale form)."""
    subject, _, detail = state.partition("|")
    reason = values.text("reason")
    errors: dict[str, str] = {}
    check_text(tr, errors, "reason", reason, limit, needed_key)
    if errors:
        return FieldErrors(errors)
    if not fits(subject, detail):
        return FieldErrors({"reason": tr.t("error.stale_form")})
    return ReasonForm(subject, detail, reason)


def show_change(core: Core, uow: UnitOfWork, incident: Incident, space: JobKind, notice: str | None = None,
                **params: str) -> None:
    """The incident's space (``space``: set up, refreshed …) and its triage card show a change; with ``notice``
    (a catalog key), a notice in its channel says it too."""
    enqueue(core, uow, space, incident)
    enqueue(core, uow, JobKind.TRIAGE_REFRESH, incident)
    if notice is not None:
        enqueue(core, uow, JobKind.NOTICE_POST, incident, key=notice, **params)
