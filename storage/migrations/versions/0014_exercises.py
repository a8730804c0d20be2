"""Exercises (drills): an incident marked as one, who takes part, and whether it may reach everyone.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMNs (no batch copy of the table on SQLite: other tables' foreign keys point to it).
    op.add_column("incident", sa.Column("exercise", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("incident", sa.Column("exercise_participants", sa.JSON(), nullable=True))
    op.add_column("incident", sa.Column("exercise_page_all", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    # Plain DROP COLUMNs too (SQLite >= 3.35, PostgreSQL): a batch copy drops the table, which the foreign keys of
    # the logbook, pages, timers… forbid on SQLite once an incident is stored. An older SQLite copies (empty only).
    columns = ("exercise_page_all", "exercise_participants", "exercise")
    if _sqlite_without_drop_column():
        with op.batch_alter_table("incident") as batch:
            for name in columns:
                batch.drop_column(name)
        return
    for name in columns:
        op.drop_column("incident", name)


def _sqlite_without_drop_column() -> bool:
    dialect = op.get_bind().dialect
    return dialect.name == "sqlite" and (dialect.server_version_info or (0,)) < (3, 35)
