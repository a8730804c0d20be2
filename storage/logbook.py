"""The logbook of each incident: entries in order, each with the history of its edits, sealed by a hash chain.

Rows are append-only: an entry row keeps what was first written (only its permalink is filled in
later); an edit, a deletion or a completion appends a revision row holding the entry's whole state
after the change. Every entry and revision is a link of the incident's chain; the numbers, links,
hashes and the seal are the core's rules (:class:`bot.domain.logbook_chain.Chain`): this module locks
the incident's logbook, reads the chain's end, and writes what the chain computed. The
``logbook_seal`` row holds the chain's length and last hash.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy import exists
from sqlalchemy import func
from sqlalchemy import insert
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

from bot.domain.incident import MessageRef
from bot.domain.logbook import EntryDetails
from bot.domain.logbook import EntryRevision
from bot.domain.logbook import EntrySource
from bot.domain.logbook import LogbookEntry
from bot.domain.logbook import RevisionKind
from bot.domain.logbook_chain import Chain
from bot.domain.logbook_chain import ChainLink
from bot.domain.logbook_chain import EntryState
from bot.domain.logbook_chain import LinkKind
from bot.domain.logbook_chain import carried_revisions
from bot.domain.logbook_chain import details_from_json
from bot.domain.logbook_chain import details_json
from bot.domain.logbook_chain import original_state
from bot.domain.logbook_chain import revised_state
from bot.ports import ConcurrentUpdate
from storage.mapping import message_ref
from storage.review_tables import LogbookSealRow
from storage.sql import dialect_insert
from storage.sql import fresh
from storage.sql import is_postgresql
from storage.tables import ENTRY_REVISION
from storage.tables import LOGBOOK_ENTRY
from storage.tables import LOGBOOK_SEAL
from storage.tables import EntryRevisionRow
from storage.tables import IncidentRow
from storage.tables import LogbookEntryRow

_INSERT_ENTRIES = insert(LOGBOOK_ENTRY).returning(LOGBOOK_ENTRY.c.id, sort_by_parameter_order=True)
_LOGGED = (select(LOGBOOK_ENTRY.c.message_channel, LOGBOOK_ENTRY.c.message_id)
           .where(LOGBOOK_ENTRY.c.message_channel.in_(bindparam("channels", expanding=True)),
                  LOGBOOK_ENTRY.c.message_id.in_(bindparam("ids", expanding=True))))


class SqlLogbookRepository:
    """:class:`bot.ports.LogbookRepository` on a session; never commits (the unit of work does)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def _lock(self, incident_id: int) -> str:
        """Serialise writers of one incident's logbook; the incident's number.

        On PostgreSQL the incident row is locked (``FOR NO KEY UPDATE``, until commit); SQLite's
        BEGIN IMMEDIATE already serialises writers.
        """
        statement = select(IncidentRow.number).where(col(IncidentRow.id) == incident_id)
        if is_postgresql(self._session):
            statement = statement.with_for_update(key_share=True)
        number = self._session.exec(statement).first()
        if number is None:
            raise ValueError(f"no incident {incident_id}")
        return number

    def next_sequence(self, incident_id: int) -> int:
        """The number of the incident's next entry (the incident is locked first: writers take turns)."""
        number = self._lock(incident_id)
        return Chain(number, None, self._last_sequence(incident_id)).next_sequence()

    def _last_sequence(self, incident_id: int) -> int:
        return self._session.exec(
            select(func.max(LogbookEntryRow.sequence)).where(col(LogbookEntryRow.incident_id) == incident_id)
        ).one() or 0

    def seal(self, incident_id: int) -> tuple[int, str] | None:
        row = self._session.exec(
            fresh(select(LogbookSealRow).where(col(LogbookSealRow.incident_id) == incident_id))
        ).first()
        return (row.links, row.head) if row is not None else None

    def _chain(self, incident_id: int, numbering: bool = False) -> Chain:
        """The incident's chain as it ends now; the incident is locked first (writers take turns), then its
        seal and, when ``numbering``, its last sequence are read (read before the lock, another writer's entry
        committed meanwhile would be missed and its number given twice)."""
        number = self._lock(incident_id)
        return Chain(number, self.seal(incident_id), self._last_sequence(incident_id) if numbering else 0)

    def _reseal(self, incident_id: int, chain: Chain) -> None:
        links, head = chain.seal
        statement = dialect_insert(self._session, LOGBOOK_SEAL).values(incident_id=incident_id, links=links, head=head)
        self._session.exec(statement.on_conflict_do_update(
            index_elements=[LOGBOOK_SEAL.c.incident_id], set_={"links": links, "head": head}))

    def add(self, entry: LogbookEntry) -> LogbookEntry | None:
        """Append ``entry`` (and any revisions it carries) to the chain; set its ``id``, ``link``, ``hash``.

        Returns ``None``, leaving the transaction intact, when its message is already logged.
        Raises :class:`ConcurrentUpdate` when its sequence number was taken meanwhile.
        """
        chain = self._chain(entry.incident_id)
        original = original_state(entry)
        link = chain.entry_link(entry, original)
        values = _entry_row(entry, original, link)
        table = LOGBOOK_ENTRY
        statement = dialect_insert(self._session, table).values(**values)
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
        entry.id, entry.link, entry.hash = int(new_id), link.link, link.stored_hash
        for revision, after in carried_revisions(entry):
            self._append_revision(chain, entry, revision, after)
        self._reseal(entry.incident_id, chain)
        return entry

    def add_burst(self, entries: Sequence[LogbookEntry]) -> list[LogbookEntry | None]:
        """Append entries of one incident, without revisions, in order: one lock, one read of the
        chain's head and one new seal for all of them. Each entry's ``sequence`` is set to the next
        free number; ``None`` for an entry whose message is already logged (no number is used up)."""
        if not entries:
            return []
        incident_id = entries[0].incident_id
        if any(e.incident_id != incident_id or e.revisions for e in entries):
            raise ValueError("add_burst() takes plain entries of one incident")
        chain = self._chain(incident_id, numbering=True)
        logged = self._logged([e.message for e in entries if e.message is not None])
        added: list[LogbookEntry | None] = []
        rows: list[dict[str, Any]] = []
        for entry in entries:
            if entry.message is not None and (entry.message.channel_id, entry.message.message_id) in logged:
                added.append(None)
                continue
            if entry.message is not None:
                logged.add((entry.message.channel_id, entry.message.message_id))
            entry.sequence = chain.next_sequence()
            original = original_state(entry)
            link = chain.entry_link(entry, original)
            entry.link, entry.hash = link.link, link.stored_hash
            rows.append(_entry_row(entry, original, link))
            added.append(entry)
        if rows:  # the incident is locked: no other writer can log these messages meanwhile
            ids = self._session.connection().execute(_INSERT_ENTRIES, rows).scalars().all()
            for entry, new_id in zip((e for e in added if e is not None), ids, strict=True):
                entry.id = int(new_id)
            self._reseal(incident_id, chain)
        return added

    def _logged(self, messages: Sequence[MessageRef]) -> set[tuple[str, str]]:
        """Which of ``messages`` have an entry already."""
        if not messages:
            return set()
        found = self._session.connection().execute(_LOGGED, {
            "channels": sorted({m.channel_id for m in messages}), "ids": sorted({m.message_id for m in messages})})
        return {(row.message_channel, row.message_id) for row in found}

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

    def by_sequence(self, incident_id: int, sequence: int) -> LogbookEntry | None:
        statement = select(LogbookEntryRow).where(
            col(LogbookEntryRow.incident_id) == incident_id, col(LogbookEntryRow.sequence) == sequence)
        row = self._session.exec(fresh(statement)).first()
        return self._with_revisions([row])[0] if row is not None else None

    def revise(self, entry: LogbookEntry, revision: EntryRevision) -> None:
        """Append ``revision`` to the chain, with the entry's state after it as the caller set it.

        ``entry.text``, ``entry.deleted`` and ``entry.details`` are the state after the change (a
        ``DELETED`` revision also marks it deleted); ``revision`` is appended to ``entry.revisions``
        unless the caller already put it there. The entry's own row is not changed.
        """
        if entry.id is None:
            raise ValueError("revise() needs a stored entry (add() it first)")
        after = revised_state(entry, revision)
        chain = self._chain(entry.incident_id)
        self._append_revision(chain, entry, revision, after)
        self._reseal(entry.incident_id, chain)
        if not entry.revisions or entry.revisions[-1] is not revision:
            entry.revisions.append(revision)

    def _append_revision(self, chain: Chain, entry: LogbookEntry, revision: EntryRevision, after: EntryState) -> None:
        assert entry.id is not None
        link = chain.revision_link(entry, revision, after)
        self._session.exec(
            insert(ENTRY_REVISION).values(
                entry_id=entry.id,
                incident_id=entry.incident_id,
                text=revision.text,
                kind=revision.kind.value,
                revised_at=revision.revised_at,
                revised_by=revision.revised_by,
                after={"text": after.text, "deleted": after.deleted, "details": details_json(after.details)},
                link=link.link,
                previous_hash=link.previous_hash,
                hash=link.stored_hash,
            )
        )

    def set_permalinks(self, permalinks: Mapping[int, str]) -> None:
        if permalinks:
            self._session.connection().execute(
                _SET_PERMALINK, [{"entry_id": entry_id, "permalink": link} for entry_id, link in permalinks.items()])

    def entries(self, incident_id: int, limit: int, offset: int = 0) -> list[LogbookEntry]:
        """In time order (by the moment recorded, then by number: the entries a merge brought in read among the
        others), each as it reads now, with its revisions oldest first."""
        statement = (
            select(LogbookEntryRow)
            .where(col(LogbookEntryRow.incident_id) == incident_id)
            .order_by(col(LogbookEntryRow.recorded_at), col(LogbookEntryRow.sequence))
            .limit(limit)
            .offset(offset)
        )
        return self._with_revisions(list(self._session.exec(fresh(statement))))

    def count(self, incident_id: int) -> int:
        return self._session.exec(
            select(func.count()).select_from(LogbookEntryRow).where(col(LogbookEntryRow.incident_id) == incident_id)
        ).one()

    def chain(self, incident_id: int) -> list[ChainLink]:
        entries = list(self._session.exec(fresh(
            select(LogbookEntryRow).where(col(LogbookEntryRow.incident_id) == incident_id))))
        sequences = {row.id: row.sequence for row in entries}
        revisions = list(self._session.exec(fresh(
            select(EntryRevisionRow).where(col(EntryRevisionRow.incident_id) == incident_id))))
        links: list[tuple[int, int, int, ChainLink]] = []
        for row in entries:
            state = EntryState(row.text, row.deleted, _details(row))
            links.append((row.link or 0, 0, row.id or 0, ChainLink(
                LinkKind.ENTRY, row.link, row.sequence, row.recorded_at, row.author_id, row.hash or "",
                row.previous_hash or "",
                source=row.source, message=message_ref(row.message_channel, row.message_id), state=state)))
        for rev in revisions:
            links.append((rev.link, 1, rev.id or 0, ChainLink(
                LinkKind.REVISION, rev.link, sequences.get(rev.entry_id, -1), rev.revised_at, rev.revised_by,
                rev.hash, rev.previous_hash, state=_after(rev.after), revision_kind=rev.kind, before=rev.text)))
        return [link for *_, link in sorted(links, key=lambda item: item[:3])]

    def _with_revisions(self, rows: Sequence[LogbookEntryRow]) -> list[LogbookEntry]:
        history: dict[int, list[EntryRevisionRow]] = defaultdict(list)
        ids = [row.id for row in rows if row.id is not None]
        if ids:
            statement = (
                select(EntryRevisionRow)
                .where(col(EntryRevisionRow.entry_id).in_(ids))
                .order_by(col(EntryRevisionRow.link), col(EntryRevisionRow.id))
            )
            for revision in self._session.exec(fresh(statement)):
                history[revision.entry_id].append(revision)
        return [_entry_from_row(row, history[row.id] if row.id is not None else []) for row in rows]


def _details(row: LogbookEntryRow) -> EntryDetails:
    return EntryDetails(incident_type=row.incident_type, summary=row.summary, team=row.team,
                        activities=tuple(row.activities or ()), impact=row.impact, duration=row.duration,
                        resources=row.resources)


def _after(data: Any) -> EntryState | None:
    if not isinstance(data, dict):
        return None
    return EntryState(str(data.get("text") or ""), bool(data.get("deleted")), details_from_json(data.get("details")))


def _entry_row(entry: LogbookEntry, original: EntryState, link: ChainLink) -> dict[str, Any]:
    """The row to insert for ``entry``, as the chain linked it."""
    return _entry_values(entry, original) | {"link": link.link, "previous_hash": link.previous_hash,
                                             "hash": link.stored_hash}


def _entry_values(entry: LogbookEntry, original: EntryState) -> dict[str, Any]:
    details = original.details
    return {
        "incident_id": entry.incident_id,
        "sequence": entry.sequence,
        "recorded_at": entry.recorded_at,
        "author_id": entry.author_id,
        "source": entry.source.value,
        "text": original.text,
        "message_channel": entry.message.channel_id if entry.message else None,
        "message_id": entry.message.message_id if entry.message else None,
        "permalink": entry.permalink,
        "deleted": False,
        "incident_type": details.incident_type,
        "summary": details.summary,
        "team": details.team,
        "activities": list(details.activities),
        "impact": details.impact,
        "duration": details.duration,
        "resources": details.resources,
    }


def _entry_from_row(row: LogbookEntryRow, revisions: list[EntryRevisionRow]) -> LogbookEntry:
    state = EntryState(row.text, row.deleted, _details(row))
    for revision in revisions:
        state = _after(revision.after) or state
    return LogbookEntry(
        id=row.id,
        incident_id=row.incident_id,
        sequence=row.sequence,
        recorded_at=row.recorded_at,
        author_id=row.author_id,
        source=EntrySource(row.source),
        text=state.text,
        message=message_ref(row.message_channel, row.message_id),
        permalink=row.permalink,
        deleted=state.deleted,
        revisions=[EntryRevision(text=r.text, kind=RevisionKind(r.kind), revised_at=r.revised_at,
                                 revised_by=r.revised_by) for r in revisions],
        details=state.details,
        link=row.link,
        hash=row.hash or "",
    )


_SET_PERMALINK = (update(LOGBOOK_ENTRY).where(LOGBOOK_ENTRY.c.id == bindparam("entry_id"))
                  .values(permalink=bindparam("permalink")))
