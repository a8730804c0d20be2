"""Database fixtures, reusable by any test suite.

Registered for every suite by ``tests/conftest.py`` (``pytest_plugins``): a test just asks for them by name.

* ``backend`` — parametrized ``sqlite`` / ``postgresql``: every test using the fixtures
  below runs on both. The ``postgresql`` run is marked ``postgres`` and skipped, with the
  reason, when no server answers at ``SIRENE_TEST_POSTGRES_URL`` (default
  ``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``, trust auth).
* ``database_url`` — an empty, never-migrated database private to the test (SQLite file in
  ``tmp_path``; PostgreSQL ``sirene_test_<hex>``, created and dropped around the test).
* ``migrated_url`` — a database at the newest schema, with no rows: SQLite, a new migrated
  file; PostgreSQL, one database migrated per session (``postgres_migrated_url``) and
  emptied (DELETE) before each test. (Not the same database as ``database_url``.)
* ``uow_factory`` — a :class:`storage.unit_of_work.SqlUnitOfWorkFactory` on ``migrated_url``.
* ``sqlite_uow_factory`` — SQLite only, for core tests that need a real database but not two.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy import create_engine
from sqlalchemy import text
from sqlalchemy.engine import make_url

from storage.engine import make_engine
from storage.engine import normalize_url
from storage.migrate import upgrade
from storage.tables import metadata
from storage.unit_of_work import SqlUnitOfWorkFactory

POSTGRES_URL_ENV = "SIRENE_TEST_POSTGRES_URL"
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


def _server_url() -> str:
    return normalize_url(os.environ.get(POSTGRES_URL_ENV, DEFAULT_POSTGRES_URL)).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_server_url() -> str:
    """The PostgreSQL server's maintenance URL; skips (once, cached) when unreachable."""
    url = _server_url()
    engine = create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:
        shown = make_url(url).render_as_string(hide_password=True)
        pytest.skip(f"PostgreSQL not reachable at {shown}: {str(error).strip().splitlines()[0]}")
    finally:
        engine.dispose()
    return url


def _postgres_database(server_url: str) -> Iterator[str]:
    name = f"sirene_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """``"sqlite"`` or ``"postgresql"``: tests using the fixtures below run once on each."""
    return str(request.param)


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database, private to the test (on PostgreSQL a new database, dropped after)."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    yield from _postgres_database(request.getfixturevalue("postgres_server_url"))


@pytest.fixture(scope="session")
def postgres_migrated_url(postgres_server_url: str) -> Iterator[str]:
    """One migrated PostgreSQL database for the session (per xdist worker); tests empty it."""
    for url in _postgres_database(postgres_server_url):
        upgrade(url)
        yield url


@pytest.fixture
def migrated_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database at the newest schema with no rows (not the same one as ``database_url``).

    SQLite: a new file, migrated. PostgreSQL: the session's migrated database, emptied
    (creating and migrating a database per test costs ~0.3 s there).
    """
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'sirene.db'}"
        upgrade(url)
        return url
    url = str(request.getfixturevalue("postgres_migrated_url"))
    empty_all_tables(url)
    return url


def empty_all_tables(url: str) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            # DELETE beats TRUNCATE on a handful of rows (TRUNCATE syncs new files to disk).
            for table in reversed(metadata.sorted_tables):
                connection.execute(table.delete())
    finally:
        engine.dispose()


@pytest.fixture
def migrated_engine(migrated_url: str) -> Iterator[Engine]:
    """An engine on ``migrated_url``, for storage that works outside a unit of work (posting slots, rate
    buckets: short transactions of their own)."""
    engine = make_engine(migrated_url)
    yield engine
    engine.dispose()


@pytest.fixture
def uow_factory(migrated_url: str) -> Iterator[SqlUnitOfWorkFactory]:
    factory = SqlUnitOfWorkFactory(make_engine(migrated_url))
    yield factory
    factory.dispose()


@pytest.fixture
def sqlite_uow_factory(tmp_path: Path) -> Iterator[SqlUnitOfWorkFactory]:
    url = f"sqlite:///{tmp_path / 'sirene-sqlite-only.db'}"
    upgrade(url)
    factory = SqlUnitOfWorkFactory(make_engine(url))
    yield factory
    factory.dispose()
