"""The legal notifications (NIS2, GDPR, DORA): regimes marked on incidents and steps submitted; and the
communications to the audiences of the communication plan.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _moment(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def _text(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.String(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "regulatory_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        _text("regime"),
        sa.Column("version", sa.Integer(), nullable=False),
        _text("decided_by"),
        _moment("decided_at"),
        _moment("aware_at"),
        sa.Column("high_risk", sa.Boolean(), nullable=False),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.Column("effects", sa.Text(), nullable=False),
        sa.Column("remedy", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"], name="fk_regulatory_case_incident_id_incident"),
        sa.PrimaryKeyConstraint("id", name="pk_regulatory_case"),
        sa.UniqueConstraint("incident_id", "regime", name="uq_regulatory_case_incident_id_regime"),
    )
    op.create_index("ix_regulatory_case_incident_id", "regulatory_case", ["incident_id"])
    op.create_table(
        "regulatory_submission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        _text("step"),
        _moment("submitted_at"),
        sa.Column("reference", sa.Text(), nullable=False),
        _text("recorded_by"),
        _moment("recorded_at"),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"],
                                name="fk_regulatory_submission_incident_id_incident"),
        sa.PrimaryKeyConstraint("id", name="pk_regulatory_submission"),
        sa.UniqueConstraint("incident_id", "step", name="uq_regulatory_submission_incident_id_step"),
    )
    op.create_index("ix_regulatory_submission_incident_id", "regulatory_submission", ["incident_id"])
    op.create_table(
        "communication",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        _text("audience"),
        _text("method"),
        _text("by"),
        _moment("at"),
        sa.Column("recipients", sa.Text(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"], name="fk_communication_incident_id_incident"),
        sa.PrimaryKeyConstraint("id", name="pk_communication"),
    )
    op.create_index("ix_communication_incident_id", "communication", ["incident_id"])


def downgrade() -> None:
    op.drop_table("communication")
    op.drop_table("regulatory_submission")
    op.drop_table("regulatory_case")
