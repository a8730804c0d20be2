"""Incidents for the figures, built with moments chosen by hand (a controllable clock: nothing reads the time)."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.severity import Severity
from bot.figures.facts import IncidentFacts
from bot.plan import Plan
from bot.plan_loader import load_plan

REPO = Path(__file__).resolve().parents[2]
BRUSSELS = ZoneInfo("Europe/Brussels")
SLA = {Severity.WEAK: timedelta(days=5), Severity.MINOR: timedelta(hours=8), Severity.MAJOR: timedelta(hours=4),
       Severity.CRISIS: timedelta(hours=2)}
"""The example plan's terms (plan.example.yaml); RTOs: email 4h, invoicing 1d, webshop 2h, production 30m."""


def example_plan() -> Plan:
    return load_plan(REPO / "plan.example.yaml")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def facts(number: int, reported: datetime, severity: Severity | None = None, *, ack: timedelta | None = None,
          resolve: timedelta | None = None, detected_before: timedelta = timedelta(0), **changes: Any) -> IncidentFacts:
    """An incident reported at ``reported`` (detected ``detected_before`` earlier), classified ``ack`` after the
    report, closed ``resolve`` after detection; the SLA counts from classification."""
    classified = reported + ack if ack is not None else None
    detected = reported - detected_before
    values: dict[str, Any] = {
        "number": f"INC-2026-{number:04d}", "severity": severity, "incident_type": None, "activities": (),
        "detected_at": detected, "reported_at": reported, "classified_at": classified,
        "closed_at": detected + resolve if resolve is not None else None,
        "sla_due": classified + SLA[severity] if classified is not None and severity is not None else None,
    }
    values.update(changes)
    return IncidentFacts(**values)
