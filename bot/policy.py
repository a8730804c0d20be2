"""Who may do what, by the plan's roles (docs/irp.md §3–4)."""

from __future__ import annotations

from bot.core import Actor
from bot.directory import Directory
from bot.domain.incident import Incident
from bot.domain.logbook import LogbookEntry
from bot.domain.roles import TRIAGE_ROLES
from bot.domain.roles import ContinuityPlan
from bot.domain.roles import Role

MANAGER_ROLES = frozenset({Role.IRP_MANAGER, Role.HELPDESK_MANAGER})


def may_classify(directory: Directory, actor: Actor) -> bool:
    return bool(directory.roles_of(actor.platform, actor.user_id) & TRIAGE_ROLES)


def may_start_exercise(directory: Directory, actor: Actor) -> bool:
    """Start a drill (``/incident exercise``): the roles that may classify, and the plan's owner (who keeps it)."""
    reviewer = directory.plan.reviewer
    return may_classify(directory, actor) or (
        reviewer is not None and directory.person_key(actor.platform, actor.user_id) == reviewer)


def may_merge(directory: Directory, actor: Actor) -> bool:
    """Merge two open incidents (one is closed by it): the roles that may both classify any report and close any
    incident, the Incident Response Manager and the Helpdesk Manager."""
    return bool(directory.roles_of(actor.platform, actor.user_id) & TRIAGE_ROLES & MANAGER_ROLES)


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


def may_complete_entry(directory: Directory, actor: Actor, incident: Incident, entry: LogbookEntry) -> bool:
    """Complete a logbook entry's columns: its author, the incident's owner, anyone the plan names in a role."""
    if actor.user_id in (entry.author_id, incident.owner_id):
        return True
    return bool(directory.roles_of(actor.platform, actor.user_id))


def may_contribute_review(directory: Directory, actor: Actor, incident: Incident) -> bool:
    """Fill in the Post Incident Review: anyone the plan names in a role, and whoever took part in the incident."""
    if actor.user_id in (incident.owner_id, incident.reporter_id) or actor.user_id in incident.invited:
        return True
    return bool(directory.roles_of(actor.platform, actor.user_id))


def may_close_follow_up(directory: Directory, actor: Actor, incident: Incident, owner_id: str) -> bool:
    """Mark a follow-up action done: its owner, the incident's owner, the IRP manager."""
    if actor.user_id in (owner_id, incident.owner_id):
        return True
    return directory.holds(actor.platform, actor.user_id, Role.IRP_MANAGER)


def may_set_type(directory: Directory, actor: Actor, incident: Incident) -> bool:
    """Name the incident's type (which may change its procedure): its owner, anyone the plan names in a role."""
    return actor.user_id == incident.owner_id or bool(directory.roles_of(actor.platform, actor.user_id))
