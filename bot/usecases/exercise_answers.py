"""The private answers about a drill say EXERCISE too: whatever ``/incident …``, a button or a form answers the
person about an incident (``status``, ``timers``, ``followups``, a refusal, a form it opens, the confirmation
after one…) carries the label, in their language, when that incident is a drill (``bot.views.exercise.dress``
and ``dress_form``; an answer already dressed is left as it is)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from bot.commands import NUMBER
from bot.core import Actor
from bot.core import Core
from bot.core import FormDone
from bot.core import Notice
from bot.core import OpenForm
from bot.core import Outcome
from bot.core import Unavailable
from bot.domain.incident import Incident
from bot.i18n import Translator
from bot.ports import StorageUnavailable
from bot.ports import UnitOfWork
from bot.usecases.common import find_incident
from bot.views.exercise import dress
from bot.views.exercise import dress_form
from bot.views.exercise import dressed

GENERAL = frozenset({"report", "help", "list", "home", "stats", "contacts", "exercise"})
"""Commands whose answer is about no single incident (``home`` and ``list`` mark each drill's line)."""


def about_drill(core: Core, actor: Actor, number: str | None, outcome: Outcome, by_channel: bool = True) -> Outcome:
    """``outcome`` with the EXERCISE label when it is a private answer about a drill: the incident ``number``, else
    (``by_channel``) the one whose channel the actor is in."""
    if not _speaks(outcome):
        return outcome
    if number is not None and not NUMBER.match(number):
        number = None
    if number is None and (not by_channel or not actor.channel_id):
        return outcome
    return _if_drill(core, actor, outcome, lambda uow: find_incident(uow, actor, number))


def about_drill_page(core: Core, actor: Actor, page_id: str, outcome: Outcome) -> Outcome:
    """``outcome`` with the EXERCISE label when it answers a page (a button on it, or its decision form) of a
    drill's: the page ``page_id`` names the incident."""
    if not _speaks(outcome) or not page_id.isdigit():
        return outcome
    return _if_drill(core, actor, outcome, lambda uow: _incident_of_page(uow, int(page_id)))


def _incident_of_page(uow: UnitOfWork, page_id: int) -> Incident | None:
    page = uow.pages.get(page_id)
    return uow.incidents.get(page.incident_id) if page and page.incident_id else None


def _if_drill(core: Core, actor: Actor, outcome: Outcome,
              incident_of: Callable[[UnitOfWork], Incident | None]) -> Outcome:
    """``outcome`` dressed when the incident ``incident_of`` reads is a drill; as it is otherwise."""
    try:
        with core.uow(read_only=True) as uow:
            incident = incident_of(uow)
    except StorageUnavailable:
        return outcome  # the answer itself was read before; it goes as it is
    if incident is None or not incident.exercise:
        return outcome
    return _dressed(core.translator(actor.platform, actor.user_id), outcome)


def _speaks(outcome: Outcome) -> bool:
    """Whether ``outcome`` shows the person something not dressed yet."""
    if isinstance(outcome, Unavailable):
        return False
    if isinstance(outcome, Notice):
        return not dressed(outcome.spec)
    return isinstance(outcome, OpenForm) or (isinstance(outcome, FormDone) and outcome.spec is not None)


def _dressed(tr: Translator, outcome: Outcome) -> Outcome:
    if isinstance(outcome, Notice):
        return replace(outcome, spec=dress(tr, outcome.spec))
    if isinstance(outcome, OpenForm):
        offer = dress(tr, outcome.as_message) if outcome.as_message is not None else None
        return replace(outcome, form=dress_form(tr, outcome.form), as_message=offer)
    if isinstance(outcome, FormDone) and outcome.spec is not None:
        return replace(outcome, spec=dress(tr, outcome.spec))
    return outcome
