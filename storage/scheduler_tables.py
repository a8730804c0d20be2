"""Tables of the scheduler: timers (every pending reminder, escalation wait and review) and pages
(escalation pings with their acknowledgement and decision). Part of :mod:`storage.tables`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON
from sqlalchemy import Index
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlmodel import Field

from storage.base import Row
from storage.types import UTCDateTime


class TimerRow(Row, table=True):
    """A moment when the scheduler must act; claimed and fired once, by one process."""

    __tablename__ = "timer"
    __table_args__ = (Index("ix_timer_fired_at_cancelled_at_due_at", "fired_at", "cancelled_at", "due_at"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(sa_type=String, unique=True)
    kind: str = Field(sa_type=String)
    incident_id: int | None = Field(default=None, sa_type=Integer, foreign_key="incident.id", index=True)
    due_at: datetime = Field(sa_type=UTCDateTime)
    payload: dict[str, str] = Field(sa_type=JSON)
    created_at: datetime = Field(sa_type=UTCDateTime)
    fired_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    cancelled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    hold_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    """A timer whose firing failed waits until then (its ``due_at`` stays, so lateness is true)."""
    attempts: int = Field(default=0)
    last_error: str | None = Field(default=None, sa_type=Text)


class PageRow(Row, table=True):
    """An escalation ping (or an upkeep prompt) and who answered it."""

    __tablename__ = "page"

    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=0)
    key: str | None = Field(default=None, sa_type=String, unique=True)
    kind: str = Field(sa_type=String)
    platform: str = Field(sa_type=String)
    incident_id: int | None = Field(default=None, sa_type=Integer, foreign_key="incident.id", index=True)
    role: str | None = Field(default=None, sa_type=String)
    person: str | None = Field(default=None, sa_type=String)
    also: list[str] = Field(sa_type=JSON)
    plan: str | None = Field(default=None, sa_type=String)
    cause: str = Field(sa_type=String)
    level: int = Field(default=0)
    paged: list[str] = Field(sa_type=JSON)
    refs: list[list[str]] = Field(sa_type=JSON)
    created_at: datetime = Field(sa_type=UTCDateTime)
    acknowledged_by: str | None = Field(default=None, sa_type=String)
    acknowledged_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decided_by: str | None = Field(default=None, sa_type=String)
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decision: str | None = Field(default=None, sa_type=String)
    reason: str = Field(sa_type=Text)
