"""Incidents, their numbers, severity history, checklists and approvals."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select
from sqlalchemy import bindparam
from sqlalchemy import exists
from sqlalchemy import func
from sqlalchemy import insert
from sqlalchemy import or_
from sqlalchemy import select as sa_select
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select
from sqlmodel.sql.expression import SelectOfScalar

from bot.domain.incident import Approval
from bot.domain.incident import ChecklistItem
from bot.domain.incident import Incident
from bot.domain.incident import SeverityChange
from bot.domain.phase import Phase
from bot.ports import ConcurrentUpdate
from storage.mapping import approval_from_row
from storage.mapping import approval_values
from storage.mapping import checklist_from_row
from storage.mapping import checklist_values
from storage.mapping import incident_from_row
from storage.mapping import incident_values
from storage.mapping import severity_change_from_row
from storage.mapping import severity_change_values
from storage.sql import dialect_insert
from storage.sql import fresh
from storage.tables import APPROVAL
from storage.tables import CHECKLIST_ITEM
from storage.tables import INCIDENT
from storage.tables import INCIDENT_COUNTER
from storage.tables import SEVERITY_CHANGE
from storage.tables import ApprovalRow
from storage.tables import ChecklistItemRow
from storage.tables import IncidentRow
from storage.tables import SeverityChangeRow


class SqlIncidentRepository:
    """:class:`bot.ports.IncidentRepository` on a session; never commits (the unit of work does)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def next_sequence(self, year: int) -> int:
        """Increment ``year``'s counter in the current transaction.

        The counter row stays locked until commit (PostgreSQL row lock; the SQLite write lock
        taken by BEGIN IMMEDIATE), so concurrent callers queue; a rollback gives the number back.
        """
        counter = INCIDENT_COUNTER
        statement = (
            dialect_insert(self._session, counter)
            .values(year=year, last=1)
            .on_conflict_do_update(index_elements=[counter.c.year], set_={"last": counter.c.last + 1})
            .returning(counter.c.last)
        )
        return int(self._session.exec(statement).scalar_one())

    def add(self, incident: Incident, idempotency_key: str | None = None) -> Incident:
        """Insert ``incident`` and set its ``id``.

        Raises :class:`ConcurrentUpdate` when its number or ``idempotency_key`` is already
        stored (a concurrent request won the race): roll back, then look the incident up by
        :meth:`by_idempotency_key`. The transaction stays usable (the insert runs in a savepoint).
        """
        values = incident_values(incident) | {"version": incident.version, "idempotency_key": idempotency_key}
        try:
            with self._session.begin_nested():
                result = self._session.exec(insert(INCIDENT).values(**values).returning(INCIDENT.c.id))
                incident.id = int(result.scalar_one())
        except IntegrityError as error:
            if self._taken(incident.number, idempotency_key):
                raise ConcurrentUpdate(
                    f"incident {incident.number} or idempotency key {idempotency_key!r} already stored"
                ) from error
            raise
        return incident

    def _taken(self, number: str, idempotency_key: str | None) -> bool:
        condition = col(IncidentRow.number) == number
        if idempotency_key is not None:
            condition = or_(condition, col(IncidentRow.idempotency_key) == idempotency_key)
        return self._session.exec(select(exists().where(condition))).one()

    def by_idempotency_key(self, key: str) -> Incident | None:
        return self._first(select(IncidentRow).where(col(IncidentRow.idempotency_key) == key))

    def get(self, incident_id: int) -> Incident | None:
        return self._read(_BY_ID, {"id": incident_id})

    def get_many(self, incident_ids: Sequence[int]) -> dict[int, Incident]:
        """Several incidents in one SELECT, by id (those that exist)."""
        if not incident_ids:
            return {}
        rows = self._session.connection().execute(_BY_IDS, {"ids": list(incident_ids)})
        return {row.id: incident_from_row(row) for row in rows}

    def by_number(self, number: str) -> Incident | None:
        return self._first(select(IncidentRow).where(col(IncidentRow.number) == number))

    def by_channel(self, platform: str, channel_id: str) -> Incident | None:
        """The incident whose own channel is ``channel_id`` (the newest, should there be several)."""
        return self._read(_BY_CHANNEL, {"platform": platform, "channel_id": channel_id})

    def by_thread(self, platform: str, channel_id: str, thread_id: str) -> Incident | None:
        return self._read(_BY_THREAD, {"platform": platform, "channel_id": channel_id, "thread_id": thread_id})

    def reporter_display(self, platform: str, reporter_id: str) -> str:
        row = self._session.connection().execute(
            _REPORTER_DISPLAY, {"platform": platform, "reporter_id": reporter_id}).first()
        return str(row[0]) if row is not None else ""

    def _read(self, statement: Select[Any], params: dict[str, Any]) -> Incident | None:
        """A hot lookup (every job, every tagged message): a prepared Core SELECT, no ORM identity map."""
        row = self._session.connection().execute(statement, params).first()
        return incident_from_row(row) if row is not None else None

    def _first(self, statement: SelectOfScalar[IncidentRow]) -> Incident | None:
        row = self._session.exec(fresh(statement)).first()
        return incident_from_row(row) if row is not None else None

    def save(self, incident: Incident) -> None:
        """Write ``incident`` if nobody did since it was read; bump its ``version``."""
        if incident.id is None:
            raise ValueError("save() needs a stored incident (add() it first)")
        result = self._session.exec(
            update(INCIDENT)
            .where(INCIDENT.c.id == incident.id, INCIDENT.c.version == incident.version)
            .values(**incident_values(incident), version=incident.version + 1)
        )
        if result.rowcount != 1:
            raise ConcurrentUpdate(f"incident {incident.number} changed since version {incident.version}")
        incident.version += 1

    def open_incidents(self, limit: int, offset: int = 0) -> list[Incident]:
        """Incidents not closed, oldest first."""
        statement = (
            select(IncidentRow)
            .where(col(IncidentRow.phase) != Phase.CLOSED.value)
            .order_by(col(IncidentRow.id))
            .limit(limit)
            .offset(offset)
        )
        return [incident_from_row(row) for row in self._session.exec(fresh(statement))]

    def register(self, limit: int) -> list[Incident]:
        statement = select(IncidentRow).order_by(col(IncidentRow.id).desc()).limit(limit)
        return [incident_from_row(row) for row in self._session.exec(fresh(statement))]

    def count_open(self) -> int:
        statement = select(func.count()).select_from(IncidentRow).where(col(IncidentRow.phase) != Phase.CLOSED.value)
        return int(self._session.exec(statement).one())

    def channel_name_taken(self, platform: str, name: str) -> bool:
        condition = (col(IncidentRow.platform) == platform) & (col(IncidentRow.channel_name) == name)
        return self._session.exec(select(exists().where(condition))).one()

    def add_severity_change(self, change: SeverityChange) -> None:
        self._session.exec(insert(SEVERITY_CHANGE).values(**severity_change_values(change)))

    def severity_changes(self, incident_id: int) -> list[SeverityChange]:
        """Oldest first."""
        statement = (
            select(SeverityChangeRow)
            .where(col(SeverityChangeRow.incident_id) == incident_id)
            .order_by(col(SeverityChangeRow.changed_at), col(SeverityChangeRow.id))
        )
        return [severity_change_from_row(row) for row in self._session.exec(fresh(statement))]

    def add_checklist(self, items: Sequence[ChecklistItem]) -> None:
        """Insert ``items`` in order and set their ``id``."""
        for item in items:
            result = self._session.exec(
                insert(CHECKLIST_ITEM).values(**checklist_values(item)).returning(CHECKLIST_ITEM.c.id)
            )
            item.id = int(result.scalar_one())

    def checklist(self, incident_id: int) -> list[ChecklistItem]:
        """In the order the items were added."""
        statement = (
            select(ChecklistItemRow)
            .where(col(ChecklistItemRow.incident_id) == incident_id)
            .order_by(col(ChecklistItemRow.id))
        )
        return [checklist_from_row(row) for row in self._session.exec(fresh(statement))]

    def save_checklist_item(self, item: ChecklistItem) -> None:
        if item.id is None:
            raise ValueError("save_checklist_item() needs a stored item (add_checklist() it first)")
        result = self._session.exec(
            update(CHECKLIST_ITEM)
            .where(CHECKLIST_ITEM.c.id == item.id, CHECKLIST_ITEM.c.done_at.is_(None))
            .values(**checklist_values(item))
        )
        if result.rowcount != 1:
            raise ConcurrentUpdate(f"checklist item {item.id} was ticked meanwhile")

    def add_approval(self, approval: Approval) -> None:
        """Record a decision; one per role and round (a second one raises :class:`ConcurrentUpdate`)."""
        try:
            with self._session.begin_nested():
                self._session.exec(insert(APPROVAL).values(**approval_values(approval)))
        except IntegrityError:
            raise ConcurrentUpdate(f"{approval.role} already decided round {approval.round}") from None

    def approvals(self, incident_id: int, round: int) -> list[Approval]:
        """The decisions of one deactivation round, oldest first."""
        statement = (
            select(ApprovalRow)
            .where(col(ApprovalRow.incident_id) == incident_id, col(ApprovalRow.round) == round)
            .order_by(col(ApprovalRow.decided_at), col(ApprovalRow.id))
        )
        return [approval_from_row(row) for row in self._session.exec(fresh(statement))]


# Hot lookups, built once: their parameters are bound at execution, so the compiled form is reused.
_BY_ID = sa_select(INCIDENT).where(INCIDENT.c.id == bindparam("id"))
_BY_IDS = sa_select(INCIDENT).where(INCIDENT.c.id.in_(bindparam("ids", expanding=True)))
_BY_CHANNEL = (sa_select(INCIDENT)
               .where(INCIDENT.c.platform == bindparam("platform"), INCIDENT.c.channel_id == bindparam("channel_id"))
               .order_by(INCIDENT.c.id.desc()).limit(1))
_REPORTER_DISPLAY = (sa_select(INCIDENT.c.reporter_display)
                     .where(INCIDENT.c.platform == bindparam("platform"),
                            INCIDENT.c.reporter_id == bindparam("reporter_id"),
                            INCIDENT.c.reporter_display.is_not(None))
                     .order_by(INCIDENT.c.id.desc()).limit(1))
_BY_THREAD = (sa_select(INCIDENT)
              .where(INCIDENT.c.platform == bindparam("platform"), INCIDENT.c.channel_id.is_(None),
                     INCIDENT.c.triage_channel_id == bindparam("channel_id"),
                     INCIDENT.c.triage_message_id == bindparam("thread_id"))
              .order_by(INCIDENT.c.id.desc()).limit(1))
