"""Exercises (drills): ``/incident exercise <scenario> [severity] [--page-all] [with @a @b]``.

A drill runs exactly like an incident, but it reaches only its participants: whoever started it, whoever it
names, whoever handles it (its owner) and the people invited to its channel. Pages, informs and mobilisations
of anyone else are skipped (the logbook says so) unless it was started with ``--page-all`` (or the plan's
``exercises.page_everyone``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.incident import Incident
from bot.domain.severity import Severity

PAGE_ALL = frozenset({"--page-all", "--iedereen", "--tous"})
"""The option that lets a drill page, inform and mobilise as a real incident would."""
WITH = frozenset({"with", "met", "avec"})
"""The word before the people a drill names (``with @a @b``): left out of the scenario."""
_SLACK_MENTION = re.compile(r"^<@([A-Z0-9]+)(?:\|[^>]*)?>$")


@dataclass(frozen=True)
class ExerciseRequest:
    """What ``/incident exercise …`` asked for (see :func:`parse_exercise`)."""

    scenario: str = ""
    severity: Severity | None = None
    page_all: bool = False
    people: tuple[str, ...] = ()
    """The people named, as typed (``@dries``, ``<@U0DRIES>``): ``bot.usecases.exercise`` finds who they are."""
    unknown_option: str | None = None
    """An option that is neither a severity nor ``--page-all`` (``--huge``): the user is told what to use."""


@dataclass(frozen=True)
class Drill:
    """How a report starts an exercise: who takes part, and whether it reaches everyone."""

    participants: frozenset[str]
    page_all: bool = False
    names: str = ""
    """The participants' names, for the logbook's first line."""

    @property
    def logbook_key(self) -> str:
        return "exercise.log_started_all" if self.page_all else "exercise.log_started"


def parse_exercise(args: tuple[str, ...]) -> ExerciseRequest:
    """Options (``--page-all``, ``--major``) and people (``@dries``) anywhere; a severity also as the last word
    of the scenario (``Ransomware on the file server major``); the rest is the scenario."""
    words: list[str] = []
    people: list[str] = []
    severity: Severity | None = None
    page_all = False
    unknown: str | None = None
    for word in args:
        lowered = word.lower()
        if lowered in PAGE_ALL:
            page_all = True
        elif lowered.startswith("--"):
            found = Severity.parse(lowered[2:])
            if found is None:
                unknown = unknown or word
            else:
                severity = found
        elif word.startswith("@") or _SLACK_MENTION.match(word):
            people.append(word)
        else:
            words.append(word)
    if people and words and words[-1].lower() in WITH:
        words.pop()
    if severity is None and len(words) > 1 and (last := Severity.parse(words[-1])) is not None:
        severity = last
        words.pop()
    return ExerciseRequest(" ".join(words).strip(), severity, page_all, tuple(people), unknown)


def mention_id(word: str) -> str | None:
    """The user id of a Slack mention (``<@U0DRIES|dries>``), ``None`` for a name (``@dries``)."""
    match = _SLACK_MENTION.match(word)
    return match.group(1) if match else None


def participants(incident: Incident) -> frozenset[str]:
    """Who takes part: the starter and the people named, its owner, its reporter, its channel's invitees."""
    found = set(incident.exercise_participants) | set(incident.invited)
    found |= {user for user in (incident.owner_id, incident.reporter_id, incident.classified_by) if user}
    return frozenset(found)


def reaches(incident: Incident | None, user: str, page_everyone: bool = False) -> bool:
    """Whether ``user`` may be paged, informed or mobilised about ``incident``: always for a real incident; for a
    drill only its participants, unless it (or the plan) lets it reach everyone."""
    if incident is None or not incident.exercise or incident.exercise_page_all or page_everyone:
        return True
    return user in participants(incident)


def isolated(incident: Incident | None, page_everyone: bool = False) -> bool:
    """A drill that reaches only its participants (nobody outside: no department, no regulator, no public)."""
    return incident is not None and incident.exercise and not incident.exercise_page_all and not page_everyone
