"""Escalation pings (*pages*): a message to one role's contact that needs an answer.

A page goes by direct message to the role's primary contact with an *Acknowledge* button; when nobody
acknowledges within the plan's wait, the backup contact is paged too; when still nobody does, the IRP
manager and the incident's channel are told (docs/irp.md §5: always a primary and a backup per role).
Plan upkeep prompts (yearly review, lessons after an incident) are pages to one person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from enum import StrEnum

from bot.domain.incident import MessageRef
from bot.domain.roles import ContinuityPlan
from bot.domain.roles import Role


class PageKind(StrEnum):
    RAISE_TO_MAJOR = "raise_to_major"
    """A minor incident past its SLA, or with growing impact: raise it to major? (owner + IRP manager)"""
    MAJOR_OVERDUE = "major_overdue"
    """A major incident not solved in its term: to the IRP manager (who proposes) and, each with its own page,
    to the BCP and CMP managers (``plan``), who decide whether their plan is activated."""
    RTO_EXCEEDED = "rto_exceeded"
    """The expected resolution lies beyond the RTO, or the RTO is reached: to the BCP manager (arrow 7)."""
    PLAN_PROPOSED = "plan_proposed"
    """The IRP manager proposes activating the BCP or the CMP: to that plan's manager, who decides."""
    PLAN_ACTIVATED = "plan_activated"
    """The BCP, CMP or DRP was activated for the incident: its manager is paged."""
    PLAN_REVIEW = "plan_review"
    """The yearly review of the plan, to its owner."""
    LESSONS = "lessons"
    """After a closed incident: do the plan, the Risk Assessment or supplier contracts need revising?"""
    NOTIFICATION_DUE = "notification_due"
    """A legal notification (``cause``: its step) is due soon and nothing was recorded: to the responsible."""

    @property
    def escalates(self) -> bool:
        """Pages that follow the primary → backup → IRP manager chain when nobody acknowledges."""
        return self not in (PageKind.PLAN_REVIEW, PageKind.LESSONS)


class PageLevel(IntEnum):
    PRIMARY = 0
    BACKUP = 1
    NOBODY = 2
    """Nobody acknowledged: the IRP manager and the channel were told."""


class PageDecision(StrEnum):
    RAISED = "raised"
    KEPT = "kept"
    NOT_NEEDED = "not_needed"
    ACTIVATED = "activated"
    REVIEWED = "reviewed"
    RECORDED = "recorded"


@dataclass
class Page:
    kind: PageKind
    platform: str
    created_at: datetime
    incident_id: int | None = None
    role: Role | None = None
    """The role that must answer (primary, then backup); ``None`` for a page to one person."""
    person: str | None = None
    """The user paged when there is no role (the plan's reviewer)."""
    also: tuple[str, ...] = ()
    """Users asked at once besides the role (the owner, when a minor incident should be raised)."""
    plan: ContinuityPlan | None = None
    """The plan activated (``PLAN_ACTIVATED``), proposed (``PLAN_PROPOSED``) or to decide on (``MAJOR_OVERDUE``
    to a plan's manager)."""
    cause: str = ""
    """Why it was sent, when a kind has several reasons (``sla`` or ``growing``; ``eta`` or ``rto``)."""
    key: str | None = None
    """At most one page per key (``7:rto:2026-11-27T13:00``): a rule that fires twice pages once."""
    level: PageLevel = PageLevel.PRIMARY
    paged: tuple[str, ...] = ()
    """Everyone who received it so far, in order."""
    refs: tuple[MessageRef, ...] = ()
    """The direct messages sent, updated when someone answers."""
    acknowledged_by: str | None = None
    acknowledged_at: datetime | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None
    decision: PageDecision | None = None
    reason: str = ""
    id: int | None = None
    version: int = 0

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_at is not None

    @property
    def decided(self) -> bool:
        return self.decision is not None
