"""Who may do what, by the plan's roles (DOMAIN.md §3–4)."""

from __future__ import annotations

from bot.core import Actor
from bot.directory import Directory
from bot.domain.incident import Incident
from bot.domain.roles import TRIAGE_ROLES, ContinuityPlan, Role

MANAGER_ROLES = frozenset({Role.IRP_MANAGER, Role.HELPDESK_MANAGER})


def may_classify(directory: Directory, actor: Actor) -> bool:
    return bool(directory.roles_of(actor.platform, actor.user_id) & TRIAGE_ROLES)


def may_reclassify(directory: Directory, actor: Actor, incident: Incident) -> bool:
    return incident.owner_id == actor.user_id or may_classify(directory, actor)


def may_steer(directory: Directory, actor: Actor, incident: Incident) -> bool:
    """Change phase and request deactivation: the owner and the incident managers."""
    if incident.owner_id == actor.user_id:
        return True
    return bool(directory.roles_of(actor.platform, actor.user_id) & MANAGER_ROLES)


def required_approvers(incident: Incident) -> list[Role]:
    """The IRP manager always; the manager of every plan activated for this incident."""
    roles = [Role.IRP_MANAGER]
    for plan in (ContinuityPlan.BCP, ContinuityPlan.CMP, ContinuityPlan.DRP):
        if plan in incident.activated_plans:
            roles.append(plan.manager)
    return roles
