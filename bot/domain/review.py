"""The Post Incident Review (docs/irp.md §4, phase 6) and its follow-up actions."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from datetime import datetime

from bot.domain.incident import MessageRef
from bot.domain.review_sections import SECTIONS
from bot.domain.review_sections import is_done


@dataclass(frozen=True)
class Answer:
    section: str
    question: str
    value: str
    answered_by: str
    answered_at: datetime


@dataclass(frozen=True)
class SectionSaved:
    section: str
    saved_by: str
    saved_at: datetime


@dataclass
class Review:
    incident_id: int
    opened_at: datetime
    completed_at: datetime | None = None
    completed_by: str | None = None
    message_ref: MessageRef | None = None
    """The review message in the incident's channel (progress, *Open review*)."""
    invitation_ref: MessageRef | None = None
    """The *Start review* message sent to the IRP manager."""
    answers: dict[tuple[str, str], Answer] = field(default_factory=dict)
    saved: dict[str, SectionSaved] = field(default_factory=dict)
    version: int = 0

    @property
    def complete(self) -> bool:
        return self.completed_at is not None

    def answer(self, section: str, question: str) -> str:
        found = self.answers.get((section, question))
        return found.value if found else ""


@dataclass
class FollowUp:
    incident_id: int
    text: str
    owner_id: str
    due_at: datetime
    created_by: str
    created_at: datetime
    done_at: datetime | None = None
    done_by: str | None = None
    reminders: int = 0
    id: int | None = None

    @property
    def done(self) -> bool:
        return self.done_at is not None


def done_sections(review: Review) -> list[str]:
    """The ids of the sections that are done, in the review's order."""
    found = []
    for item in SECTIONS:
        def answer(question: str, section_id: str = item.id) -> str:
            return review.answer(section_id, question)

        if is_done(item, item.id in review.saved, answer):
            found.append(item.id)
    return found
