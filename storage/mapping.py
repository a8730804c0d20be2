"""Rows ⇄ the core's dataclasses, for the incident and its satellites."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row

from bot.domain.incident import Approval
from bot.domain.incident import ChecklistItem
from bot.domain.incident import Decision
from bot.domain.incident import Incident
from bot.domain.incident import MessageRef
from bot.domain.incident import ReporterKind
from bot.domain.incident import SeverityChange
from bot.domain.phase import Phase
from bot.domain.roles import ContinuityPlan
from bot.domain.severity import Severity
from storage.tables import ApprovalRow
from storage.tables import ChecklistItemRow
from storage.tables import IncidentRow
from storage.tables import SeverityChangeRow


def incident_values(incident: Incident) -> dict[str, Any]:
    """Column values of ``incident``, without ``id``, ``version`` and ``idempotency_key``."""
    triage, announcement = incident.triage_ref, incident.announcement_ref
    checklist, approval = incident.checklist_ref, incident.approval_ref
    return {
        "number": incident.number,
        "platform": incident.platform,
        "title": incident.title,
        "description": incident.description,
        "detected_at": incident.detected_at,
        "reported_at": incident.reported_at,
        "reporter_id": incident.reporter_id,
        "reporter_kind": incident.reporter_kind.value,
        "reporter_name": incident.reporter_name,
        "activities": list(incident.activities),
        "suggested_severity": _value(incident.suggested_severity),
        "severity": _value(incident.severity),
        "phase": incident.phase.value,
        "owner_id": incident.owner_id,
        "classified_by": incident.classified_by,
        "classified_at": incident.classified_at,
        "sla_due": incident.sla_due,
        "channel_id": incident.channel_id,
        "channel_name": incident.channel_name,
        "triage_channel_id": triage.channel_id if triage else None,
        "triage_message_id": triage.message_id if triage else None,
        "announcement_channel_id": announcement.channel_id if announcement else None,
        "announcement_message_id": announcement.message_id if announcement else None,
        "checklist_channel_id": checklist.channel_id if checklist else None,
        "checklist_message_id": checklist.message_id if checklist else None,
        "checklist_severity": _value(incident.checklist_severity),
        "checklist_type": incident.checklist_type,
        "approval_channel_id": approval.channel_id if approval else None,
        "approval_message_id": approval.message_id if approval else None,
        "activated_plans": sorted(plan.value for plan in incident.activated_plans),
        "phase_before_deactivation": _value(incident.phase_before_deactivation),
        "deactivation_requested_by": incident.deactivation_requested_by,
        "plan_version": incident.plan_version,
        "deactivation_round": incident.deactivation_round,
        "closed_at": incident.closed_at,
        "invited": sorted(incident.invited),
        "incident_type": incident.incident_type,
        "duplicate_of": incident.duplicate_of,
        "reporter_display": incident.reporter_display or None,
        "sla_started_at": incident.sla_started_at,
        "eta": incident.eta,
        "eta_set_by": incident.eta_set_by,
        "eta_set_at": incident.eta_set_at,
        "status_due": incident.status_due,
        "last_status_at": incident.last_status_at,
        "exercise": incident.exercise,
        "exercise_participants": sorted(incident.exercise_participants) if incident.exercise else None,
        "exercise_page_all": incident.exercise_page_all,
    }


def incident_from_row(row: IncidentRow | Row[Any]) -> Incident:
    """From an ORM row or a Core row of the incident table (same attribute names)."""
    return Incident(
        id=row.id,
        version=row.version,
        number=row.number,
        platform=row.platform,
        title=row.title,
        description=row.description,
        detected_at=row.detected_at,
        reported_at=row.reported_at,
        reporter_id=row.reporter_id,
        reporter_kind=ReporterKind(row.reporter_kind),
        reporter_name=row.reporter_name,
        activities=tuple(row.activities),
        suggested_severity=Severity(row.suggested_severity) if row.suggested_severity else None,
        severity=Severity(row.severity) if row.severity else None,
        phase=Phase(row.phase),
        owner_id=row.owner_id,
        classified_by=row.classified_by,
        classified_at=row.classified_at,
        sla_due=row.sla_due,
        channel_id=row.channel_id,
        channel_name=row.channel_name,
        triage_ref=message_ref(row.triage_channel_id, row.triage_message_id),
        announcement_ref=message_ref(row.announcement_channel_id, row.announcement_message_id),
        checklist_ref=message_ref(row.checklist_channel_id, row.checklist_message_id),
        checklist_severity=Severity(row.checklist_severity) if row.checklist_severity else None,
        checklist_type=row.checklist_type or "",
        approval_ref=message_ref(row.approval_channel_id, row.approval_message_id),
        activated_plans=frozenset(ContinuityPlan(plan) for plan in row.activated_plans),
        phase_before_deactivation=(Phase(row.phase_before_deactivation) if row.phase_before_deactivation else None),
        deactivation_requested_by=row.deactivation_requested_by,
        plan_version=row.plan_version,
        deactivation_round=row.deactivation_round,
        closed_at=row.closed_at,
        invited=frozenset(row.invited),
        incident_type=row.incident_type,
        duplicate_of=row.duplicate_of,
        reporter_display=row.reporter_display or "",
        sla_started_at=row.sla_started_at,
        eta=row.eta,
        eta_set_by=row.eta_set_by,
        eta_set_at=row.eta_set_at,
        status_due=row.status_due,
        last_status_at=row.last_status_at,
        exercise=bool(row.exercise),
        exercise_participants=frozenset(row.exercise_participants or ()),
        exercise_page_all=bool(row.exercise_page_all),
    )


def message_ref(channel_id: str | None, message_id: str | None) -> MessageRef | None:
    if channel_id is None or message_id is None:
        return None
    return MessageRef(channel_id=channel_id, message_id=message_id)


def severity_change_values(change: SeverityChange) -> dict[str, Any]:
    return {
        "incident_id": change.incident_id,
        "from_severity": _value(change.from_severity),
        "to_severity": change.to_severity.value,
        "reason": change.reason,
        "changed_by": change.changed_by,
        "changed_at": change.changed_at,
    }


def severity_change_from_row(row: SeverityChangeRow) -> SeverityChange:
    return SeverityChange(
        incident_id=row.incident_id,
        from_severity=Severity(row.from_severity) if row.from_severity else None,
        to_severity=Severity(row.to_severity),
        reason=row.reason,
        changed_by=row.changed_by,
        changed_at=row.changed_at,
    )


def checklist_values(item: ChecklistItem) -> dict[str, Any]:
    return {
        "incident_id": item.incident_id,
        "severity": item.severity.value,
        "position": item.position,
        "text": item.text,
        "done_by": item.done_by,
        "done_at": item.done_at,
        "incident_type": item.incident_type,
    }


def checklist_from_row(row: ChecklistItemRow) -> ChecklistItem:
    return ChecklistItem(
        id=row.id,
        incident_id=row.incident_id,
        severity=Severity(row.severity),
        position=row.position,
        text=row.text,
        done_by=row.done_by,
        done_at=row.done_at,
        incident_type=row.incident_type or "",
    )


def approval_values(approval: Approval) -> dict[str, Any]:
    return {
        "incident_id": approval.incident_id,
        "round": approval.round,
        "role": approval.role,
        "decided_by": approval.decided_by,
        "decision": approval.decision.value,
        "reason": approval.reason,
        "decided_at": approval.decided_at,
    }


def approval_from_row(row: ApprovalRow) -> Approval:
    return Approval(
        incident_id=row.incident_id,
        round=row.round,
        role=row.role,
        decided_by=row.decided_by,
        decision=Decision(row.decision),
        reason=row.reason,
        decided_at=row.decided_at,
    )


def _value(member: Severity | Phase | None) -> str | None:
    return member.value if member is not None else None
