"""Activating the BCP, CMP or DRP for an incident (docs/irp.md §2): recorded in the logbook, shown in the
topic and the living message, its manager paged and invited, and made a required approver of deactivation."""

from __future__ import annotations

from collections.abc import Callable

from bot.core import Actor
from bot.core import Core
from bot.core import Notice
from bot.core import Outcome
from bot.domain.incident import Incident
from bot.domain.page import Page
from bot.domain.roles import ContinuityPlan
from bot.domain.severity import Severity
from bot.jobs.kind import JobKind
from bot.ports import ConcurrentUpdate
from bot.ports import UnitOfWork
from bot.scheduler.communication import reschedule_communication
from bot.scheduler.paging import acknowledge_page
from bot.scheduler.paging import on_plan_activated
from bot.scheduler.paging import refresh_pages
from bot.scheduler.rules import activators
from bot.scheduler.rules import may_activate
from bot.scheduler.rules import may_propose
from bot.scheduler.rules import may_raise_to_crisis
from bot.specs import MessageSpec
from bot.specs import Plain
from bot.specs import Section
from bot.usecases.common import enqueue
from bot.usecases.common import incident_for
from bot.usecases.common import log_bot_action
from bot.usecases.common import refuse
from bot.usecases.common import show_change
from bot.usecases.common import who
from bot.views.common import role_names
from bot.views.mobilise import crisis_button


def open_for_plan(core: Core, uow: UnitOfWork, actor: Actor, number: str | None, plan: ContinuityPlan,
                  refusal: Callable[[], Notice | None]) -> Incident | Notice:
    """The open, classified incident a plan is activated or proposed for, once ``refusal`` (the actor's right:
    ``None`` when they have it) is checked and the plan is not active yet; else the answer the actor reads."""
    incident = incident_for(core, uow, actor, number)
    if isinstance(incident, Notice):
        return incident
    if not incident.is_open or incident.severity is None:
        return refuse(core, actor, "activation.not_open", number=incident.number, plan=plan.value.upper())
    if (refused := refusal()) is not None:
        return refused
    if plan in incident.activated_plans:
        return refuse(core, actor, "activation.already", plan=plan.value.upper(), number=incident.number)
    return incident


def _activation_refusal(core: Core, actor: Actor, plan: ContinuityPlan) -> Notice | None:
    """Why the actor may not activate ``plan`` (those who may propose it are told to); ``None`` if they may."""
    if may_activate(core.directory, actor.platform, actor.user_id, plan):
        return None
    tr = core.translator(actor.platform, actor.user_id)
    roles = role_names(tr, activators(core.directory, plan))
    if plan is not ContinuityPlan.DRP and may_propose(core.directory, actor.platform, actor.user_id):
        return refuse(core, actor, "proposal.activate_instead", plan=plan.value.upper(), roles=roles,
                      command=f"/incident propose {plan.value}")
    return refuse(core, actor, "activation.not_allowed", plan=plan.value.upper(), roles=roles)


def acknowledge_answered(core: Core, uow: UnitOfWork, incident: Incident, actor: Actor,
                         page_id: int | None) -> Page | None:
    """The page of this incident the actor answered by activating or proposing a plan (a button on it),
    acknowledged; ``None`` when the action came from elsewhere."""
    page = uow.pages.get(page_id) if page_id is not None else None
    if page is None or page.incident_id != incident.id:
        return None
    acknowledge_page(core, uow, page, incident, actor.user_id)
    return page


def activate_plan(core: Core, actor: Actor, number: str | None, plan: ContinuityPlan,
                  page_id: int | None = None) -> Outcome:
    with core.uow() as uow:
        incident = open_for_plan(core, uow, actor, number, plan, lambda: _activation_refusal(core, actor, plan))
        if isinstance(incident, Notice):
            return incident
        assert incident.id is not None  # a stored incident
        incident.activated_plans = incident.activated_plans | {plan}
        try:
            uow.incidents.save(incident)
        except ConcurrentUpdate:
            return refuse(core, actor, "error.changed_meanwhile", number=incident.number)
        params = {"who": who(core, actor.platform, actor.user_id), "plan": plan.value.upper()}
        log_bot_action(core, uow, incident, actor.user_id, "activation.logbook", **params)
        on_plan_activated(core, uow, incident, plan, actor.user_id)
        reschedule_communication(core, uow, incident)  # audiences told on activation of the BCP
        acknowledge_answered(core, uow, incident, actor, page_id)
        show_change(core, uow, incident, JobKind.SPACE_SETUP, "activation.notice", **params)
        refresh_pages(core, uow, incident, uow.pages.of_incident(incident.id))
        crisis_proposed = plan is ContinuityPlan.CMP and incident.severity is Severity.MAJOR
        if crisis_proposed:  # 4.2.4: the CMP goes with a crisis
            enqueue(core, uow, JobKind.CRISIS_PROPOSE, incident, by=actor.user_id)
        uow.commit()
    core.wake_jobs()
    if crisis_proposed and may_raise_to_crisis(core.directory, actor, incident):
        tr = core.translator(actor.platform, actor.user_id)
        text = tr.t("mobilise.activated_major", number=incident.number)
        return Notice(MessageSpec(text, (Section((Plain(text),), crisis_button(tr, incident)),)))
    return None


def activate_command(core: Core, actor: Actor, number: str | None, word: str) -> Outcome:
    try:
        plan = ContinuityPlan(word.strip().lower())
    except ValueError:
        return refuse(core, actor, "activation.usage")
    return activate_plan(core, actor, number, plan)
