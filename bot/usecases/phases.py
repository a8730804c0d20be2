"""Moving an incident through its phases (activation & handling ⇄ eradication)."""

from __future__ import annotations

from bot.core import Actor
from bot.core import Core
from bot.core import Notice
from bot.core import Outcome
from bot.domain.phase import MANUAL_MOVES
from bot.domain.phase import Phase
from bot.jobs.kind import JobKind
from bot.policy import may_steer
from bot.ports import ConcurrentUpdate
from bot.usecases.common import allowed_incident
from bot.usecases.common import log_bot_action
from bot.usecases.common import refuse
from bot.usecases.common import show_change
from bot.usecases.common import who
from bot.usecases.deactivation import request_deactivation


def change_phase(core: Core, actor: Actor, number: str | None, target: Phase) -> Outcome:
    if target is Phase.DEACTIVATION_REQUESTED:
        return request_deactivation(core, actor, number)
    with core.uow() as uow:
        incident = allowed_incident(core, uow, actor, number, may_steer, "phase_change.not_allowed")
        if isinstance(incident, Notice):
            return incident
        tr = core.translator(actor.platform, actor.user_id)
        if target is Phase.CLOSED:
            return refuse(core, actor, "phase_change.close_needs_approval", number=incident.number)
        if target is incident.phase:
            return refuse(core, actor, "phase_change.already", phase=tr.t(f"phase.{target.value}"))
        if target not in MANUAL_MOVES.get(incident.phase, frozenset()):
            return refuse(core, actor, "phase_change.illegal", before=tr.t(f"phase.{incident.phase.value}"),
                          after=tr.t(f"phase.{target.value}"))
        before = incident.phase
        incident.phase = target
        try:
            uow.incidents.save(incident)
        except ConcurrentUpdate:
            return refuse(core, actor, "error.changed_meanwhile", number=incident.number)
        team = core.team_translator()
        params = {"who": who(core, actor.platform, actor.user_id), "before": team.t(f"phase.{before.value}"),
                  "after": team.t(f"phase.{target.value}")}
        log_bot_action(core, uow, incident, actor.user_id, "logbook.phase", **params)
        show_change(core, uow, incident, JobKind.SPACE_REFRESH, "notice.phase", **params)
        uow.commit()
    core.wake_jobs()
    return None
