"""The sections and questions of the Post Incident Review, as the template lists them (docs/irp.md §4,
phase 6). Their words are in the catalogs under ``pir.<section>.<question>``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    TEXT = "text"
    """A free answer (several lines)."""
    LINE = "line"
    """A short free answer (one line)."""
    CHOICE = "choice"
    """One of ``choices`` (catalog ``pir.choice.<choice>``)."""
    PLANS = "plans"
    """Which of BCP, CMP, DRP (several)."""
    INCIDENT_TYPE = "incident_type"
    """One of the plan's incident types."""


YES_NO = ("yes", "no")
RTO_MET = ("none", "some", "all")
MANAGEMENT = ("not", "partly", "fully")
STAFF = ("unprepared", "partly_prepared", "fully_prepared")


@dataclass(frozen=True)
class Question:
    id: str
    kind: Kind = Kind.TEXT
    choices: tuple[str, ...] = ()
    counts: bool = True
    """Must be answered for the section to count as done (the "…" rows of the template do not)."""


def _q(*ids: str) -> tuple[Question, ...]:
    return tuple(Question(i) for i in ids)


OTHER = Question("other", counts=False)


@dataclass(frozen=True)
class Section:
    id: str
    questions: tuple[Question, ...]
    follow_ups: bool = False
    """The section also creates follow-up actions (an action, its owner, a due date)."""


SECTIONS: tuple[Section, ...] = (
    Section("administration", (
        Question("detected_at", Kind.LINE), Question("resolved_at", Kind.LINE),
        Question("incident_type", Kind.INCIDENT_TYPE), Question("severity", Kind.LINE),
        Question("customer_impact", Kind.CHOICE, YES_NO), Question("manager", Kind.LINE),
        Question("description"), OTHER)),
    Section("detection", (*_q("who_how", "in_time", "earlier", "procedures_followed"), OTHER)),
    Section("assessment", (
        *_q("correctly_assessed", "information_available"), Question("plans_activated", Kind.PLANS, counts=False),
        Question("cmp_activated", Kind.CHOICE, YES_NO),
        *_q("other_actions", "resources_used", "plan_flexible", "actions_timely"), OTHER)),
    Section("communication", (*_q("internal", "external", "channels", "first_and_updates", "right_people",
                                  "useful", "inefficient"), OTHER)),
    Section("root_cause", (*_q("cause_found", "related", "underlying", "extra_action"), OTHER)),
    Section("prevention", (*_q("lessons", "avoid_recurrence"), OTHER), follow_ups=True),
    Section("response", (Question("rto_met", Kind.CHOICE, RTO_MET), Question("contracts"), OTHER)),
    Section("management", (Question("level", Kind.CHOICE, MANAGEMENT), Question("comment", counts=False))),
    Section("staff", (Question("level", Kind.CHOICE, STAFF), Question("comment", counts=False))),
    Section("improvements", (Question("faster"), OTHER)),
    Section("damage_claims", _q("claims", "filed")),
    Section("misc", (Question("notes", counts=False),)),
)


def section(section_id: str) -> Section | None:
    return next((s for s in SECTIONS if s.id == section_id), None)


def position(section_id: str) -> int:
    """1-based place of the section in the review."""
    return next(i for i, s in enumerate(SECTIONS, start=1) if s.id == section_id)


def is_done(section_def: Section, saved: bool, answer: Callable[[str], str]) -> bool:
    """Saved at least once, with every question that counts answered."""
    return saved and all(answer(q.id).strip() for q in section_def.questions if q.counts)


PLANS_ALLOWED = frozenset({"bcp", "cmp", "drp"})
