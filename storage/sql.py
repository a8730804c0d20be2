"""Small SQL helpers shared by the repositories."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from typing import TypeVar

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects import sqlite
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


_IGNORING: dict[tuple[str, str, tuple[str, ...], tuple[str, ...]], Any] = {}


def insert_ignoring(session: Session, table: Table, conflict: Sequence[str], returning: Sequence[str] = ()) -> Any:
    """``INSERT … ON CONFLICT (conflict) DO NOTHING [RETURNING …]``, built once per dialect and table.

    Execute it with the row's values as parameters (``session.connection().execute(statement, values)``):
    the compiled form is then reused, where ``.values(...)`` would build and compile a new statement
    each time (hot paths: tagged messages, jobs, seen events)."""
    dialect = session.get_bind().dialect.name
    key = (dialect, table.name, tuple(conflict), tuple(returning))
    statement = _IGNORING.get(key)
    if statement is None:
        built: Any = dialect_insert(session, table).on_conflict_do_nothing(
            index_elements=[table.c[c] for c in conflict])
        if returning:
            built = built.returning(*(table.c[c] for c in returning))
        statement = _IGNORING[key] = built
    return statement


def fresh(statement: SelectOfScalar[T]) -> SelectOfScalar[T]:
    """Read rows from the database even if the session holds older copies of them.

    Repositories write with Core statements (UPDATE ... WHERE version = ...), which do not touch
    the ORM objects a session already loaded; ``populate_existing`` refreshes those on read.
    """
    return statement.execution_options(populate_existing=True)


def is_postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"
