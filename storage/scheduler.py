"""Timers and pages: the scheduler's repositories (:class:`bot.ports.TimerRepository`, ``PageRepository``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row as SqlRow
from sqlalchemy import func
from sqlalchemy import insert
from sqlalchemy import or_
from sqlalchemy import update
from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

from bot.domain.incident import MessageRef
from bot.domain.page import Page
from bot.domain.page import PageDecision
from bot.domain.page import PageKind
from bot.domain.page import PageLevel
from bot.domain.roles import ContinuityPlan
from bot.domain.roles import Role
from bot.domain.timer import Timer
from bot.domain.timer import TimerKind
from bot.ports import ConcurrentUpdate
from storage.sql import dialect_insert
from storage.sql import fresh
from storage.tables import PAGE
from storage.tables import TIMER
from storage.tables import PageRow
from storage.tables import TimerRow


def _timer(row: TimerRow | SqlRow[Any]) -> Timer:
    return Timer(
        id=row.id,
        kind=TimerKind(row.kind),
        key=row.key,
        due_at=row.due_at,
        incident_id=row.incident_id,
        payload=dict(row.payload),
        created_at=row.created_at,
        fired_at=row.fired_at,
        cancelled_at=row.cancelled_at,
        attempts=row.attempts,
    )


class SqlTimerRepository:
    """Never commits (the unit of work does)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, timer: Timer) -> bool:
        values = {
            "key": timer.key,
            "kind": timer.kind.value,
            "incident_id": timer.incident_id,
            "due_at": timer.due_at,
            "payload": dict(timer.payload),
            "created_at": timer.created_at or timer.due_at,
            "attempts": 0,
        }
        statement = (
            dialect_insert(self._session, TIMER)
            .values(**values)
            .on_conflict_do_nothing(index_elements=[TIMER.c.key])
            .returning(TIMER.c.id)
        )
        found = self._session.exec(statement).first()
        if found is None:
            return False
        timer.id = int(found[0])
        return True

    def by_key(self, key: str) -> Timer | None:
        row = self._session.exec(fresh(select(TimerRow).where(col(TimerRow.key) == key))).first()
        return _timer(row) if row else None

    def pending(self, incident_id: int | None) -> list[Timer]:
        owner = col(TimerRow.incident_id).is_(None) if incident_id is None else col(TimerRow.incident_id) == incident_id
        statement = (
            select(TimerRow)
            .where(owner, col(TimerRow.fired_at).is_(None), col(TimerRow.cancelled_at).is_(None))
            .order_by(col(TimerRow.due_at), col(TimerRow.id))
        )
        return [_timer(row) for row in self._session.exec(fresh(statement))]

    def cancel(self, timer_id: int, now: datetime) -> None:
        self._session.exec(
            update(TIMER).where(TIMER.c.id == timer_id, TIMER.c.fired_at.is_(None)).values(cancelled_at=now)
        )

    def restore(self, timer_id: int, due_at: datetime) -> None:
        self._session.exec(
            update(TIMER)
            .where(TIMER.c.id == timer_id, TIMER.c.fired_at.is_(None))
            .values(cancelled_at=None, due_at=due_at, hold_until=None)
        )

    def claim_next(self, now: datetime) -> Timer | None:
        ready = or_(col(TimerRow.hold_until).is_(None), col(TimerRow.hold_until) <= now)
        candidate = (
            select(TimerRow.id)
            .where(col(TimerRow.fired_at).is_(None), col(TimerRow.cancelled_at).is_(None),
                   col(TimerRow.due_at) <= now, ready)
            .order_by(col(TimerRow.due_at), col(TimerRow.id))
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        timer_id = self._session.exec(candidate).first()
        if timer_id is None:
            return None
        # The conditional update is the claim on SQLite (whose write lock BEGIN IMMEDIATE took);
        # on PostgreSQL the row is already locked for this transaction.
        claimed = self._session.exec(
            update(TIMER)
            .where(TIMER.c.id == timer_id, TIMER.c.fired_at.is_(None), TIMER.c.cancelled_at.is_(None))
            .values(fired_at=now, attempts=TIMER.c.attempts + 1)
            .returning(*TIMER.c)
        ).first()
        return _timer(claimed) if claimed is not None else None

    def next_due(self, after: datetime) -> datetime | None:
        return self._session.exec(
            select(func.min(TimerRow.due_at))
            .where(col(TimerRow.fired_at).is_(None), col(TimerRow.cancelled_at).is_(None), col(TimerRow.due_at) > after)
        ).one()

    def claim_due(self, now: datetime, limit: int) -> list[Timer]:
        ready = or_(col(TimerRow.hold_until).is_(None), col(TimerRow.hold_until) <= now)
        candidates = (
            select(TimerRow.id)
            .where(col(TimerRow.fired_at).is_(None), col(TimerRow.cancelled_at).is_(None),
                   col(TimerRow.due_at) <= now, ready)
            .order_by(col(TimerRow.due_at), col(TimerRow.id))
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        ids = list(self._session.exec(candidates))
        if not ids:
            return []
        # The candidates are locked (PostgreSQL re-checks them under FOR UPDATE; SQLite holds its write lock):
        # updating by id alone keeps the planner on the primary key.
        claimed = self._session.exec(
            update(TIMER)
            .where(TIMER.c.id.in_(ids))
            .values(fired_at=now, attempts=TIMER.c.attempts + 1)
            .returning(*TIMER.c)
        ).all()
        return sorted((_timer(row) for row in claimed), key=lambda timer: (timer.due_at, timer.id or 0))

    def release(self, timer_id: int) -> None:
        self._session.exec(update(TIMER).where(TIMER.c.id == timer_id)
                           .values(fired_at=None, attempts=TIMER.c.attempts - 1))  # the claim counted one

    def hold(self, timer_id: int, until: datetime, error: str) -> None:
        self._session.exec(
            update(TIMER)
            .where(TIMER.c.id == timer_id)
            .values(hold_until=until, last_error=error[:2000], attempts=TIMER.c.attempts + 1)
        )


def _page_values(page: Page) -> dict[str, Any]:
    return {
        "key": page.key,
        "kind": page.kind.value,
        "platform": page.platform,
        "incident_id": page.incident_id,
        "role": page.role.value if page.role else None,
        "person": page.person,
        "also": list(page.also),
        "plan": page.plan.value if page.plan else None,
        "cause": page.cause,
        "level": int(page.level),
        "paged": list(page.paged),
        "refs": [[ref.channel_id, ref.message_id] for ref in page.refs],
        "created_at": page.created_at,
        "acknowledged_by": page.acknowledged_by,
        "acknowledged_at": page.acknowledged_at,
        "decided_by": page.decided_by,
        "decided_at": page.decided_at,
        "decision": page.decision.value if page.decision else None,
        "reason": page.reason,
    }


def _page(row: PageRow) -> Page:
    return Page(
        id=row.id,
        version=row.version,
        key=row.key,
        kind=PageKind(row.kind),
        platform=row.platform,
        incident_id=row.incident_id,
        role=Role(row.role) if row.role else None,
        person=row.person,
        also=tuple(row.also),
        plan=ContinuityPlan(row.plan) if row.plan else None,
        cause=row.cause,
        level=PageLevel(row.level),
        paged=tuple(row.paged),
        refs=tuple(MessageRef(channel, message) for channel, message in row.refs),
        created_at=row.created_at,
        acknowledged_by=row.acknowledged_by,
        acknowledged_at=row.acknowledged_at,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        decision=PageDecision(row.decision) if row.decision else None,
        reason=row.reason,
    )


class SqlPageRepository:
    """Never commits (the unit of work does)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, page: Page) -> Page | None:
        values = _page_values(page) | {"version": page.version}
        if page.key is None:
            found = self._session.exec(insert(PAGE).values(**values).returning(PAGE.c.id)).first()
        else:
            statement = (
                dialect_insert(self._session, PAGE)
                .values(**values)
                .on_conflict_do_nothing(index_elements=[PAGE.c.key])
                .returning(PAGE.c.id)
            )
            found = self._session.exec(statement).first()
        if found is None:
            return None
        page.id = int(found[0])
        return page

    def get(self, page_id: int) -> Page | None:
        row = self._session.exec(fresh(select(PageRow).where(col(PageRow.id) == page_id))).first()
        return _page(row) if row else None

    def save(self, page: Page) -> None:
        result = self._session.exec(
            update(PAGE)
            .where(PAGE.c.id == page.id, PAGE.c.version == page.version)
            .values(**_page_values(page), version=page.version + 1)
        )
        if result.rowcount != 1:
            raise ConcurrentUpdate(f"page {page.id} changed meanwhile")
        page.version += 1

    def of_incident(self, incident_id: int, kind: PageKind | None = None) -> list[Page]:
        statement = select(PageRow).where(col(PageRow.incident_id) == incident_id)
        if kind is not None:
            statement = statement.where(col(PageRow.kind) == kind.value)
        return [_page(row) for row in self._session.exec(fresh(statement.order_by(col(PageRow.id))))]
