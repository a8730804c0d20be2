"""The database schema as SQLModel tables.

Rows are storage's own business: the repositories map them to and from the core's dataclasses
(``bot.domain``). Enumerations are stored as their string values, sets and tuples as JSON
lists, every moment as UTC (:class:`storage.types.UTCDateTime`). The tables live in their own
``MetaData`` (with a naming convention, so migrations name every constraint the same way on
SQLite and PostgreSQL) and never mix with other SQLModel tables of the process.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlalchemy import Boolean
from sqlalchemy import Index
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy import text as sql_text
from sqlmodel import Field

# The tables of other parts of Sirene live in their own modules, on the same ``Row`` and ``metadata``
# (storage.base); importing them here makes ``metadata`` hold every table.
from storage import intake_tables  # noqa: F401
from storage import outreach_tables  # noqa: F401
from storage import post_slot_tables  # noqa: F401
from storage import rate_bucket_tables  # noqa: F401
from storage import regulation_tables  # noqa: F401
from storage import sandbox_tables  # noqa: F401
from storage.base import NAMING_CONVENTION
from storage.base import Row
from storage.base import metadata
from storage.base import table_of
from storage.mattermost_tables import PLATFORM_CURSOR
from storage.mattermost_tables import PlatformCursorRow
from storage.review_tables import FollowUpRow
from storage.review_tables import LogbookSealRow
from storage.review_tables import ReviewAnswerRow
from storage.review_tables import ReviewRow
from storage.review_tables import ReviewSectionRow
from storage.scheduler_tables import PageRow
from storage.scheduler_tables import TimerRow
from storage.types import UTCDateTime

__all__ = ["NAMING_CONVENTION", "PAGE", "PLATFORM_CURSOR", "TIMER", "FollowUpRow", "LogbookSealRow", "PageRow",
           "PlatformCursorRow", "ReviewAnswerRow", "ReviewRow", "ReviewSectionRow", "Row", "TimerRow", "metadata",
           "table_of"]


def _fk(target: str) -> Any:
    return Field(sa_type=Integer, sa_column_kwargs={"nullable": False}, foreign_key=target, index=True)


class IncidentRow(Row, table=True):
    __tablename__ = "incident"
    __table_args__ = (
        Index("ix_incident_platform_channel_id", "platform", "channel_id"),
        Index("ix_incident_platform_channel_name", "platform", "channel_name"),
        Index("ix_incident_reported_at", "reported_at"),
        Index("ix_incident_platform_reporter_id", "platform", "reporter_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(sa_type=String, unique=True)
    idempotency_key: str | None = Field(default=None, sa_type=String, unique=True)
    version: int = Field(default=0)
    platform: str = Field(sa_type=String)
    title: str = Field(sa_type=Text)
    description: str = Field(sa_type=Text)
    detected_at: datetime = Field(sa_type=UTCDateTime)
    reported_at: datetime = Field(sa_type=UTCDateTime)
    reporter_id: str = Field(sa_type=String)
    reporter_kind: str = Field(sa_type=String)
    reporter_name: str = Field(sa_type=Text)
    activities: list[str] = Field(sa_type=JSON)
    suggested_severity: str | None = Field(default=None, sa_type=String)
    severity: str | None = Field(default=None, sa_type=String)
    phase: str = Field(sa_type=String, index=True)
    owner_id: str | None = Field(default=None, sa_type=String)
    classified_by: str | None = Field(default=None, sa_type=String)
    classified_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sla_due: datetime | None = Field(default=None, sa_type=UTCDateTime)
    channel_id: str | None = Field(default=None, sa_type=String)
    channel_name: str | None = Field(default=None, sa_type=String)
    triage_channel_id: str | None = Field(default=None, sa_type=String)
    triage_message_id: str | None = Field(default=None, sa_type=String)
    announcement_channel_id: str | None = Field(default=None, sa_type=String)
    announcement_message_id: str | None = Field(default=None, sa_type=String)
    checklist_channel_id: str | None = Field(default=None, sa_type=String)
    checklist_message_id: str | None = Field(default=None, sa_type=String)
    checklist_severity: str | None = Field(default=None, sa_type=String)
    checklist_type: str = Field(default="", sa_type=String)
    approval_channel_id: str | None = Field(default=None, sa_type=String)
    approval_message_id: str | None = Field(default=None, sa_type=String)
    activated_plans: list[str] = Field(sa_type=JSON)
    phase_before_deactivation: str | None = Field(default=None, sa_type=String)
    deactivation_requested_by: str | None = Field(default=None, sa_type=String)
    plan_version: str | None = Field(default=None, sa_type=String)
    deactivation_round: int = Field(default=0)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    invited: list[str] = Field(sa_type=JSON)
    incident_type: str | None = Field(default=None, sa_type=String)
    duplicate_of: str | None = Field(default=None, sa_type=String)
    reporter_display: str | None = Field(default=None, sa_type=Text)
    sla_started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    eta: datetime | None = Field(default=None, sa_type=UTCDateTime)
    eta_set_by: str | None = Field(default=None, sa_type=String)
    eta_set_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    status_due: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_status_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    exercise: bool = Field(default=False, sa_type=Boolean)
    exercise_participants: list[str] | None = Field(default=None, sa_type=JSON)
    exercise_page_all: bool = Field(default=False, sa_type=Boolean)


class IncidentCounterRow(Row, table=True):
    """The last incident number handed out per year (gapless: taken in the storing transaction)."""

    __tablename__ = "incident_counter"

    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    last: int


class SeverityChangeRow(Row, table=True):
    __tablename__ = "severity_change"

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = _fk("incident.id")
    from_severity: str | None = Field(default=None, sa_type=String)
    to_severity: str = Field(sa_type=String)
    reason: str = Field(sa_type=Text)
    changed_by: str = Field(sa_type=String)
    changed_at: datetime = Field(sa_type=UTCDateTime)


class ChecklistItemRow(Row, table=True):
    __tablename__ = "checklist_item"

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = _fk("incident.id")
    severity: str = Field(sa_type=String)
    position: int
    text: str = Field(sa_type=Text)
    done_by: str | None = Field(default=None, sa_type=String)
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    incident_type: str = Field(default="", sa_type=String)


class ApprovalRow(Row, table=True):
    __tablename__ = "approval"
    __table_args__ = (
        Index("ix_approval_incident_id_round", "incident_id", "round"),
        UniqueConstraint("incident_id", "round", "role", name="uq_approval_incident_id_round_role"),
    )

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(sa_type=Integer, foreign_key="incident.id")
    round: int
    role: str = Field(sa_type=String)
    decided_by: str = Field(sa_type=String)
    decision: str = Field(sa_type=String)
    reason: str = Field(sa_type=Text)
    decided_at: datetime = Field(sa_type=UTCDateTime)


class LogbookEntryRow(Row, table=True):
    """An entry as it was first written: never updated (but for its permalink); revisions follow it."""

    __tablename__ = "logbook_entry"
    __table_args__ = (
        UniqueConstraint("incident_id", "sequence"),
        UniqueConstraint("message_channel", "message_id"),
        Index("ix_logbook_entry_incident_id_link", "incident_id", "link", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(sa_type=Integer, foreign_key="incident.id")
    sequence: int
    recorded_at: datetime = Field(sa_type=UTCDateTime)
    author_id: str = Field(sa_type=String)
    source: str = Field(sa_type=String)
    text: str = Field(sa_type=Text)
    message_channel: str | None = Field(default=None, sa_type=String)
    message_id: str | None = Field(default=None, sa_type=String)
    permalink: str | None = Field(default=None, sa_type=Text)
    deleted: bool = Field(default=False)
    incident_type: str = Field(default="", sa_type=String)
    summary: str = Field(default="", sa_type=Text)
    team: str = Field(default="", sa_type=String)
    activities: list[str] = Field(default_factory=list, sa_type=JSON)
    impact: str = Field(default="", sa_type=Text)
    duration: str = Field(default="", sa_type=Text)
    resources: str = Field(default="", sa_type=Text)
    link: int | None = Field(default=None)
    """Place in the incident's hash chain; nullable in the schema only (migration 0002), always written."""
    previous_hash: str | None = Field(default=None, sa_type=String)
    hash: str | None = Field(default=None, sa_type=String)


class EntryRevisionRow(Row, table=True):
    """A change to an entry: ``text`` before it, ``after`` the entry's whole state after it."""

    __tablename__ = "entry_revision"
    __table_args__ = (UniqueConstraint("incident_id", "link"),)

    id: int | None = Field(default=None, primary_key=True)
    entry_id: int = _fk("logbook_entry.id")
    text: str = Field(sa_type=Text)
    kind: str = Field(sa_type=String)
    revised_at: datetime = Field(sa_type=UTCDateTime)
    incident_id: int = Field(sa_type=Integer, foreign_key="incident.id")
    revised_by: str = Field(default="", sa_type=String)
    after: dict[str, Any] = Field(sa_type=JSON)
    link: int
    previous_hash: str = Field(sa_type=String)
    hash: str = Field(sa_type=String)


class JobRow(Row, table=True):
    """The outbox: chat work written with the state change, delivered (and retried) after it."""

    __tablename__ = "job"
    __table_args__ = (Index("ix_job_done_at_not_before", "done_at", "not_before"),
                      Index("ix_job_lane_waiting", "lane", "id", postgresql_where=sql_text("done_at IS NULL"),
                            sqlite_where=sql_text("done_at IS NULL")))

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(sa_type=String)
    incident_id: int | None = Field(default=None, sa_type=Integer, foreign_key="incident.id", index=True)
    payload: dict[str, str] = Field(sa_type=JSON)
    not_before: datetime = Field(sa_type=UTCDateTime)
    attempts: int = Field(default=0)
    leased_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_error: str | None = Field(default=None, sa_type=Text)
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    dedupe_key: str | None = Field(default=None, sa_type=String, unique=True)
    lane: str | None = Field(default=None, sa_type=String, index=True)


class SeenEventRow(Row, table=True):
    """Platform events already handled (Slack and Mattermost redeliver)."""

    __tablename__ = "seen_event"

    platform: str = Field(sa_type=String, primary_key=True)
    event_id: str = Field(sa_type=String, primary_key=True)
    seen_at: datetime = Field(sa_type=UTCDateTime, index=True)


INCIDENT = table_of(IncidentRow)
INCIDENT_COUNTER = table_of(IncidentCounterRow)
SEVERITY_CHANGE = table_of(SeverityChangeRow)
CHECKLIST_ITEM = table_of(ChecklistItemRow)
APPROVAL = table_of(ApprovalRow)
LOGBOOK_ENTRY = table_of(LogbookEntryRow)
ENTRY_REVISION = table_of(EntryRevisionRow)
JOB = table_of(JobRow)
SEEN_EVENT = table_of(SeenEventRow)
TIMER = table_of(TimerRow)
PAGE = table_of(PageRow)
LOGBOOK_SEAL = table_of(LogbookSealRow)
REVIEW = table_of(ReviewRow)
REVIEW_ANSWER = table_of(ReviewAnswerRow)
REVIEW_SECTION = table_of(ReviewSectionRow)
FOLLOW_UP = table_of(FollowUpRow)
