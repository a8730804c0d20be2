"""What Sirene keeps of a report that came from outside the chat (a plan source), next to its incident."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from enum import StrEnum

from bot.domain.incident import Incident
from bot.domain.phase import Phase


@dataclass
class ExternalReport:
    incident_id: int
    source: str
    status_key: str
    """The secret part of the status page's address, given only to whoever reported."""
    received_at: datetime
    dedup_key: str | None = None
    reporter_email: str = ""
    reporter_organisation: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    language: str = "en"
    signals: int = 1
    """How many times the source sent this report (the first time included)."""
    resolved_at_source: datetime | None = None


class OutsideStatus(StrEnum):
    """All that someone outside the company sees of their report."""

    RECEIVED = "received"
    HANDLED = "handled"
    SOLVED = "solved"

    @classmethod
    def of(cls, incident: Incident) -> OutsideStatus:
        if incident.phase is Phase.CLOSED:
            return cls.SOLVED
        if incident.severity is None:
            return cls.RECEIVED
        return cls.HANDLED
