"""The logbook of each incident: entries in order, each with the history of its edits."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import exists, func, insert, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.domain.incident import MessageRef
from bot.domain.logbook import EntryRevision, EntrySource, LogbookEntry, RevisionKind
from bot.ports import ConcurrentUpdate
from storage.mapping import message_ref
from storage.sql import dialect_insert, fresh, is_postgresql
from storage.tables import ENTRY_REVISION, LOGBOOK_ENTRY, EntryRevisionRow, IncidentRow, LogbookEntryRow


class SqlLogbookRepository:
    """:class:`bot.ports.LogbookRepository` on a session; never commits (the unit of work does)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def next_sequence(self, incident_id: int) -> int:
        """One more than the incident's last entry.

        On PostgreSQL the incident row is locked (``FOR NO KEY UPDATE``, until commit) first, so
        two transactions logging into the same incident take turns instead of picking the same
        number; SQLite's BEGIN IMMEDIATE already serialises writers.
        """
        if is_postgresql(self._session):
            lock = select(IncidentRow.id).where(col(IncidentRow.id) == incident_id)
            self._session.exec(lock.with_for_update(key_share=True)).first()
        last = self._session.exec(
            select(func.max(LogbookEntryRow.sequence)).where(col(LogbookEntryRow.incident_id) == incident_id)
        ).one()
        return (last or 0) + 1

    def add(self, entry: LogbookEntry) -> LogbookEntry | None:
        """Insert ``entry`` (and any revisions it carries), set its ``id`` and return it.

        Returns ``None``, leaving the transaction intact, when its message is already logged.
        Raises :class:`ConcurrentUpdate` when its sequence number was taken meanwhile.
        """
        table = LOGBOOK_ENTRY
        statement = dialect_insert(self._session, table).values(**_entry_values(entry))
        if entry.message is not None:
            statement = statement.on_conflict_do_nothing(index_elements=[table.c.message_channel, table.c.message_id])
        try:
            with self._session.begin_nested():
                new_id = self._session.exec(statement.returning(table.c.id)).scalar_one_or_none()
        except IntegrityError as error:
            if self._sequence_taken(entry.incident_id, entry.sequence):
                raise ConcurrentUpdate(
                    f"logbook entry {entry.sequence} of incident {entry.incident_id} already exists"
                ) from error
            raise
        if new_id is None:
            return None
        entry.id = int(new_id)
        for revision in entry.revisions:
            self._insert_revision(entry.id, revision)
        return entry

    def _sequence_taken(self, incident_id: int, sequence: int) -> bool:
        condition = (col(LogbookEntryRow.incident_id) == incident_id) & (col(LogbookEntryRow.sequence) == sequence)
        return self._session.exec(select(exists().where(condition))).one()

    def by_message(self, ref: MessageRef) -> LogbookEntry | None:
        statement = select(LogbookEntryRow).where(
            col(LogbookEntryRow.message_channel) == ref.channel_id,
            col(LogbookEntryRow.message_id) == ref.message_id,
        )
        row = self._session.exec(fresh(statement)).first()
        return self._with_revisions([row])[0] if row is not None else None

    def revise(self, entry: LogbookEntry, revision: EntryRevision) -> None:
        """Append ``revision`` to the entry's history and store the entry's current text.

        The entry row takes ``entry.text`` and ``entry.deleted`` as the caller set them (a
        ``DELETED`` revision also marks it deleted); ``revision`` is appended to
        ``entry.revisions`` unless the caller already put it there.
        """
        if entry.id is None:
            raise ValueError("revise() needs a stored entry (add() it first)")
        if revision.kind is RevisionKind.DELETED:
            entry.deleted = True
        self._insert_revision(entry.id, revision)
        self._session.exec(
            update(LOGBOOK_ENTRY).where(LOGBOOK_ENTRY.c.id == entry.id).values(text=entry.text, deleted=entry.deleted)
        )
        if not entry.revisions or entry.revisions[-1] is not revision:
            entry.revisions.append(revision)

    def set_permalink(self, entry_id: int, permalink: str) -> None:
        self._session.exec(update(LOGBOOK_ENTRY).where(LOGBOOK_ENTRY.c.id == entry_id).values(permalink=permalink))

    def _insert_revision(self, entry_id: int, revision: EntryRevision) -> None:
        self._session.exec(
            insert(ENTRY_REVISION).values(
                entry_id=entry_id,
                text=revision.text,
                kind=revision.kind.value,
                revised_at=revision.revised_at,
            )
        )

    def entries(self, incident_id: int, limit: int, offset: int = 0) -> list[LogbookEntry]:
        """Oldest first (by sequence), each with its revisions oldest first."""
        statement = (
            select(LogbookEntryRow)
            .where(col(LogbookEntryRow.incident_id) == incident_id)
            .order_by(col(LogbookEntryRow.sequence))
            .limit(limit)
            .offset(offset)
        )
        return self._with_revisions(list(self._session.exec(fresh(statement))))

    def count(self, incident_id: int) -> int:
        return self._session.exec(
            select(func.count()).select_from(LogbookEntryRow).where(col(LogbookEntryRow.incident_id) == incident_id)
        ).one()

    def _with_revisions(self, rows: Sequence[LogbookEntryRow]) -> list[LogbookEntry]:
        history: dict[int, list[EntryRevision]] = defaultdict(list)
        ids = [row.id for row in rows if row.id is not None]
        if ids:
            statement = (
                select(EntryRevisionRow)
                .where(col(EntryRevisionRow.entry_id).in_(ids))
                .order_by(col(EntryRevisionRow.id))
            )
            for revision in self._session.exec(fresh(statement)):
                history[revision.entry_id].append(
                    EntryRevision(text=revision.text, kind=RevisionKind(revision.kind), revised_at=revision.revised_at)
                )
        return [_entry_from_row(row, history[row.id] if row.id is not None else []) for row in rows]


def _entry_values(entry: LogbookEntry) -> dict[str, Any]:
    return {
        "incident_id": entry.incident_id,
        "sequence": entry.sequence,
        "recorded_at": entry.recorded_at,
        "author_id": entry.author_id,
        "source": entry.source.value,
        "text": entry.text,
        "message_channel": entry.message.channel_id if entry.message else None,
        "message_id": entry.message.message_id if entry.message else None,
        "permalink": entry.permalink,
        "deleted": entry.deleted,
    }


def _entry_from_row(row: LogbookEntryRow, revisions: list[EntryRevision]) -> LogbookEntry:
    return LogbookEntry(
        id=row.id,
        incident_id=row.incident_id,
        sequence=row.sequence,
        recorded_at=row.recorded_at,
        author_id=row.author_id,
        source=EntrySource(row.source),
        text=row.text,
        message=message_ref(row.message_channel, row.message_id),
        permalink=row.permalink,
        deleted=row.deleted,
        revisions=revisions,
    )
