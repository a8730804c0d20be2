"""Reports from outside the chat (a plan source), next to the incident each opened. Part of :mod:`storage.tables`."""

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


class ExternalReportRow(Row, table=True):
    __tablename__ = "external_report"
    __table_args__ = (Index("ix_external_report_source_dedup_key", "source", "dedup_key"),)

    incident_id: int = Field(sa_type=Integer, primary_key=True, foreign_key="incident.id")
    source: str = Field(sa_type=String)
    status_key: str = Field(sa_type=String, unique=True)
    received_at: datetime = Field(sa_type=UTCDateTime)
    dedup_key: str | None = Field(default=None, sa_type=String)
    reporter_email: str = Field(sa_type=Text)
    reporter_organisation: str = Field(sa_type=Text)
    labels: dict[str, str] = Field(sa_type=JSON)
    language: str = Field(sa_type=String)
    signals: int = Field(default=1)
    resolved_at_source: datetime | None = Field(default=None, sa_type=UTCDateTime)
