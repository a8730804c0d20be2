"""Tables of the Mattermost part: how far a platform's event stream has been read.

On the shared ``Row`` (:mod:`storage.base`) and imported by :mod:`storage.tables`, so the table belongs to
the same metadata as the others and the migrations check covers it.
"""

from __future__ import annotations

from sqlalchemy import BigInteger
from sqlalchemy import String
from sqlmodel import Field

from storage.base import Row
from storage.base import table_of


class PlatformCursorRow(Row, table=True):
    """One cursor per platform and stream (``mattermost`` / ``websocket``): the platform's own time."""

    __tablename__ = "platform_cursor"

    platform: str = Field(sa_type=String, primary_key=True)
    name: str = Field(sa_type=String, primary_key=True)
    value: int = Field(sa_type=BigInteger)


PLATFORM_CURSOR = table_of(PlatformCursorRow)
