"""The logbook kept for the whole life of an incident (docs/irp.md §4, phase 2).

An entry carries the template's columns: its number, date and time, the incident's type, a short
description of the incident, the team following it, the detailed description (impact, duration,
affected activities, resources assigned) and the action taken (``text``). Entries are append-only:
an edit, a deletion or a completion of the details appends a revision, and every entry and revision
is a link of the incident's hash chain (:mod:`bot.domain.logbook_chain`).
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
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
    COMPLETED = "completed"
    """The detailed description (impact, duration, activities, resources, type) was completed."""


@dataclass(frozen=True)
class EntryDetails:
    """The template's columns beside the action itself, as known when the entry was written or completed."""

    incident_type: str = ""
    summary: str = ""
    """The short description of the incident (its title)."""
    team: str = ""
    """The following team: a role code name (``incident_response_team``…)."""
    activities: tuple[str, ...] = ()
    impact: str = ""
    duration: str = ""
    resources: str = ""


@dataclass(frozen=True)
class EntryRevision:
    """A change to an entry; ``text`` is the text as it was *before* the change."""

    text: str
    kind: RevisionKind
    revised_at: datetime
    revised_by: str = field(default="", compare=False)


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
    details: EntryDetails = field(default_factory=EntryDetails)
    link: int | None = None
    """The entry's place in the incident's hash chain (entries and revisions share one chain)."""
    hash: str = ""
