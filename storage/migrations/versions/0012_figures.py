"""Figures for managers: incidents are read by the period in which they were reported.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_incident_reported_at", "incident", ["reported_at"])


def downgrade() -> None:
    op.drop_index("ix_incident_reported_at", table_name="incident")
