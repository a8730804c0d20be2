"""The logbook's columns and hash chain, the Post Incident Review, follow-up actions (issue #4).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27

Logbook rows become append-only: an entry row keeps what was first written and each revision row
holds the entry's state after it. Logbooks written before this revision are converted (the entry
row gets its first text back) and sealed with a frozen copy of the chain recipe (version 1), so
``sirene logbook verify`` finds them intact.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS = "0" * 64
EMPTY_DETAILS = {"incident_type": "", "summary": "", "team": "", "activities": [], "impact": "", "duration": "",
                 "resources": ""}


def _moment(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _incident_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["incident_id"], ["incident.id"], name=f"fk_{table}_incident_id_incident")


def upgrade() -> None:
    op.add_column("incident", sa.Column("incident_type", sa.String(), nullable=True))
    text_default = {"nullable": False, "server_default": ""}
    with op.batch_alter_table("logbook_entry") as batch:
        batch.add_column(sa.Column("incident_type", sa.String(), **text_default))  # type: ignore[arg-type]
        batch.add_column(sa.Column("summary", sa.Text(), **text_default))  # type: ignore[arg-type]
        batch.add_column(sa.Column("team", sa.String(), **text_default))  # type: ignore[arg-type]
        batch.add_column(sa.Column("activities", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("impact", sa.Text(), **text_default))  # type: ignore[arg-type]
        batch.add_column(sa.Column("duration", sa.Text(), **text_default))  # type: ignore[arg-type]
        batch.add_column(sa.Column("resources", sa.Text(), **text_default))  # type: ignore[arg-type]
        batch.add_column(sa.Column("link", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("previous_hash", sa.String(), nullable=True))
        batch.add_column(sa.Column("hash", sa.String(), nullable=True))
    with op.batch_alter_table("entry_revision") as batch:
        batch.add_column(sa.Column("incident_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("revised_by", sa.String(), **text_default))  # type: ignore[arg-type]
        batch.add_column(sa.Column("after", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("link", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("previous_hash", sa.String(), nullable=True))
        batch.add_column(sa.Column("hash", sa.String(), nullable=True))

    op.create_table(
        "logbook_seal",
        sa.Column("incident_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("links", sa.Integer(), nullable=False),
        sa.Column("head", sa.String(), nullable=False),
        _incident_fk("logbook_seal"),
        sa.PrimaryKeyConstraint("incident_id", name="pk_logbook_seal"),
    )
    _seal_existing_logbooks()
    # logbook_entry is not rebuilt (on SQLite that would drop the table entry_revision points at): its chain
    # columns stay nullable in the schema (Sirene always fills them; a missing link breaks the chain) and the
    # link is unique per incident through a unique index.
    op.create_index("ix_logbook_entry_incident_id_link", "logbook_entry", ["incident_id", "link"], unique=True)
    with op.batch_alter_table("entry_revision") as batch:
        batch.alter_column("incident_id", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("after", existing_type=sa.JSON(), nullable=False)
        batch.alter_column("link", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("previous_hash", existing_type=sa.String(), nullable=False)
        batch.alter_column("hash", existing_type=sa.String(), nullable=False)
        batch.create_foreign_key("fk_entry_revision_incident_id_incident", "incident", ["incident_id"], ["id"])
        batch.create_unique_constraint("uq_entry_revision_incident_id_link", ["incident_id", "link"])

    op.create_table(
        "review",
        sa.Column("incident_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _moment("opened_at"),
        _moment("completed_at", nullable=True),
        sa.Column("completed_by", sa.String(), nullable=True),
        sa.Column("message_channel_id", sa.String(), nullable=True),
        sa.Column("message_id", sa.String(), nullable=True),
        sa.Column("invitation_channel_id", sa.String(), nullable=True),
        sa.Column("invitation_message_id", sa.String(), nullable=True),
        _incident_fk("review"),
        sa.PrimaryKeyConstraint("incident_id", name="pk_review"),
    )
    op.create_table(
        "review_section",
        sa.Column("incident_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("section", sa.String(), nullable=False),
        sa.Column("saved_by", sa.String(), nullable=False),
        _moment("saved_at"),
        _incident_fk("review_section"),
        sa.PrimaryKeyConstraint("incident_id", "section", name="pk_review_section"),
    )
    op.create_table(
        "review_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("section", sa.String(), nullable=False),
        sa.Column("question", sa.String(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("answered_by", sa.String(), nullable=False),
        _moment("answered_at"),
        _incident_fk("review_answer"),
        sa.PrimaryKeyConstraint("id", name="pk_review_answer"),
        sa.UniqueConstraint("incident_id", "section", "question", name="uq_review_answer_incident_id_section_question"),
    )
    op.create_index("ix_review_answer_incident_id", "review_answer", ["incident_id"])
    op.create_table(
        "follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner_id", sa.String(), nullable=False),
        _moment("due_at"),
        sa.Column("created_by", sa.String(), nullable=False),
        _moment("created_at"),
        _moment("done_at", nullable=True),
        sa.Column("done_by", sa.String(), nullable=True),
        sa.Column("reminders", sa.Integer(), nullable=False),
        _incident_fk("follow_up"),
        sa.PrimaryKeyConstraint("id", name="pk_follow_up"),
    )
    op.create_index("ix_follow_up_incident_id", "follow_up", ["incident_id"])
    op.create_index("ix_follow_up_done_at", "follow_up", ["done_at"])


# ---- sealing logbooks written before the chain (frozen copy of bot.domain.logbook_chain, recipe 1) ----


def _utc(value: Any) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _iso(value: Any) -> str:
    return _utc(value).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _digest(payload: dict[str, Any]) -> str:
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _seal_existing_logbooks() -> None:
    connection = op.get_bind()
    incidents = connection.execute(sa.text("SELECT id, number FROM incident ORDER BY id")).all()
    for incident_id, number in incidents:
        entries = connection.execute(sa.text(
            "SELECT id, sequence, recorded_at, author_id, source, text, message_channel, message_id, deleted "
            "FROM logbook_entry WHERE incident_id = :i ORDER BY sequence"), {"i": incident_id}).all()
        if not entries:
            continue
        events: list[tuple[datetime, int, int, dict[str, Any]]] = []
        for entry in entries:
            revisions = connection.execute(sa.text(
                "SELECT id, text, kind, revised_at FROM entry_revision WHERE entry_id = :e ORDER BY id"),
                {"e": entry.id}).all()
            original = revisions[0].text if revisions else entry.text
            connection.execute(sa.text("UPDATE logbook_entry SET text = :t, deleted = :d WHERE id = :e"),
                               {"t": original, "d": False, "e": entry.id})
            message = [entry.message_channel, entry.message_id] if entry.message_channel and entry.message_id else None
            events.append((_utc(entry.recorded_at), 0, entry.id, {
                "v": 1, "type": "entry", "incident": number, "sequence": entry.sequence,
                "recorded_at": _iso(entry.recorded_at), "author": entry.author_id, "source": entry.source,
                "text": original, "message": message, "details": dict(EMPTY_DETAILS)}))
            deleted = False
            for index, rev in enumerate(revisions):
                after_text = revisions[index + 1].text if index + 1 < len(revisions) else entry.text
                deleted = deleted or rev.kind == "deleted"
                events.append((_utc(rev.revised_at), 1, rev.id, {
                    "v": 1, "type": "revision", "incident": number, "sequence": entry.sequence, "kind": rev.kind,
                    "revised_at": _iso(rev.revised_at), "by": "", "before": rev.text,
                    "after": {"text": after_text, "deleted": deleted, "details": dict(EMPTY_DETAILS)}}))
        previous = GENESIS
        for link, (_, kind, row_id, payload) in enumerate(sorted(events, key=lambda e: e[:3]), start=1):
            payload = payload | {"link": link, "previous": previous}
            digest = _digest(payload)
            if kind == 0:
                connection.execute(sa.text(
                    "UPDATE logbook_entry SET link = :l, previous_hash = :p, hash = :h WHERE id = :r"),
                    {"l": link, "p": previous, "h": digest, "r": row_id})
            else:
                connection.execute(sa.text(
                    "UPDATE entry_revision SET incident_id = :i, link = :l, previous_hash = :p, hash = :h, "
                    "after = :a WHERE id = :r"),
                    {"i": incident_id, "l": link, "p": previous, "h": digest, "a": json.dumps(payload["after"]),
                     "r": row_id})
            previous = digest
        connection.execute(sa.text("INSERT INTO logbook_seal (incident_id, links, head) VALUES (:i, :n, :h)"),
                           {"i": incident_id, "n": len(events), "h": previous})


def downgrade() -> None:
    for table in ("follow_up", "review_answer", "review_section", "review", "logbook_seal"):
        op.drop_table(table)
    with op.batch_alter_table("entry_revision") as batch:
        batch.drop_constraint("uq_entry_revision_incident_id_link", type_="unique")
        batch.drop_constraint("fk_entry_revision_incident_id_incident", type_="foreignkey")
        for column in ("hash", "previous_hash", "link", "after", "revised_by", "incident_id"):
            batch.drop_column(column)
    op.drop_index("ix_logbook_entry_incident_id_link", "logbook_entry")
    with op.batch_alter_table("logbook_entry") as batch:
        for column in ("hash", "previous_hash", "link", "resources", "duration", "impact", "activities", "team",
                       "summary", "incident_type"):
            batch.drop_column(column)
    op.drop_column("incident", "incident_type")
