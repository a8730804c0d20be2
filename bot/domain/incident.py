"""An incident: what was reported, how it was classified, where it is handled, and its phase."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from enum import StrEnum

from bot.domain.phase import Phase
from bot.domain.roles import ContinuityPlan
from bot.domain.severity import Severity


class ReporterKind(StrEnum):
    EMPLOYEE = "employee"
    CUSTOMER = "customer"
    SUPPLIER = "supplier"


@dataclass(frozen=True)
class MessageRef:
    """Where a message lives on its platform: a channel and the message's id (Slack ``ts``)."""

    channel_id: str
    message_id: str


def incident_number(year: int, sequence: int) -> str:
    return f"INC-{year}-{sequence:04d}"


@dataclass
class Incident:
    number: str
    platform: str
    title: str
    description: str
    detected_at: datetime
    reported_at: datetime
    reporter_id: str
    reporter_kind: ReporterKind = ReporterKind.EMPLOYEE
    reporter_name: str = ""
    activities: tuple[str, ...] = ()
    suggested_severity: Severity | None = None
    severity: Severity | None = None
    phase: Phase = Phase.NOTIFICATION
    owner_id: str | None = None
    classified_by: str | None = None
    classified_at: datetime | None = None
    sla_due: datetime | None = None
    sla_started_at: datetime | None = None
    """When the SLA clock started (classification, or the last reclassification when the plan restarts it)."""
    eta: datetime | None = None
    """The expected resolution time the owner gives (and updates)."""
    eta_set_by: str | None = None
    eta_set_at: datetime | None = None
    status_due: datetime | None = None
    """When the owner is next asked for a status update (the plan's cadence for the severity)."""
    last_status_at: datetime | None = None
    channel_id: str | None = None
    channel_name: str | None = None
    triage_ref: MessageRef | None = None
    announcement_ref: MessageRef | None = None
    checklist_ref: MessageRef | None = None
    checklist_severity: Severity | None = None
    checklist_type: str = ""
    """The incident type whose scenario steps the posted checklist shows (empty: the severity's alone)."""
    approval_ref: MessageRef | None = None
    activated_plans: frozenset[ContinuityPlan] = frozenset()
    phase_before_deactivation: Phase | None = None
    deactivation_requested_by: str | None = None
    plan_version: str | None = None
    """The plan it was handled under: its ``version`` and fingerprint (``bot.plan_version``), set at report."""
    deactivation_round: int = 0
    closed_at: datetime | None = None
    id: int | None = None
    version: int = 0
    invited: frozenset[str] = field(default_factory=frozenset)
    incident_type: str | None = None
    """What kind of incident (the plan's ``incident_types``), set when the logbook or the review names it."""
    duplicate_of: str | None = None
    """The number of the incident this report joined as a duplicate (the report is then closed)."""
    reporter_display: str = ""
    """The reporter's display name as their platform gave it (``bot.people``), when they are not one of the
    plan's people; empty until looked up, or when the platform could not say."""
    exercise: bool = False
    """A drill (``/incident exercise``): handled like an incident, marked EXERCISE wherever a person reads about
    it, left out of the figures, and reaching only its participants (``bot.domain.exercise``)."""
    exercise_participants: frozenset[str] = frozenset()
    """Who takes part in the drill besides its channel's members: its starter and whoever it named."""
    exercise_page_all: bool = False
    """The drill pages, informs and mobilises as a real incident would (``--page-all``)."""

    @property
    def is_open(self) -> bool:
        return self.phase.is_open

    @property
    def home_channel(self) -> str | None:
        """Where the incident's team talks: its own channel, or the triage message's channel."""
        if self.channel_id:
            return self.channel_id
        return self.triage_ref.channel_id if self.triage_ref else None

    @property
    def home_thread(self) -> str | None:
        """Without its own channel an incident lives in the thread of its triage message."""
        if self.channel_id:
            return None
        return self.triage_ref.message_id if self.triage_ref else None


@dataclass(frozen=True)
class SeverityChange:
    incident_id: int
    from_severity: Severity | None
    to_severity: Severity
    reason: str
    changed_by: str
    changed_at: datetime


@dataclass
class ChecklistItem:
    incident_id: int
    severity: Severity
    position: int
    text: str
    done_by: str | None = None
    done_at: datetime | None = None
    id: int | None = None
    incident_type: str = ""
    """The incident type whose scenario this step comes from; empty for the severity's own procedure."""

    @property
    def done(self) -> bool:
        return self.done_at is not None


class Decision(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"


@dataclass(frozen=True)
class Approval:
    incident_id: int
    round: int
    role: str
    decided_by: str
    decision: Decision
    reason: str
    decided_at: datetime
