from __future__ import annotations

import socket
import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.engine import make_engine
from storage.engine import normalize_url
from storage.unit_of_work import SqlUnitOfWorkFactory


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@db:5432/sirene", "postgresql+psycopg://u:p@db:5432/sirene"),
        ("postgresql://u@db/sirene?sslmode=require", "postgresql+psycopg://u@db/sirene?sslmode=require"),
        ("postgresql+psycopg://u@db/sirene", "postgresql+psycopg://u@db/sirene"),
        ("sqlite:///sirene.db", "sqlite:///sirene.db"),
    ],
)
def test_postgres_urls_get_the_psycopg_driver(given: str, expected: str) -> None:
    assert normalize_url(given).render_as_string(hide_password=False) == expected


def test_sqlite_connections_are_set_up_for_concurrent_writers(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        with engine.connect() as connection:
            pragma = {
                name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "busy_timeout", "synchronous", "foreign_keys")
            }
    finally:
        engine.dispose()
    assert pragma == {"journal_mode": "wal", "busy_timeout": 10000, "synchronous": 2, "foreign_keys": 1}


def test_sqlite_transactions_take_the_write_lock_when_they_begin(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE t (n INTEGER)"))
        with engine.connect() as holder:
            holder.execute(text("SELECT count(*) FROM t")).scalar()  # only a read, yet it holds the lock
            other = sqlite3.connect(tmp_path / "x.db", timeout=0.2, isolation_level=None)
            try:
                started = time.monotonic()
                with pytest.raises(sqlite3.OperationalError, match="locked"):
                    other.execute("BEGIN IMMEDIATE")
                assert time.monotonic() - started >= 0.15  # it waited for the busy timeout
                holder.rollback()
                other.execute("BEGIN IMMEDIATE")  # free again
                other.execute("ROLLBACK")
            finally:
                other.close()
    finally:
        engine.dispose()


def test_foreign_keys_are_enforced_on_sqlite(sqlite_uow_factory: SqlUnitOfWorkFactory) -> None:
    with sqlite_uow_factory() as uow, pytest.raises(Exception, match="FOREIGN KEY"):
        uow.session.execute(
            text(
                "INSERT INTO job (kind, incident_id, payload, not_before, attempts)"
                " VALUES ('k', 42, '{}', '2026-01-01', 0)"
            )
        )


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:////nonexistent-dir/sub/sirene.db",
        f"postgresql://postgres@127.0.0.1:{_closed_port()}/postgres",
    ],
    ids=["sqlite", "postgresql"],
)
def test_healthy_is_false_when_the_database_is_unreachable(url: str) -> None:
    factory = SqlUnitOfWorkFactory(make_engine(url))
    try:
        assert factory.healthy() is False
    finally:
        factory.dispose()
