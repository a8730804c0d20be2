"""Who is asked, who may act and who is kept informed along the plan's arrows (docs/irp.md §2, §4)."""

from __future__ import annotations

from bot.core import Actor
from bot.directory import Directory
from bot.domain.incident import Incident
from bot.domain.page import Page
from bot.domain.page import PageKind
from bot.domain.roles import ContinuityPlan
from bot.domain.roles import Role
from bot.domain.severity import Severity
from bot.plan_rights import DEFAULT_ACTIVATORS
from bot.policy import may_reclassify

ACTIVATORS = DEFAULT_ACTIVATORS
"""Sirene's default rights table; the plan's ``rights.activate`` replaces it per plan (``Plan.rights``)."""

PLAN_MANAGERS: dict[Role, ContinuityPlan] = {plan.manager: plan for plan in ContinuityPlan}

PLAN_TEAMS: dict[ContinuityPlan, Role] = {
    ContinuityPlan.BCP: Role.BUSINESS_CONTINUITY_TEAM,  # runs the BCP (3.3)
    ContinuityPlan.CMP: Role.CRISIS_MANAGEMENT_TEAM,  # runs the CMP (3.4)
}
"""The team mobilised with a plan's manager when the plan is activated."""

OFFERED_PLANS: dict[PageKind, tuple[ContinuityPlan, ...]] = {
    PageKind.MAJOR_OVERDUE: (ContinuityPlan.BCP, ContinuityPlan.CMP),
    PageKind.RTO_EXCEEDED: (ContinuityPlan.BCP,),
}
"""The plans a page is about (a ``PLAN_ACTIVATED`` page of the CMP offers the BCP and the DRP)."""

INFORM_ON_ACTIVATION: dict[ContinuityPlan, tuple[ContinuityPlan, ...]] = {
    # BCP and DRP managers keep each other informed (arrow 6); both inform and advise the CMP manager (3, 5).
    ContinuityPlan.BCP: (ContinuityPlan.DRP, ContinuityPlan.CMP),
    ContinuityPlan.DRP: (ContinuityPlan.BCP, ContinuityPlan.CMP),
    ContinuityPlan.CMP: (),
}


def activators(directory: Directory, plan: ContinuityPlan) -> tuple[Role, ...]:
    """The roles that may activate ``plan``, as the plan's rights table says."""
    return directory.plan.rights.activators(plan)


def may_activate(directory: Directory, platform: str, user_id: str, plan: ContinuityPlan) -> bool:
    return bool(directory.roles_of(platform, user_id) & set(activators(directory, plan)))


def may_raise_to_crisis(directory: Directory, actor: Actor, incident: Incident) -> bool:
    """Raise to crisis: whoever may reclassify, and, once the CMP is active, whoever may activate the CMP
    (4.2.4: a crisis is the CMP's; its manager declares it in the same step)."""
    if may_reclassify(directory, actor, incident):
        return True
    return ContinuityPlan.CMP in incident.activated_plans and may_activate(
        directory, actor.platform, actor.user_id, ContinuityPlan.CMP)


def may_propose(directory: Directory, platform: str, user_id: str) -> bool:
    """Propose a plan's activation to its manager: the IRP manager (who warns, arrows 1 and 7)."""
    return bool(directory.roles_of(platform, user_id) & set(directory.plan.rights.propose))


def offered_plans(page: Page) -> tuple[ContinuityPlan, ...]:
    """The plans a page's reader may activate from it: a page addressed to a plan's manager offers that plan
    (the CMP manager's page of an activated CMP offers the BCP and the DRP); the IRP manager's pages offer
    none: the IRP manager proposes (:func:`proposed_plans`)."""
    if page.kind is PageKind.PLAN_ACTIVATED and page.plan is ContinuityPlan.CMP:
        return (ContinuityPlan.BCP, ContinuityPlan.DRP)
    if page.kind in (PageKind.MAJOR_OVERDUE, PageKind.PLAN_PROPOSED) and page.plan is not None:
        return (page.plan,)
    if page.role is Role.IRP_MANAGER:
        return ()
    return OFFERED_PLANS.get(page.kind, ())


def proposed_plans(page: Page) -> tuple[ContinuityPlan, ...]:
    """The plans the IRP manager's escalation page lets them propose to those plans' managers."""
    if page.kind is PageKind.MAJOR_OVERDUE and page.role is Role.IRP_MANAGER:
        return OFFERED_PLANS[PageKind.MAJOR_OVERDUE]
    return ()


def kept_informed(incident: Incident) -> list[Role]:
    """Managers who receive every status update: the manager of each activated plan (the BCP manager
    whenever the BCP is active: "regular reporting"), and the crisis manager from major on (docs/irp.md §4)."""
    roles: list[Role] = []
    for plan in (ContinuityPlan.BCP, ContinuityPlan.CMP, ContinuityPlan.DRP):
        if plan in incident.activated_plans:
            roles.append(plan.manager)
    if incident.severity in (Severity.MAJOR, Severity.CRISIS) and Role.CMP_MANAGER not in roles:
        roles.append(Role.CMP_MANAGER)
    return roles


def may_answer(directory: Directory, platform: str, user_id: str, page: Page) -> bool:
    """Answer a page. One addressed to a plan's manager: the holders of that role (its primary contact, its
    backup) and whoever the rights table lets activate that plan, nobody else (not the IRP manager told when
    it went unanswered). Any other page: whoever it was sent to, and every holder of its role."""
    plan = PLAN_MANAGERS.get(page.role) if page.role is not None else None
    if plan is not None and page.role is not None:
        return directory.holds(platform, user_id, page.role) or may_activate(directory, platform, user_id, plan)
    if user_id in page.paged or user_id in page.also or user_id == page.person:
        return True
    return page.role is not None and directory.holds(platform, user_id, page.role)
