"""The IRP manager proposes activating the BCP or the CMP (template ch. II arrows 1 and 7, 4.2.3): the
proposal pages that plan's manager, who decides with their team (*Activate* / *Not needed*)."""

from __future__ import annotations

from bot.core import Actor
from bot.core import Core
from bot.core import Outcome
from bot.domain.incident import Incident
from bot.domain.page import PageKind
from bot.domain.roles import ContinuityPlan
from bot.jobs.kind import JobKind
from bot.scheduler.exercise_reach import outside_drill
from bot.scheduler.paging import open_page
from bot.scheduler.paging import refresh_pages
from bot.scheduler.rules import may_propose
from bot.usecases.activation import acknowledge_answered
from bot.usecases.activation import open_for_plan
from bot.usecases.common import enqueue
from bot.usecases.common import log_bot_action
from bot.usecases.common import refuse
from bot.usecases.common import who
from bot.views.common import role_names


def propose_plan(core: Core, actor: Actor, number: str | None, plan: ContinuityPlan,
                 page_id: int | None = None) -> Outcome:
    name = plan.value.upper()
    with core.uow() as uow:
        incident = open_for_plan(core, uow, actor, number, plan)
        if not isinstance(incident, Incident):
            return incident
        assert incident.id is not None  # a stored incident
        if not may_propose(core.directory, actor.platform, actor.user_id):
            tr = core.translator(actor.platform, actor.user_id)
            return refuse(core, actor, "proposal.not_allowed", plan=name,
                          roles=role_names(tr, core.plan.rights.propose))
        if plan in incident.activated_plans:
            return refuse(core, actor, "activation.already", plan=name, number=incident.number)
        page = open_page(core, uow, incident, PageKind.PLAN_PROPOSED, platform=incident.platform,
                         role=plan.manager, plan=plan, cause=actor.user_id, key=f"{incident.id}:proposed:{plan.value}")
        if page is None:
            return _not_proposed(core, actor, incident, plan)
        team = core.team_translator()
        params = {"who": who(core, actor.platform, actor.user_id), "plan": name,
                  "role": team.t(f"role.{plan.manager.value}")}
        log_bot_action(core, uow, incident, actor.user_id, "proposal.logbook", **params)
        enqueue(core, uow, JobKind.NOTICE_POST, incident, key="proposal.notice", **params)
        escalation = acknowledge_answered(core, uow, incident, actor, page_id)
        if escalation is not None:
            refresh_pages(core, uow, incident, [escalation])
        uow.commit()
    core.wake_jobs()
    return None


def _not_proposed(core: Core, actor: Actor, incident: Incident, plan: ContinuityPlan) -> Outcome:
    """Nobody was paged: the proposal was made before, or (a drill) its manager takes no part in the drill."""
    name = plan.value.upper()
    outside = outside_drill(core, incident, plan.manager)
    if not outside:
        return refuse(core, actor, "proposal.already", plan=name, number=incident.number)
    tr = core.translator(actor.platform, actor.user_id)
    return refuse(core, actor, "drill.propose_outside", plan=name, number=incident.number,
                  role=role_names(tr, [plan.manager]), people=", ".join(who(core, actor.platform, u) for u in outside))


def propose_command(core: Core, actor: Actor, number: str | None, word: str) -> Outcome:
    try:
        plan = ContinuityPlan(word.strip().lower())
    except ValueError:
        return refuse(core, actor, "proposal.usage")
    if plan is ContinuityPlan.DRP:
        return refuse(core, actor, "proposal.usage")
    return propose_plan(core, actor, number, plan)
