"""Reports from outside the chat (plan sources): what is kept next to the incident each opened.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "external_report",
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("status_key", sa.String(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("dedup_key", sa.String(), nullable=True),
        sa.Column("reporter_email", sa.Text(), nullable=False),
        sa.Column("reporter_organisation", sa.Text(), nullable=False),
        sa.Column("labels", sa.JSON(), nullable=False),
        sa.Column("language", sa.String(), nullable=False),
        sa.Column("signals", sa.Integer(), nullable=False),
        sa.Column("resolved_at_source", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"], name="fk_external_report_incident_id_incident"),
        sa.PrimaryKeyConstraint("incident_id", name="pk_external_report"),
        sa.UniqueConstraint("status_key", name="uq_external_report_status_key"),
    )
    op.create_index("ix_external_report_source_dedup_key", "external_report", ["source", "dedup_key"])


def downgrade() -> None:
    op.drop_index("ix_external_report_source_dedup_key", table_name="external_report")
    op.drop_table("external_report")
