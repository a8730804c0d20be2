"""Tables of the Post Incident Review, its follow-up actions and the logbook's seal (issue #4).

Imported by :mod:`storage.tables` (one ``MetaData`` for the whole schema).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from storage.base import Row
from storage.types import UTCDateTime


class LogbookSealRow(Row, table=True):
    """The end of an incident's logbook chain: how many links, and the last hash."""

    __tablename__ = "logbook_seal"

    incident_id: int = Field(sa_type=Integer, foreign_key="incident.id", primary_key=True,
                             sa_column_kwargs={"autoincrement": False})
    links: int
    head: str = Field(sa_type=String)


class ReviewRow(Row, table=True):
    """An incident's Post Incident Review: when it started, its messages, when it was completed."""

    __tablename__ = "review"

    incident_id: int = Field(sa_type=Integer, foreign_key="incident.id", primary_key=True,
                             sa_column_kwargs={"autoincrement": False})
    version: int = Field(default=0)
    opened_at: datetime = Field(sa_type=UTCDateTime)
    completed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    completed_by: str | None = Field(default=None, sa_type=String)
    message_channel_id: str | None = Field(default=None, sa_type=String)
    message_id: str | None = Field(default=None, sa_type=String)
    invitation_channel_id: str | None = Field(default=None, sa_type=String)
    invitation_message_id: str | None = Field(default=None, sa_type=String)


class ReviewSectionRow(Row, table=True):
    """A section saved at least once: by whom and when, last."""

    __tablename__ = "review_section"

    incident_id: int = Field(sa_type=Integer, foreign_key="incident.id", primary_key=True,
                             sa_column_kwargs={"autoincrement": False})
    section: str = Field(sa_type=String, primary_key=True)
    saved_by: str = Field(sa_type=String)
    saved_at: datetime = Field(sa_type=UTCDateTime)


class ReviewAnswerRow(Row, table=True):
    """The current answer to one question; saving again replaces it (whoever saves last)."""

    __tablename__ = "review_answer"
    __table_args__ = (UniqueConstraint("incident_id", "section", "question"),)

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(sa_type=Integer, foreign_key="incident.id", index=True)
    section: str = Field(sa_type=String)
    question: str = Field(sa_type=String)
    value: str = Field(sa_type=Text)
    answered_by: str = Field(sa_type=String)
    answered_at: datetime = Field(sa_type=UTCDateTime)


class FollowUpRow(Row, table=True):
    """A follow-up action from the review ("how to avoid recurrence, and who acts")."""

    __tablename__ = "follow_up"

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(sa_type=Integer, foreign_key="incident.id", index=True)
    text: str = Field(sa_type=Text)
    owner_id: str = Field(sa_type=String)
    due_at: datetime = Field(sa_type=UTCDateTime)
    created_by: str = Field(sa_type=String)
    created_at: datetime = Field(sa_type=UTCDateTime)
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    done_by: str | None = Field(default=None, sa_type=String)
    reminders: int = Field(default=0)
