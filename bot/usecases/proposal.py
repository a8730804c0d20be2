"""The IRP manager proposes activating the BCP or the CMP (template ch. II arrows 1 and 7, 4.2.3): the
proposal pages that plan's manager, who decides with their team (*Activate* / *Not needed*)."""

from __future__ import annotations

from bot.core import Actor
from bot.core import Core
from bot.core import Notice
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
        incident = open_for_plan(core, uow, actor, number, plan, lambda: _proposal_refusal(core, actor, plan))
        if isinstance(incident, Notice):
            return incident
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


def _proposal_refusal(core: Core, actor: Actor, plan: ContinuityPlan) -> Notice | None:
    """Why the actor may not propose ``plan`` (naming who may); ``None`` if they may."""
    if may_propose(core.directory, actor.platform, actor.user_id):
        return None
    tr = core.translator(actor.platform, actor.user_id)
    return refuse(core, actor, "proposal.not_allowed", plan=plan.value.upper(),
                  roles=role_names(tr, core.plan.rights.propose))


def _not_proposed(core: Core, actor: Actor, incident: Incident, plan: ContinuityPlan) -> Outcome:
    """Nobody was paged: the plan names nobody as its manager, the proposal was made before, or (a drill) its
    manager takes no part in the drill."""
    name = plan.value.upper()
    tr = core.translator(actor.platform, actor.user_id)
    directory = core.directory
    if directory.primary(incident.platform, plan.manager) is None and \
            directory.backup(incident.platform, plan.manager) is None:
        return refuse(core, actor, "proposal.nobody", plan=name, role=role_names(tr, [plan.manager]))
    outside = outside_drill(core, incident, plan.manager)
    if not outside:
        return refuse(core, actor, "proposal.already", plan=name, number=incident.number)
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
