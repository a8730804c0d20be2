"""``/incident help``, ``list`` and ``status``."""

from __future__ import annotations

from bot.core import Actor
from bot.core import Core
from bot.core import Notice
from bot.core import Outcome
from bot.procedures import current_checklist
from bot.usecases.common import find_incident
from bot.usecases.common import not_found
from bot.views.queries import LIST_LIMIT
from bot.views.queries import help_message
from bot.views.queries import list_message
from bot.views.queries import status_message


def show_help(core: Core, actor: Actor) -> Outcome:
    with core.uow(read_only=True) as uow:
        incident = find_incident(uow, actor, None)
    tr = core.translator(actor.platform, actor.user_id)
    roles = core.directory.roles_of(actor.platform, actor.user_id)
    return Notice(help_message(tr, incident is not None, roles, core.plan.logbook.tag))


def show_list(core: Core, actor: Actor) -> Outcome:
    with core.uow(read_only=True) as uow:
        incidents = uow.incidents.open_incidents(LIST_LIMIT)
        total = uow.incidents.count_open() if len(incidents) == LIST_LIMIT else len(incidents)
    tr = core.translator(actor.platform, actor.user_id)
    return Notice(list_message(tr, incidents, total, core.now()))


def show_status(core: Core, actor: Actor, number: str | None) -> Outcome:
    with core.uow(read_only=True) as uow:
        incident = find_incident(uow, actor, number)
        if incident is None or incident.id is None:
            return not_found(core, actor, number)
        log_count = uow.logbook.count(incident.id)
        open_items = sum(1 for i in current_checklist(core.plan, incident, uow.incidents.checklist(incident.id))
                         if not i.done)
    tr = core.translator(actor.platform, actor.user_id)
    return Notice(status_message(tr, core.plan, core.directory, incident, log_count, open_items, core.now()))
