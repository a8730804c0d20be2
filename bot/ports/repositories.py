"""The repositories the core reads and writes its records through (implemented in ``storage/``), one
Protocol a kind of record."""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.domain.communication import Communication
from bot.domain.external_report import ExternalReport
from bot.domain.incident import Approval
from bot.domain.incident import ChecklistItem
from bot.domain.incident import Incident
from bot.domain.incident import MessageRef
from bot.domain.incident import SeverityChange
from bot.domain.logbook import EntryRevision
from bot.domain.logbook import LogbookEntry
from bot.domain.logbook_chain import ChainLink
from bot.domain.outreach import SentMessage
from bot.domain.page import Page
from bot.domain.page import PageKind
from bot.domain.regulation import Regime
from bot.domain.regulation import RegulatoryCase
from bot.domain.regulation import Submission
from bot.domain.review import Answer
from bot.domain.review import FollowUp
from bot.domain.review import Review
from bot.domain.timer import Timer


class IncidentRepository(Protocol):
    def next_sequence(self, year: int) -> int:
        """The next number of ``year``, gapless: taken inside the transaction that stores the incident."""
        ...

    def add(self, incident: Incident, idempotency_key: str | None = None) -> Incident: ...

    def by_idempotency_key(self, key: str) -> Incident | None: ...

    def get(self, incident_id: int) -> Incident | None: ...

    def get_many(self, incident_ids: Sequence[int]) -> dict[int, Incident]: ...

    def by_number(self, number: str) -> Incident | None: ...

    def by_channel(self, platform: str, channel_id: str) -> Incident | None: ...

    def by_thread(self, platform: str, channel_id: str, thread_id: str) -> Incident | None:
        """The incident without a channel of its own that lives in this thread (of its triage message)."""
        ...

    def save(self, incident: Incident) -> None:
        """Store changes; raise :class:`ConcurrentUpdate` if the version moved meanwhile."""
        ...

    def open_incidents(self, limit: int, offset: int = 0) -> list[Incident]: ...

    def register(self, limit: int) -> list[Incident]:
        """Every incident, open or closed, newest first (the register), at most ``limit``."""
        ...

    def count_open(self) -> int: ...

    def reporter_display(self, platform: str, reporter_id: str) -> str:
        """The platform name stored with this reporter's latest named report (``bot.people``), or ``""``."""
        ...

    def channel_name_taken(self, platform: str, name: str) -> bool: ...

    def add_severity_change(self, change: SeverityChange) -> None: ...

    def severity_changes(self, incident_id: int) -> list[SeverityChange]: ...

    def add_checklist(self, items: Sequence[ChecklistItem]) -> None: ...

    def checklist(self, incident_id: int) -> list[ChecklistItem]: ...

    def save_checklist_item(self, item: ChecklistItem) -> None: ...

    def add_approval(self, approval: Approval) -> None: ...

    def approvals(self, incident_id: int, round: int) -> list[Approval]: ...


class LogbookRepository(Protocol):
    def add(self, entry: LogbookEntry) -> LogbookEntry | None:
        """Append; return ``None`` when that message is already in the logbook (a duplicate)."""
        ...

    def add_burst(self, entries: Sequence[LogbookEntry]) -> list[LogbookEntry | None]:
        """Append plain entries of one incident in order, numbering them; ``None`` for a duplicate."""
        ...

    def next_sequence(self, incident_id: int) -> int: ...

    def by_message(self, ref: MessageRef) -> LogbookEntry | None: ...

    def revise(self, entry: LogbookEntry, revision: EntryRevision) -> None:
        """Append ``revision`` (the text before the change) and store the entry's new text/deleted flag."""
        ...

    def set_permalinks(self, permalinks: Mapping[int, str]) -> None:
        """Each entry's (by id) link to its message."""
        ...

    def entries(self, incident_id: int, limit: int, offset: int = 0) -> list[LogbookEntry]:
        """In time order (the moment recorded, then the number): entries a merge brought in read among the others."""
        ...

    def count(self, incident_id: int) -> int: ...

    def by_sequence(self, incident_id: int, sequence: int) -> LogbookEntry | None: ...

    def chain(self, incident_id: int) -> list[ChainLink]:
        """Every link of the incident's hash chain as stored (entries and revisions), in link order."""
        ...

    def seal(self, incident_id: int) -> tuple[int, str] | None:
        """How many links the chain has and its last hash, as sealed at the last write."""
        ...


class ReviewRepository(Protocol):
    def get(self, incident_id: int) -> Review | None:
        """The review with its answers and saved sections."""
        ...

    def open(self, review: Review) -> bool:
        """Store a new review; ``False`` when the incident has one already."""
        ...

    def save(self, review: Review) -> None:
        """Store the review's own fields; raise :class:`ConcurrentUpdate` if it changed since read."""
        ...

    def put_answers(self, incident_id: int, answers: Sequence[Answer]) -> None:
        """Insert or replace answers (one per section and question)."""
        ...

    def mark_saved(self, incident_id: int, section: str, by: str, at: datetime) -> None: ...

    def add_follow_up(self, follow_up: FollowUp) -> FollowUp: ...

    def follow_up(self, follow_up_id: int) -> FollowUp | None: ...

    def follow_ups(self, incident_id: int | None, open_only: bool, limit: int = 200) -> list[FollowUp]:
        """Of one incident or of all; due first."""
        ...

    def save_follow_up(self, follow_up: FollowUp) -> None: ...


class TimerRepository(Protocol):
    def add(self, timer: Timer) -> bool:
        """Store a new timer; ``False`` (and nothing stored) when its key was ever used."""
        ...

    def by_key(self, key: str) -> Timer | None: ...

    def pending(self, incident_id: int | None) -> list[Timer]:
        """Timers not fired nor cancelled, of one incident (``None``: the plan's own), by due time."""
        ...

    def cancel(self, timer_id: int, now: datetime) -> None: ...

    def restore(self, timer_id: int, due_at: datetime) -> None:
        """Make a cancelled (never fired) timer pending again, due at ``due_at``."""
        ...

    def claim_next(self, now: datetime) -> Timer | None:
        """Take the most overdue pending timer and mark it fired, in this transaction: no other process
        can take it (PostgreSQL ``FOR UPDATE SKIP LOCKED``; SQLite's write lock and a conditional update).
        Rolling back gives it back."""
        ...

    def next_due(self, after: datetime) -> datetime | None:
        """The earliest due time, later than ``after``, of a timer not fired nor cancelled."""
        ...

    def claim_due(self, now: datetime, limit: int) -> list[Timer]:
        """:meth:`claim_next` for up to ``limit`` timers at once, most overdue first."""
        ...

    def release(self, timer_id: int) -> None:
        """Give a claimed timer back (it fires again at a later tick)."""
        ...

    def hold(self, timer_id: int, until: datetime, error: str) -> None:
        """Its firing failed: try again from ``until`` (counted in ``attempts``)."""
        ...


class PageRepository(Protocol):
    def add(self, page: Page) -> Page | None:
        """Store a new page and set its id; ``None`` (nothing stored) when its key was used before."""
        ...

    def get(self, page_id: int) -> Page | None: ...

    def save(self, page: Page) -> None:
        """Store changes; raise :class:`ConcurrentUpdate` if someone else changed it meanwhile."""
        ...

    def of_incident(self, incident_id: int, kind: PageKind | None = None) -> list[Page]: ...


class RegulationRepository(Protocol):
    """The legal notifications of incidents (NIS2, GDPR, DORA): regimes marked, steps submitted."""

    def cases(self, incident_id: int) -> list[RegulatoryCase]: ...

    def all_cases(self, regime: Regime) -> list[RegulatoryCase]:
        """Every incident's case under ``regime``, by awareness (the breach register)."""
        ...

    def add_case(self, case: RegulatoryCase) -> bool:
        """Store a new case; ``False`` when the incident has one under that regime already."""
        ...

    def save_case(self, case: RegulatoryCase) -> None:
        """Store changes; raise :class:`ConcurrentUpdate` if it changed since read."""
        ...

    def add_submission(self, incident_id: int, submission: Submission) -> bool:
        """Record a step as submitted; ``False`` when it was recorded before."""
        ...


class CommunicationRepository(Protocol):
    """Communications to the audiences of the communication plan, in the order they were made."""

    def add(self, communication: Communication) -> Communication: ...

    def get(self, communication_id: int) -> Communication | None: ...

    def of_incident(self, incident_id: int) -> list[Communication]: ...


class SentMessages(Protocol):
    """E-mails and text messages sent (``bot.domain.outreach``)."""

    def record(self, message: SentMessage) -> bool:
        """Keep ``message``; ``False`` when its ``message_id`` was kept before."""
        ...

    def was_sent(self, message_id: str) -> bool: ...

    def latest(self, limit: int) -> list[SentMessage]:
        """The most recent first."""
        ...

    def since(self, moment: datetime, incident_id: int | None = None) -> list[SentMessage]:
        """Sent at or after ``moment`` (of one incident when given), oldest first."""
        ...


class SeenEvents(Protocol):
    def first_time(self, platform: str, event_id: str) -> bool:
        """Record ``event_id``; ``False`` when it was recorded before (a redelivery)."""
        ...

    def first_times(self, platform: str, event_ids: Sequence[str]) -> set[str]:
        """Record several events at once; those among them not recorded before (each id counts once)."""
        ...


class Cursors(Protocol):
    """How far a platform's event stream has been read (e.g. Mattermost's websocket, in the
    platform's own milliseconds), so that a reconnect or a restart catches up from there."""

    def get(self, platform: str, name: str) -> int | None: ...

    def advance(self, platform: str, name: str, value: int) -> None:
        """Move the cursor forward to ``value``; a smaller value leaves it where it is."""
        ...


class ExternalReportRepository(Protocol):
    """Reports from outside the chat (``bot.sources``), one per incident they opened."""

    def add(self, report: ExternalReport) -> None: ...

    def latest(self, source: str, dedup_key: str) -> ExternalReport | None:
        """The last report of ``source`` with this deduplication key."""
        ...

    def by_status_key(self, status_key: str) -> ExternalReport | None: ...

    def of_incident(self, incident_id: int) -> ExternalReport | None: ...

    def count_signal(self, incident_id: int) -> int:
        """The source sent the report once more: the new count."""
        ...

    def mark_resolved(self, incident_id: int, at: datetime) -> None: ...
