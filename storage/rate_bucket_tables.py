"""The intake's rate buckets per source, shared by every Sirene process on one database (see
:mod:`storage.rate_buckets`). Imported by :mod:`storage.tables`, so the table belongs to the same metadata."""

from __future__ import annotations

from sqlalchemy import Float
from sqlalchemy import Integer
from sqlalchemy import String
from sqlmodel import Field

from storage.base import Row
from storage.base import table_of


class RateBucketRow(Row, table=True):
    """One row per source: the requests it may still send at once, changed only by a conditional update on
    ``version`` (two processes never spend the same token)."""

    __tablename__ = "rate_bucket"

    source: str = Field(sa_type=String, primary_key=True)
    tokens: float = Field(sa_type=Float)
    counted_at: float = Field(sa_type=Float)
    """Seconds since the epoch."""
    version: int = Field(default=0, sa_type=Integer)


RATE_BUCKET = table_of(RateBucketRow)
