"""What an operator watches of the running bot (``GET /metrics``): read by ``storage.operations``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OperationsSnapshot:
    jobs_waiting: int
    """Jobs not done yet (scheduled ones included)."""
    jobs_due: int
    """Jobs due now and not done: the backlog."""
    oldest_due_job_age: float
    """Seconds since the oldest due job became due (0 when none is)."""
    timer_lateness: float
    """Seconds past its moment of the most overdue timer not yet fired (0 when none is overdue)."""
    open_incidents: dict[str, int]
    """Open incidents per severity (``unclassified`` before triage), exercises left out."""
    open_exercises: int = 0
    """Open exercises (drills, ``/incident exercise``)."""
