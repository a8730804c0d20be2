"""Tables of the legal notifications (issue #18): a regime marked on an incident, and each step recorded as
submitted to the authority. Imported by :mod:`storage.tables` (one ``MetaData`` for the whole schema)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from storage.base import Row
from storage.types import UTCDateTime


class RegulatoryCaseRow(Row, table=True):
    """A person's decision that an incident falls under a regime (NIS2, GDPR, DORA), with its awareness."""

    __tablename__ = "regulatory_case"
    __table_args__ = (UniqueConstraint("incident_id", "regime"),)

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(sa_type=Integer, foreign_key="incident.id", index=True)
    regime: str = Field(sa_type=String)
    version: int = Field(default=0)
    decided_by: str = Field(sa_type=String)
    decided_at: datetime = Field(sa_type=UTCDateTime)
    aware_at: datetime = Field(sa_type=UTCDateTime)
    high_risk: bool = Field(default=False, sa_type=Boolean)
    facts: str = Field(default="", sa_type=Text)
    effects: str = Field(default="", sa_type=Text)
    remedy: str = Field(default="", sa_type=Text)


class RegulatorySubmissionRow(Row, table=True):
    """A step recorded as submitted to the authority: when, its reference, who recorded it."""

    __tablename__ = "regulatory_submission"
    __table_args__ = (UniqueConstraint("incident_id", "step"),)

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(sa_type=Integer, foreign_key="incident.id", index=True)
    step: str = Field(sa_type=String)
    submitted_at: datetime = Field(sa_type=UTCDateTime)
    reference: str = Field(sa_type=Text)
    recorded_by: str = Field(sa_type=String)
    recorded_at: datetime = Field(sa_type=UTCDateTime)


class CommunicationRow(Row, table=True):
    """A communication to an audience of the communication plan: how, by whom, when, to whom, what."""

    __tablename__ = "communication"

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(sa_type=Integer, foreign_key="incident.id", index=True)
    audience: str = Field(sa_type=String)
    method: str = Field(sa_type=String)
    by: str = Field(sa_type=String)
    at: datetime = Field(sa_type=UTCDateTime)
    recipients: str = Field(sa_type=Text)
    subject: str = Field(sa_type=Text)
    text: str = Field(sa_type=Text)
