"""The logbook's hash chain: what makes it tamper-evident.

Every entry and every revision of an incident's logbook is a *link*, numbered 1, 2, 3… in the order
it was written. A link stores the SHA-256 of its content and of the previous link's hash (the first
link follows :data:`GENESIS`); the incident's *seal* stores how many links there are and the last
hash. Changing, removing or reordering a stored row breaks the chain at that link, and removing the
last links no longer matches the seal. Exports print the seal, so a paper copy anchors it too.

The recipe (canonical JSON, version 1) must never change for existing links: migration ``0002``
keeps a frozen copy of it to seal logbooks written before the chain existed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from dataclasses import replace
from datetime import UTC
from datetime import datetime
from enum import StrEnum
from typing import Any

from bot.domain.incident import MessageRef
from bot.domain.logbook import EntryDetails
from bot.domain.logbook import EntryRevision
from bot.domain.logbook import LogbookEntry
from bot.domain.logbook import RevisionKind

GENESIS = "0" * 64
RECIPE = 1


def moment(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def details_json(details: EntryDetails) -> dict[str, Any]:
    return {"incident_type": details.incident_type, "summary": details.summary, "team": details.team,
            "activities": list(details.activities), "impact": details.impact, "duration": details.duration,
            "resources": details.resources}


def details_from_json(data: Any) -> EntryDetails:
    if not isinstance(data, dict):
        return EntryDetails()
    return EntryDetails(
        incident_type=str(data.get("incident_type") or ""), summary=str(data.get("summary") or ""),
        team=str(data.get("team") or ""), activities=tuple(str(a) for a in data.get("activities") or ()),
        impact=str(data.get("impact") or ""), duration=str(data.get("duration") or ""),
        resources=str(data.get("resources") or ""))


def digest(payload: dict[str, Any]) -> str:
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class LinkKind(StrEnum):
    ENTRY = "entry"
    REVISION = "revision"


@dataclass(frozen=True)
class EntryState:
    """What an entry says at one moment: its action text, whether it was deleted, and its columns."""

    text: str
    deleted: bool
    details: EntryDetails


@dataclass(frozen=True)
class ChainLink:
    """One stored link, exactly as the database holds it (nothing reconstructed)."""

    kind: LinkKind
    link: int | None
    sequence: int
    at: datetime
    by: str
    stored_hash: str
    previous_hash: str
    # an entry
    source: str = ""
    message: MessageRef | None = None
    state: EntryState | None = None
    """The entry's original state, or a revision's state after the change."""
    # a revision
    revision_kind: str = ""
    before: str = ""


def entry_payload(number: str, link: ChainLink) -> dict[str, Any]:
    assert link.state is not None
    message = [link.message.channel_id, link.message.message_id] if link.message else None
    return {"v": RECIPE, "type": "entry", "incident": number, "link": link.link, "sequence": link.sequence,
            "recorded_at": moment(link.at), "author": link.by, "source": link.source, "text": link.state.text,
            "message": message, "details": details_json(link.state.details), "previous": link.previous_hash}


def revision_payload(number: str, link: ChainLink) -> dict[str, Any]:
    assert link.state is not None
    after = {"text": link.state.text, "deleted": link.state.deleted, "details": details_json(link.state.details)}
    return {"v": RECIPE, "type": "revision", "incident": number, "link": link.link, "sequence": link.sequence,
            "kind": link.revision_kind, "revised_at": moment(link.at), "by": link.by, "before": link.before,
            "after": after, "previous": link.previous_hash}


def link_hash(number: str, link: ChainLink) -> str:
    payload = entry_payload(number, link) if link.kind is LinkKind.ENTRY else revision_payload(number, link)
    return digest(payload)


class Chain:
    """The rules for writing one incident's chain: numbering entries, linking each new entry or revision to
    the one before, and the seal that ends it. Storage reads the chain's end (``seal``) and the last entry's
    number with the incident's logbook locked, asks this for every new link, writes the links as computed
    and stores :attr:`seal` afterwards.
    """

    def __init__(self, number: str, seal: tuple[int, str] | None, last_sequence: int = 0) -> None:
        self.number = number
        """The incident's number: every link's hash covers it."""
        self.links, self.head = seal or (0, GENESIS)
        self.last_sequence = last_sequence

    @property
    def seal(self) -> tuple[int, str]:
        """How many links the chain has and the last one's hash."""
        return self.links, self.head

    def next_sequence(self) -> int:
        """The number of the next entry: one more than the last."""
        return self.last_sequence + 1

    def entry_link(self, entry: LogbookEntry, original: EntryState) -> ChainLink:
        """``entry`` (as first written: ``original``) as the next link; the chain now ends with it."""
        link = ChainLink(LinkKind.ENTRY, self.links + 1, entry.sequence, entry.recorded_at, entry.author_id, "",
                         self.head, source=entry.source.value, message=entry.message, state=original)
        self.last_sequence = max(self.last_sequence, entry.sequence)
        return self._append(link)

    def revision_link(self, entry: LogbookEntry, revision: EntryRevision, after: EntryState) -> ChainLink:
        """A revision of ``entry`` (its state ``after`` the change) as the next link."""
        link = ChainLink(LinkKind.REVISION, self.links + 1, entry.sequence, revision.revised_at, revision.revised_by,
                         "", self.head, state=after, revision_kind=revision.kind.value, before=revision.text)
        return self._append(link)

    def _append(self, link: ChainLink) -> ChainLink:
        sealed = replace(link, stored_hash=link_hash(self.number, link))
        self.links, self.head = self.links + 1, sealed.stored_hash
        return sealed


def original_state(entry: LogbookEntry) -> EntryState:
    """What an entry said when first written: the text before its first revision, not deleted."""
    return EntryState(entry.revisions[0].text if entry.revisions else entry.text, False, entry.details)


def carried_revisions(entry: LogbookEntry) -> list[tuple[EntryRevision, EntryState]]:
    """The revisions a new entry carries, each with the entry's state after it (a revision holds the text
    *before* its change, so the state after one is the next one's text, or the entry's current text)."""
    carried = list(entry.revisions)
    states = []
    for index, revision in enumerate(carried):
        after_text = carried[index + 1].text if index + 1 < len(carried) else entry.text
        deleted = any(r.kind is RevisionKind.DELETED for r in carried[: index + 1])
        states.append((revision, EntryState(after_text, deleted, entry.details)))
    return states


def revised_state(entry: LogbookEntry, revision: EntryRevision) -> EntryState:
    """The entry's state after ``revision``: as the caller set it, deleted for a deletion."""
    if revision.kind is RevisionKind.DELETED:
        entry.deleted = True
    return EntryState(entry.text, entry.deleted, entry.details)


class Break(StrEnum):
    """Why the chain breaks at a link (catalog ``ledger.break.<value>``)."""

    ALTERED = "altered"
    """The link's content no longer matches its hash."""
    PREVIOUS = "previous"
    """The link does not follow the one before it: a link before it was removed, added or moved."""
    NUMBERING = "numbering"
    """Links are missing, doubled or out of order."""
    ORPHAN = "orphan"
    """A revision of an entry that is not in the chain before it."""
    SEAL = "seal"
    """The last links were removed (or added outside Sirene): the seal names another end."""


@dataclass(frozen=True)
class Verdict:
    links: int
    head: str
    broken_at: ChainLink | None = None
    reason: Break | None = None

    @property
    def intact(self) -> bool:
        return self.reason is None


def verify(number: str, links: list[ChainLink], seal: tuple[int, str] | None) -> Verdict:
    """Check every link in stored order; report the first that breaks the chain."""
    previous = GENESIS
    entries: set[int] = set()
    for index, link in enumerate(links, start=1):
        if link.link != index:
            return Verdict(len(links), previous, link, Break.NUMBERING)
        if link.previous_hash != previous:
            return Verdict(len(links), previous, link, Break.PREVIOUS)
        if link.state is None or link_hash(number, link) != link.stored_hash:
            return Verdict(len(links), previous, link, Break.ALTERED)
        if link.kind is LinkKind.ENTRY:
            if link.sequence in entries or link.sequence != len(entries) + 1:
                return Verdict(len(links), previous, link, Break.NUMBERING)
            entries.add(link.sequence)
        elif link.sequence not in entries:
            return Verdict(len(links), previous, link, Break.ORPHAN)
        previous = link.stored_hash
    expected = seal or (0, GENESIS)
    if expected != (len(links), previous):
        return Verdict(len(links), previous, links[-1] if links else None, Break.SEAL)
    return Verdict(len(links), previous)
