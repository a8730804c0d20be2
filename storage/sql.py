"""Small SQL helpers shared by the repositories."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session
from sqlmodel.sql.expression import SelectOfScalar

T = TypeVar("T")


def dialect_insert(session: Session, table: Table) -> postgresql.Insert | sqlite.Insert:
    """An INSERT that knows ``ON CONFLICT`` (same syntax on PostgreSQL and SQLite ≥ 3.35)."""
    name = session.get_bind().dialect.name
    if name == "postgresql":
        return postgresql.insert(table)
    if name == "sqlite":
        return sqlite.insert(table)
    raise ValueError(f"unsupported database: {name}")


def fresh(statement: SelectOfScalar[T]) -> SelectOfScalar[T]:
    """Read rows from the database even if the session holds older copies of them.

    Repositories write with Core statements (UPDATE ... WHERE version = ...), which do not touch
    the ORM objects a session already loaded; ``populate_existing`` refreshes those on read.
    """
    return statement.execution_options(populate_existing=True)


def is_postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"
