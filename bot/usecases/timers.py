"""``/incident timers``: the pending reminders and escalations of an incident."""

from __future__ import annotations

from bot.core import Actor
from bot.core import Core
from bot.core import Notice
from bot.core import Outcome
from bot.usecases.common import incident_for
from bot.views.schedule import timers_message


def show_timers(core: Core, actor: Actor, number: str | None) -> Outcome:
    with core.uow(read_only=True) as uow:
        incident = incident_for(core, uow, actor, number)
        if isinstance(incident, Notice):
            return incident
        assert incident.id is not None  # a stored incident
        timers, pages = uow.timers.pending(incident.id), uow.pages.of_incident(incident.id)
    tr = core.translator(actor.platform, actor.user_id)
    return Notice(timers_message(tr, core.directory, core.plan, incident, timers, pages, core.now()))
