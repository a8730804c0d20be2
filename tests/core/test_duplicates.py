"""A duplicate report joins an open incident (#14): no second channel, the reporter is told where to follow
it (and invited when the incident's channel is public), both logbooks and the triage line say so."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from bot import actions
from bot.core import Notice
from bot.exports.incident_report import incident_report
from bot.exports.markdown import render_markdown
from bot.ports import UnitOfWorkFactory
from bot.usecases.command import run_command
from bot.usecases.exports import load_report
from bot.usecases.interaction import press
from storage.engine import make_engine
from storage.migrate import upgrade
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.core.harness import EMPLOYEE
from tests.core.harness import HELPDESK
from tests.core.harness import OPERATOR
from tests.core.harness import RESPONDER
from tests.core.harness import Harness
from tests.core.harness import text_of
from tests.core.scheduling import channel
from tests.core.scheduling import classify
from tests.core.scheduling import english_harness
from tests.core.scheduling import text


@pytest.fixture
def h(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> Harness:
    return english_harness(uow_factory, tmp_path)


@pytest.fixture(scope="module")
def sqlite_only(tmp_path_factory: pytest.TempPathFactory) -> Harness:
    """One harness for every fuzzed example (hypothesis runs them in one test call): SQLite only."""
    folder = tmp_path_factory.mktemp("fuzz")
    url = f"sqlite:///{folder / 'sirene.db'}"
    upgrade(url)
    harness = english_harness(SqlUnitOfWorkFactory(make_engine(url)), folder)
    first = harness.report("Mail server down", reporter=RESPONDER, key="a")
    classify(harness, first, "minor")
    harness.report("No mail", reporter=EMPLOYEE, key="b")
    return harness


def opened(h: Harness, severity: str = "minor") -> tuple[str, str]:
    """An incident classified and handled in its channel, and a second report of the same outage."""
    first = h.report("Mail server down", reporter=RESPONDER, key="first")
    h.run_jobs()
    assert classify(h, first, severity) is None
    h.run_jobs()
    second = h.report("No mail since 9", reporter=EMPLOYEE, key="second")
    h.run_jobs()
    return first, second


def logbook(h: Harness, number: str) -> str:
    incident_id = h.incident(number).id
    assert incident_id is not None
    with h.core.uow() as uow:
        return "\n".join(entry.text for entry in uow.logbook.entries(incident_id, 100))


def test_a_duplicate_report_joins_the_open_incident(h: Harness) -> None:
    first, second = opened(h)
    answer = text_of(run_command(h.core, h.actor(OPERATOR, HELPDESK), f"duplicate {second} {first}"))
    assert f"{second} joins {first}" in answer
    h.run_jobs()
    joined = h.incident(second)
    assert joined.duplicate_of == first and not joined.is_open and joined.channel_id is None
    told = [spec for spec in h.chat.direct_to(EMPLOYEE) if (spec.marker or "").startswith(f"{second}:duplicate")]
    assert len(told) == 1 and first in text(told[0])
    first_channel = channel(h, first)
    members = h.chat.channels[first_channel]["members"]
    assert isinstance(members, set) and EMPLOYEE in members  # a minor incident's channel is public
    assert "Extra report" in logbook(h, first) and second in logbook(h, first)
    assert f"duplicate of {first}" in logbook(h, second)
    [line] = [m for m in h.chat.in_channel(HELPDESK) if m.spec.marker == f"{second}:triage"]
    assert "joins" in line.spec.summary  # its triage line has no classification buttons any more
    assert any(second in text(m.spec) for m in h.chat.in_channel(first_channel))  # the team is told
    data = load_report(h.core, first)
    assert data is not None
    exported = render_markdown(incident_report(h.core.team_translator(), h.core.plan, h.core.directory, data,
                                               h.clock.now()))
    assert f"Extra report {second}" in exported  # the report export shows it


def test_typed_in_the_incidents_channel_the_report_number_is_enough(h: Harness) -> None:
    first, second = opened(h)
    run_command(h.core, h.actor(OPERATOR, channel(h, first)), f"duplicate {second}")
    assert h.incident(second).duplicate_of == first


def test_a_private_incidents_channel_is_not_opened_to_the_reporter(h: Harness) -> None:
    first, second = opened(h, "major")
    run_command(h.core, h.actor(OPERATOR, HELPDESK), f"duplicate {second} {first}")
    h.run_jobs()
    members = h.chat.channels[channel(h, first)]["members"]
    assert isinstance(members, set) and EMPLOYEE not in members
    assert any((spec.marker or "").startswith(f"{second}:duplicate") for spec in h.chat.direct_to(EMPLOYEE))


def test_what_cannot_be_a_duplicate_is_refused_and_nothing_changes(h: Harness) -> None:
    first, second = opened(h)
    refusals = {
        f"duplicate {second} {first}": (EMPLOYEE, "Only the Helpdesk Operator, the Helpdesk Manager or the Incident"),
        f"duplicate {second} {second}": (OPERATOR, "itself"),
        f"duplicate {first} {second}": (OPERATOR, "already classified"),
        f"duplicate {second} INC-2026-9999": (OPERATOR, "INC-2026-9999"),
        "duplicate": (OPERATOR, "/incident duplicate"),
    }
    for command, (who, expected) in refusals.items():
        assert expected in text_of(run_command(h.core, h.actor(who, HELPDESK), command)), command
    assert h.incident(second).duplicate_of is None and h.incident(second).is_open
    run_command(h.core, h.actor(OPERATOR, HELPDESK), f"duplicate {second} {first}")
    again = text_of(run_command(h.core, h.actor(OPERATOR, HELPDESK), f"duplicate {second} {first}"))
    assert "no longer waiting" in again


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(value=st.text(max_size=60), words=st.text(max_size=60))
def test_forged_buttons_and_odd_commands_get_an_answer_never_an_error(
        sqlite_only: Harness, value: str, words: str) -> None:
    h = sqlite_only
    for action in (actions.DUPLICATE, actions.CLASSIFY_ALL):
        pressed = press(h.core, h.actor(EMPLOYEE, HELPDESK), action, value)
        assert isinstance(pressed, Notice)  # not allowed, whatever the value
        pressed = press(h.core, h.actor(OPERATOR, HELPDESK), action, value)
        assert pressed is None or isinstance(pressed, Notice)
    assert isinstance(run_command(h.core, h.actor(OPERATOR, HELPDESK), f"duplicate {words}"), Notice)
