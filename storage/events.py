"""Platform events already handled, so a redelivery is recognised and ignored."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session

from storage.sql import insert_ignoring
from storage.tables import SEEN_EVENT


class SqlSeenEvents:
    """:class:`bot.ports.SeenEvents` on a session; never commits (the unit of work does)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def first_time(self, platform: str, event_id: str) -> bool:
        """Record the event in the caller's transaction; ``False`` if it was recorded before.

        If the caller rolls back, the event is not recorded, so a redelivery is handled again.
        Two transactions racing on the same event: the second waits for the first and gets
        ``False`` if it commits, ``True`` if it rolls back.
        """
        statement = insert_ignoring(self._session, SEEN_EVENT, ("platform", "event_id"), ("event_id",))
        values = {"platform": platform, "event_id": event_id, "seen_at": datetime.now(UTC)}
        return self._session.connection().execute(statement, values).first() is not None

    def first_times(self, platform: str, event_ids: Sequence[str]) -> set[str]:
        """:meth:`first_time` for many events, in one statement."""
        if not event_ids:
            return set()
        statement = insert_ignoring(self._session, SEEN_EVENT, ("platform", "event_id"), ("event_id",))
        now = datetime.now(UTC)
        rows = [{"platform": platform, "event_id": event_id, "seen_at": now} for event_id in dict.fromkeys(event_ids)]
        return set(self._session.connection().execute(statement, rows).scalars())

    def forget_before(self, moment: datetime) -> int:
        """Delete events seen before ``moment`` (platforms only redeliver for a while)."""
        result = self._session.exec(delete(SEEN_EVENT).where(SEEN_EVENT.c.seen_at < moment))
        return int(result.rowcount)
