"""Scenario plans: the incident type a checklist step comes from, and the type the posted checklist shows.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("checklist_item") as batch:
        batch.add_column(sa.Column("incident_type", sa.String(), nullable=False, server_default=""))
    with op.batch_alter_table("incident") as batch:
        batch.add_column(sa.Column("checklist_type", sa.String(), nullable=False, server_default=""))


def downgrade() -> None:
    # Plain DROP COLUMNs (SQLite >= 3.35, PostgreSQL): a batch copy drops the table, which the foreign keys of the
    # logbook, pages, timers… forbid on SQLite once an incident is stored. An older SQLite copies (empty only).
    for table, name in (("incident", "checklist_type"), ("checklist_item", "incident_type")):
        if _sqlite_without_drop_column():
            with op.batch_alter_table(table) as batch:
                batch.drop_column(name)
        else:
            op.drop_column(table, name)


def _sqlite_without_drop_column() -> bool:
    dialect = op.get_bind().dialect
    return dialect.name == "sqlite" and (dialect.server_version_info or (0,)) < (3, 35)
