"""Persistence for Sirene: SQLModel tables, repositories behind the core's Protocols, migrations.

Typical wiring (the composition root)::

    from storage import open_storage

    uow = open_storage(settings.database_url)  # migrates, then returns a UnitOfWorkFactory
"""

from __future__ import annotations

from storage.engine import DEFAULT_URL, make_engine
from storage.migrate import upgrade
from storage.unit_of_work import SqlUnitOfWork, SqlUnitOfWorkFactory

__all__ = ["DEFAULT_URL", "SqlUnitOfWork", "SqlUnitOfWorkFactory", "make_engine", "open_storage", "upgrade"]


def open_storage(url: str = DEFAULT_URL, migrate: bool = True) -> SqlUnitOfWorkFactory:
    """Bring the schema up to date (unless ``migrate`` is false) and return a unit-of-work factory."""
    if migrate:
        upgrade(url)
    return SqlUnitOfWorkFactory(make_engine(url))
