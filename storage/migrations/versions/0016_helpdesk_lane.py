"""The triage lines of a helpdesk channel run in one lane (``helpdesk:<platform>``), a lane that grows with every
report: an index of the jobs still waiting, by lane, keeps the claim's "no earlier job of its lane waiting" check
as cheap as for an incident's short lane.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WAITING = sa.text("done_at IS NULL")


def upgrade() -> None:
    op.create_index("ix_job_lane_waiting", "job", ["lane", "id"], postgresql_where=_WAITING, sqlite_where=_WAITING)


def downgrade() -> None:
    op.drop_index("ix_job_lane_waiting", table_name="job")
