"""The logbook's columns that come from the incident itself (docs/irp.md §4, phase 2): its type, its short
description and the team following it, as they are when an entry is written."""

from __future__ import annotations

from bot.domain.incident import Incident
from bot.domain.logbook import EntryDetails
from bot.domain.roles import ContinuityPlan
from bot.domain.roles import Role
from bot.domain.severity import Severity


def following_team(incident: Incident) -> Role:
    """Who follows the incident: the helpdesk for a weak signal, the response team for minor and major
    incidents, the business continuity team once the BCP is activated, the crisis team in a crisis."""
    if incident.severity is Severity.CRISIS or ContinuityPlan.CMP in incident.activated_plans:
        return Role.CRISIS_MANAGEMENT_TEAM
    if ContinuityPlan.BCP in incident.activated_plans:
        return Role.BUSINESS_CONTINUITY_TEAM
    if incident.severity in (Severity.MINOR, Severity.MAJOR):
        return Role.INCIDENT_RESPONSE_TEAM
    return Role.HELPDESK_OPERATOR


def entry_context(incident: Incident, **details: str | tuple[str, ...]) -> EntryDetails:
    """The columns of a new entry: what the incident says now, plus ``details`` given by the author."""
    base = EntryDetails(incident_type=incident.incident_type or "", summary=incident.title,
                        team=following_team(incident).value, activities=incident.activities)
    return EntryDetails(**{**base.__dict__, **details})
