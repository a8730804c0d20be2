"""Communications to the audiences of the communication plan (``bot.ports.CommunicationRepository``)."""

from __future__ import annotations

from sqlalchemy import insert
from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

from bot.domain.communication import Communication
from bot.domain.communication import Method
from storage.base import table_of
from storage.regulation_tables import CommunicationRow
from storage.sql import fresh

COMMUNICATION = table_of(CommunicationRow)


class SqlCommunicationRepository:
    """Never commits (the unit of work does)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, communication: Communication) -> Communication:
        result = self._session.exec(insert(COMMUNICATION).values(
            incident_id=communication.incident_id, audience=communication.audience,
            method=communication.method.value, by=communication.by, at=communication.at,
            recipients="\n".join(communication.recipients), subject=communication.subject,
            text=communication.text).returning(COMMUNICATION.c.id))
        communication.id = int(result.scalar_one())
        return communication

    def get(self, communication_id: int) -> Communication | None:
        row = self._session.exec(fresh(select(CommunicationRow).where(
            col(CommunicationRow.id) == communication_id))).first()
        return _communication(row) if row is not None else None

    def of_incident(self, incident_id: int) -> list[Communication]:
        statement = select(CommunicationRow).where(col(CommunicationRow.incident_id) == incident_id)
        rows = self._session.exec(fresh(statement.order_by(col(CommunicationRow.at), col(CommunicationRow.id))))
        return [_communication(row) for row in rows]


def _communication(row: CommunicationRow) -> Communication:
    method = Method(row.method) if row.method in {m.value for m in Method} else Method.PHONE
    return Communication(row.incident_id, row.audience, method, row.by, row.at,
                         tuple(r for r in row.recipients.split("\n") if r), row.subject, row.text, row.id)
