"""Ticking an item of the severity's procedure: who and when are recorded."""

from __future__ import annotations

from bot.core import Actor
from bot.core import Core
from bot.core import Notice
from bot.core import Outcome
from bot.jobs.kind import JobKind
from bot.ports import ConcurrentUpdate
from bot.procedures import current_checklist
from bot.usecases.common import enqueue
from bot.usecases.common import log_bot_action
from bot.usecases.common import open_incident
from bot.usecases.common import refuse
from bot.usecases.common import who
from bot.views.common import person


def tick(core: Core, actor: Actor, number: str, position: int) -> Outcome:
    with core.uow() as uow:
        incident = open_incident(core, uow, actor, number, "checklist.closed")
        if isinstance(incident, Notice):
            return incident
        assert incident.id is not None  # a stored incident
        items = current_checklist(core.plan, incident, uow.incidents.checklist(incident.id))
        item = next((i for i in items if i.position == position), None)
        if item is None:
            return refuse(core, actor, "checklist.unknown_item")
        if item.done:
            tr = core.translator(actor.platform, actor.user_id)
            return refuse(core, actor, "checklist.already", by=person(item.done_by),
                          when=tr.clock_time(item.done_at or core.now()))
        item.done_by = actor.user_id
        item.done_at = core.now()
        try:
            uow.incidents.save_checklist_item(item)
        except ConcurrentUpdate:
            return refuse(core, actor, "error.changed_meanwhile", number=number)
        log_bot_action(core, uow, incident, actor.user_id, "logbook.ticked",
                       who=who(core, actor.platform, actor.user_id), item=f"{item.position}. {item.text}")
        enqueue(core, uow, JobKind.CHECKLIST_REFRESH, incident)
        enqueue(core, uow, JobKind.SPACE_REFRESH, incident)
        uow.commit()
    core.wake_jobs()
    return None
