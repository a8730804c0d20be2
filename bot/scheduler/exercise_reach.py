"""Whom a drill may reach (``bot.domain.exercise``), applied where the core pages, informs and mobilises: the
people outside the drill are left out, and the logbook says so ("not paged: exercise")."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core import Core
from bot.domain.exercise import reaches
from bot.domain.incident import Incident
from bot.domain.roles import Role
from bot.ports import UnitOfWork
from bot.usecases.common import log_bot_action
from bot.usecases.common import who

BOT_AUTHOR = ""


def may_reach(core: Core, incident: Incident | None, user: str) -> bool:
    return reaches(incident, user, core.plan.exercises.page_everyone)


def keep_participants(core: Core, uow: UnitOfWork, incident: Incident | None, users: Sequence[str],
                      what: str) -> tuple[str, ...]:
    """The ``users`` a drill may page about ``what``; a logbook line names the others (a real incident: all)."""
    if incident is None or not incident.exercise:
        return tuple(users)
    kept = tuple(user for user in users if may_reach(core, incident, user))
    skipped = [user for user in users if user not in kept]
    if skipped:
        people = ", ".join(who(core, incident.platform, user) for user in skipped)
        log_bot_action(core, uow, incident, BOT_AUTHOR, "exercise.not_paged", people=people, what=what)
    return kept


def informs(core: Core, uow: UnitOfWork, incident: Incident, user: str) -> bool:
    """Whether ``user`` is told of ``incident`` (informed, mobilised); when not, the logbook says so."""
    if may_reach(core, incident, user):
        return True
    log_bot_action(core, uow, incident, BOT_AUTHOR, "exercise.not_informed", who=who(core, incident.platform, user))
    return False


def outside_drill(core: Core, incident: Incident, role: Role) -> tuple[str, ...]:
    """Whom a page to ``role`` would reach (its primary contact, else its backup) when the drill ``incident`` may
    not page them: the answer when nobody is left to page (empty for a real incident, or a reachable contact)."""
    first = core.directory.primary(incident.platform, role) or core.directory.backup(incident.platform, role)
    if first is None or may_reach(core, incident, first):
        return ()
    return (first,)
