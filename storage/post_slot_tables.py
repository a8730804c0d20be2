"""Posting slots per conversation, shared by every Sirene process on one database (see :mod:`storage.post_slots`).

Imported by :mod:`storage.tables`, so the table belongs to the same metadata as the others and the
migrations check covers it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON
from sqlalchemy import Integer
from sqlalchemy import String
from sqlmodel import Field

from storage.base import Row
from storage.base import table_of


class PostSlotRow(Row, table=True):
    """One row per conversation: its latest and reserved slots, changed only by a conditional update on
    ``version`` (two processes never give the same slot twice)."""

    __tablename__ = "post_slot"

    conversation: str = Field(sa_type=String, primary_key=True)
    slots: list[Any] = Field(sa_type=JSON)
    """``[[moment, holder], …]``: seconds since the epoch at which the holder's post may go."""
    version: int = Field(default=0, sa_type=Integer)


POST_SLOT = table_of(PostSlotRow)
