"""E-mails and text messages sent (paging outside the chat, issue #16).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sent_message",
        sa.Column("message_id", sa.String(), nullable=False),
        sa.Column("medium", sa.String(), nullable=False),
        sa.Column("recipient", sa.String(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("link", sa.Text(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.Column("page_id", sa.Integer(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("message_id", name=op.f("pk_sent_message")),
    )
    op.create_index(op.f("ix_sent_message_incident_id"), "sent_message", ["incident_id"], unique=False)
    op.create_index(op.f("ix_sent_message_sent_at"), "sent_message", ["sent_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_sent_message_sent_at"), table_name="sent_message")
    op.drop_index(op.f("ix_sent_message_incident_id"), table_name="sent_message")
    op.drop_table("sent_message")
