"""Names, not ids: a reporter the plan does not name is shown by their platform name in the triage line, the
logbook and the report export; looked up once, off the acknowledgement path, and neutralised as chat input."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.exports.incident_report import incident_report
from bot.exports.markdown import render_markdown
from bot.people import NAME_MAX
from bot.people import neutral_name
from bot.ports import UnitOfWorkFactory
from bot.usecases.command import run_command
from bot.usecases.exports import load_report
from tests.core.harness import EMPLOYEE
from tests.core.harness import HELPDESK
from tests.core.harness import OPERATOR
from tests.core.harness import RESPONDER
from tests.core.harness import Harness
from tests.core.scheduling import classify
from tests.core.scheduling import english_harness
from tests.core.scheduling import text


@pytest.fixture
def h(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> Harness:
    return english_harness(uow_factory, tmp_path)


def logbook(h: Harness, number: str) -> str:
    incident_id = h.incident(number).id
    assert incident_id is not None
    with h.core.uow() as uow:
        return "\n".join(entry.text for entry in uow.logbook.entries(incident_id, 100))


def triage_line(h: Harness, number: str) -> str:
    [line] = [m for m in h.chat.in_channel(HELPDESK) if (m.spec.marker or "").startswith(f"{number}:triage")]
    return text(line.spec)


def exported(h: Harness, number: str) -> str:
    data = load_report(h.core, number)
    assert data is not None
    return render_markdown(incident_report(h.core.team_translator(), h.core.plan, h.core.directory, data,
                                           h.clock.now()))


def test_the_reporter_is_named_in_the_triage_line_the_logbook_and_the_export(h: Harness) -> None:
    h.chat.names[EMPLOYEE] = "Emma <!channel> *Peeters*"
    number = h.report()
    assert h.incident(number).reporter_display == ""  # the acknowledgement did not wait for the platform
    h.run_jobs()
    assert h.incident(number).reporter_display == "Emma channel Peeters"  # no mention, no markup
    assert "Emma channel Peeters" in triage_line(h, number)
    assert f"<@{EMPLOYEE}>" not in triage_line(h, number)
    assert f"The reporter {EMPLOYEE} is Emma channel Peeters" in logbook(h, number)
    report = exported(h, number)
    assert "| **Reported by** | Emma channel Peeters |" in report and "| Emma channel Peeters<br>Sirene |" in report


def test_the_name_is_asked_once_and_kept(h: Harness) -> None:
    h.chat.names[EMPLOYEE] = "Emma Peeters"
    number = h.report()
    h.run_jobs()
    h.chat.names[EMPLOYEE] = "Someone Else"
    assert classify(h, number, "minor") is None  # the triage line is refreshed
    h.run_jobs()
    assert "Emma Peeters" in triage_line(h, number) and "Someone Else" not in triage_line(h, number)
    assert logbook(h, number).count("The reporter") == 1


def test_when_the_platform_cannot_say_the_reporter_stays_shown_by_id(h: Harness) -> None:
    number = h.report()
    h.run_jobs()
    assert h.incident(number).reporter_display == ""
    assert f"<@{EMPLOYEE}>" in triage_line(h, number)
    assert "The reporter" not in logbook(h, number)
    assert EMPLOYEE in exported(h, number)


def test_the_plans_people_keep_the_plans_name(h: Harness) -> None:
    h.chat.names[RESPONDER] = "lotte.platform"
    number = h.report(reporter=RESPONDER)
    h.run_jobs()
    assert h.incident(number).reporter_display == ""
    assert "lotte.platform" not in exported(h, number)


@given(st.text(max_size=300))
def test_a_neutral_name_has_no_markup_and_is_short(name: str) -> None:
    neutral = neutral_name(name)
    assert len(neutral) <= NAME_MAX and "\n" not in neutral
    assert not set(neutral) & set("<>@*_~`|[]#!&:")


def test_a_duplicate_report_joins_under_its_reporters_name(h: Harness) -> None:
    h.chat.names[EMPLOYEE] = "Emma Peeters"
    first = h.report("Mail server down", reporter=RESPONDER, key="first")
    h.run_jobs()
    assert classify(h, first, "minor") is None
    second = h.report("No mail since 9", key="second")
    h.run_jobs()
    run_command(h.core, h.actor(OPERATOR, HELPDESK), f"duplicate {second} {first}")
    h.run_jobs()
    assert f"Extra report {second} by Emma Peeters" in logbook(h, first)


def test_a_later_report_of_the_same_person_is_reported_under_their_name(h: Harness) -> None:
    h.chat.names[EMPLOYEE] = "Emma Peeters"
    h.report(key="one")
    h.run_jobs()
    h.chat.names.clear()  # the platform is not asked again
    second = h.report("Printer on fire", key="two")
    assert h.incident(second).reporter_display == "Emma Peeters"
    assert "Reported by Emma Peeters." in logbook(h, second)
    h.run_jobs()
    assert "Emma Peeters" in triage_line(h, second) and "The reporter" not in logbook(h, second)
