from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column
from sqlalchemy import Engine
from sqlalchemy import Integer
from sqlalchemy import MetaData
from sqlalchemy import inspect

from storage.__main__ import main
from storage.engine import make_engine
from storage.migrate import current
from storage.migrate import head
from storage.migrate import upgrade
from storage.tables import metadata


def _differences(url: str, target: MetaData) -> list[Any]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return list(compare_metadata(context, target))
    finally:
        engine.dispose()


def test_migrations_build_exactly_the_tables_of_the_models(database_url: str) -> None:
    assert current(database_url) is None
    upgrade(database_url)
    assert current(database_url) == head()
    assert _differences(database_url, metadata) == []


def test_the_comparison_would_notice_a_difference(migrated_url: str) -> None:
    changed = MetaData(naming_convention=metadata.naming_convention)
    for table in metadata.sorted_tables:
        table.to_metadata(changed)
    changed.tables["job"].append_column(Column("priority", Integer, nullable=False))
    assert [diff[0] for diff in _differences(migrated_url, changed)] == ["add_column"]


def test_upgrading_twice_changes_nothing(migrated_url: str) -> None:
    upgrade(migrated_url)
    assert current(migrated_url) == head()
    engine = make_engine(migrated_url)
    try:
        names = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert names == set(metadata.tables) | {"alembic_version"}


def test_an_in_memory_sqlite_database_is_migrated_through_its_engine() -> None:
    engine = make_engine("sqlite://")
    try:
        upgrade(engine)
        with engine.connect() as connection:
            assert MigrationContext.configure(connection).get_current_revision() == head()
        assert _differences_on(engine) == []
    finally:
        engine.dispose()


def _differences_on(engine: Engine) -> list[Any]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, metadata))


def test_the_command_line_migrates_and_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert main(["--url", url, "current"]) == 0
    assert main(["--url", url, "upgrade"]) == 0
    assert main(["--url", url, "current"]) == 0
    assert capsys.readouterr().out.split() == ["(empty)", head()]
