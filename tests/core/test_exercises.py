"""Exercises (``/incident exercise``): a drill runs like an incident, is marked EXERCISE wherever a person reads
about it, reaches only its participants unless started with ``--page-all``, and is refused to the others."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.ports import UnitOfWorkFactory
from bot.specs import MessageSpec
from bot.usecases.command import run_command
from tests.core.harness import CMP_MANAGER, EMPLOYEE, HELPDESK, IRP_MANAGER, OPERATOR, RESPONDER, Harness
from tests.core.scheduling import english_harness, pages_to, shown, text

LABEL = "🧪 EXERCISE"


@pytest.fixture
def h(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> Harness:
    return english_harness(uow_factory, tmp_path)


def start(h: Harness, words: str, by: str = OPERATOR) -> str:
    answer = shown(run_command(h.core, h.actor(by, HELPDESK), f"exercise {words}"))
    assert answer.startswith(LABEL), answer
    number = next(word.rstrip(":") for word in answer.split() if word.startswith("INC-"))
    h.tick()
    return number


def logbook(h: Harness, number: str) -> list[str]:
    with h.core.uow() as uow:
        return [e.text for e in uow.logbook.entries(h.incident(number).id or 0, 200)]


def everything_posted(h: Harness) -> list[MessageSpec]:
    return [m.spec for m in h.chat.messages.values()]


def test_a_drill_with_a_severity_runs_like_an_incident_marked_everywhere(h: Harness) -> None:
    number = start(h, "Ransomware on the file server major with @lotte")
    incident = h.incident(number)
    assert incident.exercise and incident.severity is not None and incident.severity.value == "major"
    assert incident.title == "Ransomware on the file server"
    assert incident.channel_name is not None and incident.channel_name.startswith("exercise-inc-")
    assert h.chat.channels[incident.channel_id or ""]["topic"].startswith(LABEL)
    posted = everything_posted(h)
    assert posted and all(spec.summary.startswith(LABEL) for spec in posted)
    assert all(LABEL in text(spec) for spec in posted)
    members = h.chat.channels[incident.channel_id or ""]["members"]
    assert members == {OPERATOR, RESPONDER}  # not the plan's roles for a major incident: only the participants
    assert any("Exercise started by" in line and "Lotte" in line for line in logbook(h, number))
