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
    with op.batch_alter_table("incident") as batch:
        batch.drop_column("checklist_type")
    with op.batch_alter_table("checklist_item") as batch:
        batch.drop_column("incident_type")
