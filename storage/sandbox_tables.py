"""The local sandbox's own chat: channels, members, messages, reactions, files, open forms, languages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlalchemy import Boolean
from sqlalchemy import Index
from sqlalchemy import Integer
from sqlalchemy import LargeBinary
from sqlalchemy import String
from sqlalchemy import Text
from sqlmodel import Field

from storage.base import Row
from storage.base import table_of
from storage.types import UTCDateTime


class SandboxChannelRow(Row, table=True):
    __tablename__ = "sandbox_channel"

    id: str = Field(sa_type=String, primary_key=True)
    name: str = Field(sa_type=String, unique=True)
    kind: str = Field(sa_type=String)
    topic: str = Field(default="", sa_type=Text)
    archived: bool = Field(default=False, sa_type=Boolean)
    created_at: datetime = Field(sa_type=UTCDateTime)


class SandboxMemberRow(Row, table=True):
    __tablename__ = "sandbox_member"

    channel_id: str = Field(sa_type=String, primary_key=True, foreign_key="sandbox_channel.id")
    user_id: str = Field(sa_type=String, primary_key=True)


class SandboxFileRow(Row, table=True):
    __tablename__ = "sandbox_file"

    id: int | None = Field(default=None, primary_key=True)
    channel_id: str = Field(sa_type=String, foreign_key="sandbox_channel.id")
    filename: str = Field(sa_type=String)
    title: str = Field(sa_type=Text)
    content: bytes = Field(sa_type=LargeBinary)
    uploaded_at: datetime = Field(sa_type=UTCDateTime)


class SandboxMessageRow(Row, table=True):
    __tablename__ = "sandbox_message"
    __table_args__ = (Index("ix_sandbox_message_channel_id_id", "channel_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    channel_id: str = Field(sa_type=String, foreign_key="sandbox_channel.id")
    thread_id: str | None = Field(default=None, sa_type=String)
    author_id: str = Field(sa_type=String)
    text: str = Field(sa_type=Text)
    spec: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    visible_to: str | None = Field(default=None, sa_type=String)
    client_key: str | None = Field(default=None, sa_type=String, unique=True)
    posted_at: datetime = Field(sa_type=UTCDateTime)
    edited: bool = Field(default=False, sa_type=Boolean)
    deleted: bool = Field(default=False, sa_type=Boolean)
    pinned: bool = Field(default=False, sa_type=Boolean)
    file_id: int | None = Field(default=None, sa_type=Integer, foreign_key="sandbox_file.id")


class SandboxReactionRow(Row, table=True):
    __tablename__ = "sandbox_reaction"

    message_id: int = Field(sa_type=Integer, primary_key=True, foreign_key="sandbox_message.id",
                            sa_column_kwargs={"autoincrement": False})
    name: str = Field(sa_type=String, primary_key=True)
    user_id: str = Field(sa_type=String, primary_key=True)


class SandboxFormRow(Row, table=True):
    __tablename__ = "sandbox_form"

    id: int | None = Field(default=None, primary_key=True)
    user_id: str = Field(sa_type=String)
    channel_id: str | None = Field(default=None, sa_type=String)
    spec: dict[str, Any] = Field(sa_type=JSON)
    opened_at: datetime = Field(sa_type=UTCDateTime)
    closed: bool = Field(default=False, sa_type=Boolean)


class SandboxUserRow(Row, table=True):
    __tablename__ = "sandbox_user"

    user_id: str = Field(sa_type=String, primary_key=True)
    language: str | None = Field(default=None, sa_type=String)


SANDBOX_MEMBER = table_of(SandboxMemberRow)
SANDBOX_REACTION = table_of(SandboxReactionRow)
SANDBOX_USER = table_of(SandboxUserRow)
