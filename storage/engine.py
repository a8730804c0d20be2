"""Engines for the two supported databases: SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine
from sqlalchemy import create_engine
from sqlalchemy import event
from sqlalchemy.engine import URL
from sqlalchemy.engine import Connection
from sqlalchemy.engine import make_url
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.pool import StaticPool

from storage.sqlite_gate import WriterGate
from storage.sqlite_gate import begin_writing

DEFAULT_URL = "sqlite:///sirene.db"
SQLITE_BUSY_TIMEOUT_MS = 10_000
POSTGRES_CONNECT_TIMEOUT_S = 10


READ_ONLY = "sirene_read_only"
"""Execution option of the engine a read-only unit of work uses (SQLite: a deferred BEGIN)."""

def normalize_url(url: str) -> URL:
    """Parse ``url``; ``postgres://`` and ``postgresql://`` get the psycopg (v3) driver."""
    parsed = make_url(url)
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def make_engine(url: str = DEFAULT_URL, **kwargs: Any) -> Engine:
    """An engine for ``url``; extra keyword arguments go to :func:`sqlalchemy.create_engine`."""
    parsed = normalize_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, **kwargs)
    if parsed.get_backend_name() == "postgresql":
        connect_args = {"connect_timeout": POSTGRES_CONNECT_TIMEOUT_S} | kwargs.pop("connect_args", {})
        return create_engine(parsed, pool_pre_ping=True, connect_args=connect_args, **kwargs)
    return create_engine(parsed, pool_pre_ping=True, **kwargs)


def _sqlite_engine(url: URL, **kwargs: Any) -> Engine:
    memory = url.database in (None, "", ":memory:")
    gate = WriterGate(SQLITE_BUSY_TIMEOUT_MS / 1000)
    connect_args: dict[str, Any] = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "factory": gate.connection_class()}
    if memory:
        # One shared connection, or every checkout would see its own empty database.
        connect_args["check_same_thread"] = False
        kwargs.setdefault("poolclass", StaticPool)
    connect_args |= kwargs.pop("connect_args", {})
    engine = create_engine(url, pool_pre_ping=True, connect_args=connect_args, **kwargs)
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    # Take transaction control away from the sqlite3 module (it would emit a deferred BEGIN
    # only before DML, and none before SELECT or SAVEPOINT): SQLAlchemy's "begin" event below
    # emits our own BEGIN IMMEDIATE instead.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def _sqlite_on_begin(connection: Connection) -> None:
    # IMMEDIATE takes the write lock up front: two writers queue on busy_timeout instead of
    # both reading (say) the same counter and one failing to upgrade its lock at commit.
    # A read-only unit of work begins DEFERRED: in WAL mode it reads a snapshot without waiting.
    if connection.get_execution_options().get(READ_ONLY):
        connection.exec_driver_sql("BEGIN")
    else:
        dbapi_connection = connection.connection.dbapi_connection
        begin_writing(dbapi_connection)
