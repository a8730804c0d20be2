"""Report storms (#14): posting slots per conversation, shared by every Sirene process on one database; the
incident a report joined as a duplicate.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("incident") as batch:
        batch.add_column(sa.Column("duplicate_of", sa.String(), nullable=True))
    op.create_table(
        "post_slot",
        sa.Column("conversation", sa.String(), nullable=False),
        sa.Column("slots", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("conversation", name="pk_post_slot"),
    )


def downgrade() -> None:
    op.drop_table("post_slot")
    with op.batch_alter_table("incident") as batch:
        batch.drop_column("duplicate_of")
