"""The metadata and base class shared by every table module (:mod:`storage.tables` and its parts).

The tables live in their own ``MetaData`` (with a naming convention, so migrations name every
constraint the same way on SQLite and PostgreSQL) and never mix with other SQLModel tables of the process.
"""

from __future__ import annotations

from sqlalchemy import MetaData
from sqlalchemy import Table
from sqlalchemy.orm import registry
from sqlmodel import SQLModel

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Row(SQLModel, registry=registry(metadata=metadata)):
    """Base of Sirene's tables (abstract: binds them to :data:`metadata`)."""


def table_of(model: type[Row]) -> Table:
    """The Core ``Table`` of a row class (for INSERT/UPDATE statements)."""
    table = model.__dict__["__table__"]
    assert isinstance(table, Table)
    return table
