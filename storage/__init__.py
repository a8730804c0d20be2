"""Persistence for Sirene: SQLModel tables, repositories behind the core's Protocols, migrations.

The composition root brings the schema up to date (``upgrade``) and builds a ``SqlUnitOfWorkFactory`` on
``make_engine(url)``.
"""

from __future__ import annotations

from storage.engine import DEFAULT_URL
from storage.engine import make_engine
from storage.migrate import upgrade
from storage.unit_of_work import SqlUnitOfWork
from storage.unit_of_work import SqlUnitOfWorkFactory

__all__ = ["DEFAULT_URL", "SqlUnitOfWork", "SqlUnitOfWorkFactory", "make_engine", "upgrade"]

