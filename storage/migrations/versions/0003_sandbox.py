"""The local sandbox's chat: channels, members, messages, reactions, files, open forms, languages.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _moment(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def _text(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.String(), nullable=nullable)


def _channel_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["channel_id"], ["sandbox_channel.id"],
                                   name=f"fk_{table}_channel_id_sandbox_channel")


def upgrade() -> None:
    op.create_table(
        "sandbox_channel",
        _text("id"),
        _text("name"),
        _text("kind"),
        sa.Column("topic", sa.Text(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        _moment("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_sandbox_channel"),
        sa.UniqueConstraint("name", name="uq_sandbox_channel_name"),
    )
    op.create_table(
        "sandbox_member",
        _text("channel_id"),
        _text("user_id"),
        _channel_fk("sandbox_member"),
        sa.PrimaryKeyConstraint("channel_id", "user_id", name="pk_sandbox_member"),
    )
    op.create_table(
        "sandbox_file",
        sa.Column("id", sa.Integer(), nullable=False),
        _text("channel_id"),
        _text("filename"),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        _moment("uploaded_at"),
        _channel_fk("sandbox_file"),
        sa.PrimaryKeyConstraint("id", name="pk_sandbox_file"),
    )
    op.create_table(
        "sandbox_message",
        sa.Column("id", sa.Integer(), nullable=False),
        _text("channel_id"),
        _text("thread_id", nullable=True),
        _text("author_id"),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("spec", sa.JSON(), nullable=True),
        _text("visible_to", nullable=True),
        _text("client_key", nullable=True),
        _moment("posted_at"),
        sa.Column("edited", sa.Boolean(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("pinned", sa.Boolean(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=True),
        _channel_fk("sandbox_message"),
        sa.ForeignKeyConstraint(["file_id"], ["sandbox_file.id"], name="fk_sandbox_message_file_id_sandbox_file"),
        sa.PrimaryKeyConstraint("id", name="pk_sandbox_message"),
        sa.UniqueConstraint("client_key", name="uq_sandbox_message_client_key"),
    )
    op.create_index("ix_sandbox_message_channel_id_id", "sandbox_message", ["channel_id", "id"])
    op.create_table(
        "sandbox_reaction",
        sa.Column("message_id", sa.Integer(), autoincrement=False, nullable=False),
        _text("name"),
        _text("user_id"),
        sa.ForeignKeyConstraint(["message_id"], ["sandbox_message.id"],
                                name="fk_sandbox_reaction_message_id_sandbox_message"),
        sa.PrimaryKeyConstraint("message_id", "name", "user_id", name="pk_sandbox_reaction"),
    )
    op.create_table(
        "sandbox_form",
        sa.Column("id", sa.Integer(), nullable=False),
        _text("user_id"),
        _text("channel_id", nullable=True),
        sa.Column("spec", sa.JSON(), nullable=False),
        _moment("opened_at"),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sandbox_form"),
    )
    op.create_table(
        "sandbox_user",
        _text("user_id"),
        _text("language", nullable=True),
        sa.PrimaryKeyConstraint("user_id", name="pk_sandbox_user"),
    )


def downgrade() -> None:
    op.drop_table("sandbox_user")
    op.drop_table("sandbox_form")
    op.drop_table("sandbox_reaction")
    op.drop_index("ix_sandbox_message_channel_id_id", table_name="sandbox_message")
    op.drop_table("sandbox_message")
    op.drop_table("sandbox_file")
    op.drop_table("sandbox_member")
    op.drop_table("sandbox_channel")
