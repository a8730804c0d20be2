"""How far a platform's event stream has been read (:class:`bot.ports.Cursors`)."""

from __future__ import annotations

from sqlalchemy import func
from sqlalchemy import select
from sqlmodel import Session

from storage.sql import dialect_insert
from storage.tables import PLATFORM_CURSOR


class SqlCursors:
    """Cursors on a session; never commits (the unit of work does)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, platform: str, name: str) -> int | None:
        statement = select(PLATFORM_CURSOR.c.value).where(
            (PLATFORM_CURSOR.c.platform == platform) & (PLATFORM_CURSOR.c.name == name))
        value = self._session.exec(statement).scalar_one_or_none()  # type: ignore[call-overload]
        return int(value) if value is not None else None

    def advance(self, platform: str, name: str, value: int) -> None:
        """Insert, or raise to ``value`` — never lower (two writers racing keep the larger)."""
        insert = dialect_insert(self._session, PLATFORM_CURSOR).values(platform=platform, name=name, value=value)
        statement = insert.on_conflict_do_update(
            index_elements=[PLATFORM_CURSOR.c.platform, PLATFORM_CURSOR.c.name],
            set_={"value": func.max(PLATFORM_CURSOR.c.value, insert.excluded.value)
                  if self._session.get_bind().dialect.name == "sqlite"
                  else func.greatest(PLATFORM_CURSOR.c.value, insert.excluded.value)},
        )
        self._session.exec(statement)
