"""Timers: every deadline, reminder and escalation wait that lies in the future, held by the database.

The core's tick claims the timers that are due and fires each exactly once (docs/architecture.md, "The
tick"); firing changes state and queues what must be said, in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from enum import StrEnum


class TimerKind(StrEnum):
    REMINDER = "reminder"
    """A share of a deadline has passed (``clock``: sla, rto or eta; ``percent``; ``due``)."""
    BREACH = "breach"
    """A deadline is reached while the incident is open: escalate along the plan's arrows."""
    STATUS_PROMPT = "status_prompt"
    """Ask the owner for a status update (the severity's cadence)."""
    ACK_WAIT = "ack_wait"
    """An escalation ping's wait for an acknowledgement ran out (``page``, ``level``)."""
    LESSONS = "lessons"
    """After a closed incident: ask whether the plan, the Risk Assessment or contracts need revising."""
    PLAN_REVIEW = "plan_review"
    """The plan's yearly review (no incident)."""
    NOTIFICATION_REMINDER = "notification_reminder"
    """A legal notification's deadline draws near (``step``, ``due``, ``point``: remind or page)."""
    NOTIFICATION_DUE = "notification_due"
    """A legal notification's deadline is reached with nothing recorded (``step``, ``due``)."""
    INFORM_REMINDER = "inform_reminder"
    """An audience of the communication plan is due and not informed yet (``audience``)."""


MANAGED_KINDS = frozenset({TimerKind.REMINDER, TimerKind.BREACH, TimerKind.STATUS_PROMPT})
"""Kinds recomputed from the incident's clocks whenever they change (see ``bot.scheduler.schedule``)."""

NOTIFICATION_KINDS = frozenset({TimerKind.NOTIFICATION_REMINDER, TimerKind.NOTIFICATION_DUE})
"""The legal clocks' timers (``bot.scheduler.notifications``): they outlive the incident's closing."""


@dataclass
class Timer:
    kind: TimerKind
    key: str
    """Unique for ever: a timer with the same key is never created twice (fired ones stay as history)."""
    due_at: datetime
    incident_id: int | None = None
    payload: dict[str, str] = field(default_factory=dict)
    created_at: datetime | None = None
    fired_at: datetime | None = None
    cancelled_at: datetime | None = None
    attempts: int = 0
    id: int | None = None

    @property
    def pending(self) -> bool:
        return self.fired_at is None and self.cancelled_at is None
