"""The record of e-mails and text messages sent (:class:`bot.ports.SentMessages`)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

from bot.domain.outreach import Medium
from bot.domain.outreach import SentMessage
from storage.outreach_tables import SentMessageRow
from storage.sql import insert_ignoring
from storage.tables import table_of

SENT_MESSAGE = table_of(SentMessageRow)


def _message(row: SentMessageRow) -> SentMessage:
    return SentMessage(row.message_id, Medium(row.medium), row.recipient, row.subject, row.text, row.sent_at,
                       row.html, row.link, row.incident_id, row.page_id)


class SqlSentMessages:
    """Never commits (the unit of work does)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def record(self, message: SentMessage) -> bool:
        statement = insert_ignoring(self._session, SENT_MESSAGE, ("message_id",), ("message_id",))
        values = asdict(message) | {"medium": message.medium.value}
        return self._session.connection().execute(statement, values).first() is not None

    def was_sent(self, message_id: str) -> bool:
        return self._session.get(SentMessageRow, message_id) is not None

    def latest(self, limit: int) -> list[SentMessage]:
        rows = self._session.exec(select(SentMessageRow).order_by(col(SentMessageRow.sent_at).desc()).limit(limit))
        return [_message(row) for row in rows]

    def since(self, moment: datetime, incident_id: int | None = None) -> list[SentMessage]:
        query = select(SentMessageRow).where(col(SentMessageRow.sent_at) >= moment)
        if incident_id is not None:
            query = query.where(col(SentMessageRow.incident_id) == incident_id)
        rows = self._session.exec(query.order_by(col(SentMessageRow.sent_at), col(SentMessageRow.message_id)))
        return [_message(row) for row in rows]
