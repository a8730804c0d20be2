"""Core objects with every field set, for round trips."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from typing import Any

from bot.domain.incident import Incident
from bot.domain.incident import MessageRef
from bot.domain.incident import ReporterKind
from bot.domain.incident import incident_number
from bot.domain.phase import Phase
from bot.domain.roles import ContinuityPlan
from bot.domain.severity import Severity

T0 = datetime(2026, 3, 14, 9, 26, 53, 589793, tzinfo=UTC)
BRUSSELS_SUMMER = timezone(timedelta(hours=2))


def new_incident(sequence: int = 1, **changes: Any) -> Incident:
    """A freshly reported incident (the required fields, plus ``changes``)."""
    incident = Incident(
        number=incident_number(2026, sequence),
        platform="slack",
        title=f"Incident {sequence}",
        description="Something broke",
        detected_at=T0,
        reported_at=T0 + timedelta(minutes=1),
        reporter_id="U1",
    )
    return replace(incident, **changes)


def full_incident(sequence: int = 1) -> Incident:
    """An incident with every field away from its default (moments in a non-UTC zone)."""
    return Incident(
        number=incident_number(2026, sequence),
        platform="mattermost",
        title="Ransomware on the file server ✨",
        description="Files renamed *.locked\nSecond line — « quoted »",
        detected_at=datetime(2026, 6, 1, 10, 0, 0, 123456, tzinfo=BRUSSELS_SUMMER),
        reported_at=datetime(2026, 6, 1, 10, 5, tzinfo=BRUSSELS_SUMMER),
        reporter_id="u-reporter",
        reporter_kind=ReporterKind.SUPPLIER,
        reporter_name="Acme NV",
        activities=("invoicing", "payroll", "shipping"),
        suggested_severity=Severity.MAJOR,
        severity=Severity.CRISIS,
        phase=Phase.DEACTIVATION_REQUESTED,
        owner_id="u-owner",
        classified_by="u-helpdesk",
        classified_at=datetime(2026, 6, 1, 8, 30, tzinfo=UTC),
        sla_due=datetime(2026, 6, 1, 12, 30, tzinfo=BRUSSELS_SUMMER),
        channel_id="ch-incident",
        channel_name="inc-2026-0001-ransomware",
        triage_ref=MessageRef("ch-helpdesk", "1717229100.000100"),
        announcement_ref=MessageRef("ch-announce", "1717229200.000200"),
        activated_plans=frozenset({ContinuityPlan.BCP, ContinuityPlan.DRP}),
        phase_before_deactivation=Phase.ERADICATION,
        deactivation_round=2,
        closed_at=datetime(2026, 6, 2, 18, 0, tzinfo=UTC),
        invited=frozenset({"u-1", "u-2", "u-3"}),
    )
