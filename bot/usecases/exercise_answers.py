"""The private answers about a drill say EXERCISE too: whatever ``/incident …`` or a button answers the person
about an incident (``status``, ``timers``, ``followups``, a refusal…) carries the label, in their language, when
that incident is a drill (``bot.views.exercise.dress``; an answer already dressed is left as it is)."""

from __future__ import annotations

from dataclasses import replace

from bot.commands import NUMBER
from bot.core import Actor
from bot.core import Core
from bot.core import Notice
from bot.core import Outcome
from bot.core import Unavailable
from bot.ports import StorageUnavailable
from bot.usecases.common import find_incident
from bot.views.exercise import dress
from bot.views.exercise import dressed

GENERAL = frozenset({"report", "help", "list", "home", "stats", "contacts", "exercise"})
"""Commands whose answer is about no single incident (``home`` and ``list`` mark each drill's line)."""


def about_drill(core: Core, actor: Actor, number: str | None, outcome: Outcome) -> Outcome:
    """``outcome`` with the EXERCISE label when it is a private answer about a drill: the incident ``number``, else
    the one whose channel the actor is in."""
    if not isinstance(outcome, Notice) or isinstance(outcome, Unavailable) or dressed(outcome.spec):
        return outcome
    if number is not None and not NUMBER.match(number):
        number = None
    if number is None and not actor.channel_id:
        return outcome
    try:
        with core.uow(read_only=True) as uow:
            incident = find_incident(uow, actor, number)
    except StorageUnavailable:
        return outcome  # the answer itself was read before; it goes as it is
    if incident is None or not incident.exercise:
        return outcome
    return replace(outcome, spec=dress(core.translator(actor.platform, actor.user_id), outcome.spec))
