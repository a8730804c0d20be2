"""Who is asked, who may act and who is kept informed along the plan's arrows (docs/irp.md §2, §4)."""

from __future__ import annotations

from bot.directory import Directory
from bot.domain.incident import Incident
from bot.domain.page import Page, PageKind
from bot.domain.roles import ContinuityPlan, Role
from bot.domain.severity import Severity

ACTIVATORS: dict[ContinuityPlan, tuple[Role, ...]] = {
    # IRP manager → BCP manager directly (arrow 7), CMP manager → BCP manager (arrow 2), and the BCP's own manager.
    ContinuityPlan.BCP: (Role.IRP_MANAGER, Role.CMP_MANAGER, Role.BCP_MANAGER),
    # IRP manager → CMP manager when continuity is (suspected to be) hit (arrow 1).
    ContinuityPlan.CMP: (Role.IRP_MANAGER, Role.CMP_MANAGER),
    # CMP manager → DRP manager (arrow 4), and the DRP's own manager.
    ContinuityPlan.DRP: (Role.CMP_MANAGER, Role.DRP_MANAGER),
}

OFFERED_PLANS: dict[PageKind, tuple[ContinuityPlan, ...]] = {
    PageKind.MAJOR_OVERDUE: (ContinuityPlan.BCP, ContinuityPlan.CMP),
    PageKind.RTO_EXCEEDED: (ContinuityPlan.BCP,),
}
"""The plans a page offers to activate (a ``PLAN_ACTIVATED`` page of the CMP offers the BCP and the DRP)."""

INFORM_ON_ACTIVATION: dict[ContinuityPlan, tuple[ContinuityPlan, ...]] = {
    # BCP and DRP managers keep each other informed (arrow 6); both inform and advise the CMP manager (3, 5).
    ContinuityPlan.BCP: (ContinuityPlan.DRP, ContinuityPlan.CMP),
    ContinuityPlan.DRP: (ContinuityPlan.BCP, ContinuityPlan.CMP),
    ContinuityPlan.CMP: (),
}


def may_activate(directory: Directory, platform: str, user_id: str, plan: ContinuityPlan) -> bool:
    return bool(directory.roles_of(platform, user_id) & set(ACTIVATORS[plan]))


def offered_plans(page: Page) -> tuple[ContinuityPlan, ...]:
    if page.kind is PageKind.PLAN_ACTIVATED and page.plan is ContinuityPlan.CMP:
        return (ContinuityPlan.BCP, ContinuityPlan.DRP)
    return OFFERED_PLANS.get(page.kind, ())


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
    """Acknowledge a page: whoever it was sent to, and every holder of its role."""
    if user_id in page.paged or user_id in page.also or user_id == page.person:
        return True
    return page.role is not None and directory.holds(platform, user_id, page.role)
