"""Migration 0014 (exercises) goes down to 0013 and up again on a database with incidents, their logbooks and
their checklists in it: the rows stay, the drill's columns go and come back (SQLite and PostgreSQL)."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect
from sqlalchemy import text

from bot.domain.logbook import EntrySource
from bot.domain.logbook import LogbookEntry
from storage.engine import make_engine
from storage.migrate import current
from storage.migrate import head
from storage.migrate import make_config
from storage.migrate import upgrade
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.storage.builders import T0
from tests.storage.builders import new_incident

EXERCISE_COLUMNS = {"exercise", "exercise_participants", "exercise_page_all"}


def _stored(url: str) -> None:
    factory = SqlUnitOfWorkFactory(make_engine(url))
    try:
        with factory() as uow:
            drill = uow.incidents.add(new_incident(1, exercise=True, exercise_participants=frozenset({"U0DRIES"})))
            uow.incidents.add(new_incident(2))
            assert drill.id is not None
            uow.logbook.add(LogbookEntry(drill.id, 1, T0, "U0DRIES", EntrySource.TAG, "Restarted the file server"))
            uow.commit()
    finally:
        factory.dispose()


def _columns_and_numbers(url: str) -> tuple[set[str], list[str]]:
    engine = make_engine(url)
    try:
        columns = {column["name"] for column in inspect(engine).get_columns("incident")}
        with engine.connect() as connection:
            numbers = list(connection.execute(text("SELECT number FROM incident ORDER BY number")).scalars())
        return columns, numbers
    finally:
        engine.dispose()


def test_the_exercises_migration_goes_down_and_up_again_with_incidents_stored(database_url: str) -> None:
    upgrade(database_url)
    _stored(database_url)
    _, numbers = _columns_and_numbers(database_url)
    command.downgrade(make_config(database_url), "0013")
    assert current(database_url) == "0013"
    columns, kept = _columns_and_numbers(database_url)
    assert not columns & EXERCISE_COLUMNS and kept == numbers and len(kept) == 2
    upgrade(database_url)
    assert current(database_url) == head()
    columns, kept = _columns_and_numbers(database_url)
    assert columns >= EXERCISE_COLUMNS and kept == numbers
    factory = SqlUnitOfWorkFactory(make_engine(database_url))
    try:
        with factory(read_only=True) as uow:
            assert [i.exercise for i in (uow.incidents.by_number(n) for n in kept) if i] == [False, False]
    finally:
        factory.dispose()
