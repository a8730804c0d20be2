"""Names, not ids: the reporter's display name as their chat platform gives it, found again by reporter.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("incident") as batch:
        batch.add_column(sa.Column("reporter_display", sa.Text(), nullable=True))
    op.create_index("ix_incident_platform_reporter_id", "incident", ["platform", "reporter_id"])


def downgrade() -> None:
    op.drop_index("ix_incident_platform_reporter_id", table_name="incident")
    with op.batch_alter_table("incident") as batch:
        batch.drop_column("reporter_display")
