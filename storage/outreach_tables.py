"""The e-mails and text messages Sirene sent (issue #16). Part of :mod:`storage.tables`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlmodel import Field

from storage.base import Row
from storage.types import UTCDateTime


class SentMessageRow(Row, table=True):
    """One e-mail or text message handed to the mail server or the SMS gateway."""

    __tablename__ = "sent_message"

    message_id: str = Field(sa_type=String, primary_key=True)
    medium: str = Field(sa_type=String)
    recipient: str = Field(sa_type=String)
    subject: str = Field(sa_type=Text)
    text: str = Field(sa_type=Text)
    html: str = Field(sa_type=Text)
    link: str = Field(sa_type=Text)
    incident_id: int | None = Field(default=None, sa_type=Integer, index=True)
    page_id: int | None = Field(default=None, sa_type=Integer)
    sent_at: datetime = Field(sa_type=UTCDateTime, index=True)
