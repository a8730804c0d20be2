"""The logbook kept for the whole life of an incident (DOMAIN.md §4, phase 2)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from bot.domain.incident import MessageRef


class EntrySource(StrEnum):
    TAG = "tag"
    REACTION = "reaction"
    SHORTCUT = "shortcut"
    COMMAND = "command"
    BOT = "bot"


class RevisionKind(StrEnum):
    EDITED = "edited"
    DELETED = "deleted"


@dataclass(frozen=True)
class EntryRevision:
    """A change to an entry; ``text`` is the text as it was *before* the change."""

    text: str
    kind: RevisionKind
    revised_at: datetime


@dataclass
class LogbookEntry:
    incident_id: int
    sequence: int
    recorded_at: datetime
    author_id: str
    source: EntrySource
    text: str
    message: MessageRef | None = None
    permalink: str | None = None
    deleted: bool = False
    revisions: list[EntryRevision] = field(default_factory=list)
    id: int | None = None
