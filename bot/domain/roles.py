"""The roles of the plan (docs/irp.md §3) and the managers of the four plans (§2)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    HELPDESK_MANAGER = "helpdesk_manager"
    HELPDESK_OPERATOR = "helpdesk_operator"
    IRP_MANAGER = "irp_manager"
    INCIDENT_RESPONSE_TEAM = "incident_response_team"
    BCP_MANAGER = "bcp_manager"
    BUSINESS_CONTINUITY_TEAM = "business_continuity_team"
    CMP_MANAGER = "cmp_manager"
    CRISIS_MANAGEMENT_TEAM = "crisis_management_team"
    DRP_MANAGER = "drp_manager"


class ContinuityPlan(StrEnum):
    """The plans around the IRP that an incident can activate."""

    BCP = "bcp"
    CMP = "cmp"
    DRP = "drp"

    @property
    def manager(self) -> Role:
        return {ContinuityPlan.BCP: Role.BCP_MANAGER, ContinuityPlan.CMP: Role.CMP_MANAGER,
                ContinuityPlan.DRP: Role.DRP_MANAGER}[self]


REQUIRED_ROLES: tuple[Role, ...] = (
    Role.HELPDESK_MANAGER,
    Role.HELPDESK_OPERATOR,
    Role.IRP_MANAGER,
    Role.INCIDENT_RESPONSE_TEAM,
    Role.BCP_MANAGER,
    Role.CMP_MANAGER,
    Role.DRP_MANAGER,
)

# Who may classify a new report and reclassify one: the helpdesk and the incident managers.
TRIAGE_ROLES: frozenset[Role] = frozenset({Role.HELPDESK_OPERATOR, Role.HELPDESK_MANAGER, Role.IRP_MANAGER})
