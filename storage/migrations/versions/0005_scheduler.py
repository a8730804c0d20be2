"""The scheduler: the incident's clocks (SLA start, expected resolution, status cadence), timers and pages.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28

Plain SQLAlchemy types, as in 0001: ``UTCDateTime`` is a ``DateTime(timezone=True)`` in the database.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INCIDENT_CLOCKS = ("sla_started_at", "eta", "eta_set_at", "status_due", "last_status_at")


def _moment(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _text(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.String(), nullable=nullable)


def upgrade() -> None:
    with op.batch_alter_table("incident") as incident:
        for name in INCIDENT_CLOCKS:
            incident.add_column(_moment(name, nullable=True))
        incident.add_column(_text("eta_set_by", nullable=True))

    op.create_table(
        "timer",
        sa.Column("id", sa.Integer(), nullable=False),
        _text("key"),
        _text("kind"),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        _moment("due_at"),
        sa.Column("payload", sa.JSON(), nullable=False),
        _moment("created_at"),
        _moment("fired_at", nullable=True),
        _moment("cancelled_at", nullable=True),
        _moment("hold_until", nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"], name="fk_timer_incident_id_incident"),
        sa.PrimaryKeyConstraint("id", name="pk_timer"),
        sa.UniqueConstraint("key", name="uq_timer_key"),
    )
    op.create_index("ix_timer_incident_id", "timer", ["incident_id"])
    op.create_index("ix_timer_fired_at_cancelled_at_due_at", "timer", ["fired_at", "cancelled_at", "due_at"])

    op.create_table(
        "page",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _text("key", nullable=True),
        _text("kind"),
        _text("platform"),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        _text("role", nullable=True),
        _text("person", nullable=True),
        sa.Column("also", sa.JSON(), nullable=False),
        _text("plan", nullable=True),
        _text("cause"),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("paged", sa.JSON(), nullable=False),
        sa.Column("refs", sa.JSON(), nullable=False),
        _moment("created_at"),
        _text("acknowledged_by", nullable=True),
        _moment("acknowledged_at", nullable=True),
        _text("decided_by", nullable=True),
        _moment("decided_at", nullable=True),
        _text("decision", nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"], name="fk_page_incident_id_incident"),
        sa.PrimaryKeyConstraint("id", name="pk_page"),
        sa.UniqueConstraint("key", name="uq_page_key"),
    )
    op.create_index("ix_page_incident_id", "page", ["incident_id"])


def downgrade() -> None:
    op.drop_table("page")
    op.drop_table("timer")
    with op.batch_alter_table("incident") as incident:
        for name in (*INCIDENT_CLOCKS, "eta_set_by"):
            incident.drop_column(name)
