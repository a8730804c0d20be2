"""The reliability suite runs in the same worlds as the end-to-end tests (fake platforms, a real Sirene:
``tests/conftest.py`` shares them); the outages also need a PostgreSQL database they may cut off."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine
from sqlalchemy import text

from tests.storage.fixtures import _server_url


@pytest.fixture
def postgres_database() -> Iterator[tuple[str, str]]:
    server = _server_url()
    try:
        admin = create_engine(server, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:
        pytest.skip(f"PostgreSQL not reachable at {server}: {error}")
    name = f"sirene_outage_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.rsplit("/", 1)[0] + f"/{name}", name
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
            connection.execute(text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"))
            connection.execute(text(f'DROP DATABASE "{name}"'))
        admin.dispose()
