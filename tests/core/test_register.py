"""The incident register: ``/incident list --all`` with filters (severity, type, period, open/closed), the
register as CSV and PDF, and the incidents related to one (same type or activity within twelve months)."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from bot.core import Notice
from bot.domain.severity import Severity
from bot.i18n import Translator
from bot.ports import UnitOfWorkFactory
from bot.register import RegisterFilter
from bot.register import State
from bot.register import parse_filter
from bot.register import related
from bot.usecases.command import run_command
from bot.usecases.register import register_csv
from bot.usecases.register import register_pdf
from tests.core.harness import EMPLOYEE
from tests.core.harness import OPERATOR
from tests.core.harness import Harness
from tests.core.scheduling import english_harness
from tests.core.scheduling import new_incident
from tests.core.scheduling import text


@pytest.fixture
def h(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> Harness:
    return english_harness(uow_factory, tmp_path)


def listed(h: Harness, words: str) -> str:
    answer = run_command(h.core, h.actor(EMPLOYEE), f"list --all {words}".strip())
    assert isinstance(answer, Notice)
    return text(answer.spec)


def test_the_register_lists_every_incident_with_filters(h: Harness) -> None:
    minor = new_incident(h, "minor")
    h.clock.advance(days=40)
    major = new_incident(h, "major", title="Webshop down")
    assert run_command(h.core, h.actor(OPERATOR, h.incident(minor).channel_id), "severity major grows") is None
    everything = listed(h, "")
    assert "Incident register: 2 incident(s)" in everything
    assert everything.index(major) < everything.index(minor)  # newest first
    assert "Minor → Major" in everything and "Dries Maes" in everything and "no review" in everything
    assert minor not in listed(h, f"since={(h.clock.now() - timedelta(days=1)).date().isoformat()}")
    assert major not in listed(h, f"until={(h.clock.now() - timedelta(days=1)).date().isoformat()}")
    assert "No incident matches." in listed(h, "closed")
    assert major in listed(h, "open severity=major")
    assert "No incident matches." in listed(h, "type=ransomware")
    refused = run_command(h.core, h.actor(EMPLOYEE), "list --all colour=red")
    assert isinstance(refused, Notice) and "“colour=red” is not a filter" in text(refused.spec)
    assert "a date reads YYYY-MM-DD" in text(run_command(h.core, h.actor(EMPLOYEE), "list --all since=yesterday").spec)  # type: ignore[union-attr, arg-type]


def test_the_register_as_csv_and_pdf(h: Harness) -> None:
    number = new_incident(h, "minor", activities=("invoicing",))
    tr = Translator("en", h.core.plan.zone)
    rows = list(csv.reader(io.StringIO(register_csv(h.core, tr, RegisterFilter()))))
    assert rows[0] == ["Number", "Title", "Reported", "Closed", "Severity history", "Type", "Essential activities",
                       "Owner", "Review", "Exercise"]
    assert rows[1][0] == number and rows[1][4] == "Minor" and rows[1][6] == "Invoicing" and rows[1][7] == "Dries Maes"
    assert register_pdf(h.core, tr, RegisterFilter()).startswith(b"%PDF")


def test_filters_read_and_related_incidents_are_found(h: Harness) -> None:
    assert parse_filter(["severity=groot", "closed", "since=2026-01-01"]) == RegisterFilter(
        severity=Severity.MAJOR, state=State.CLOSED, since=parse_filter(["since=2026-01-01"]).since)
    first = h.incident(new_incident(h, "minor", activities=("email",)))
    h.clock.advance(days=30)
    second = h.incident(new_incident(h, "minor", activities=("webshop",)))
    third = h.incident(new_incident(h, "minor", activities=("email", "webshop")))
    old = replace(first, id=99, reported_at=third.reported_at - timedelta(days=400))
    assert [i.id for i in related(third, [first, second, third, old])] == [second.id, first.id]
    typed = replace(second, incident_type="outage")
    assert related(replace(third, activities=(), incident_type="outage"), [typed, first]) == [typed]


def test_sirene_register_incidents_on_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    from bot.cli import main
    from tests.core.harness import REPO

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'sirene.db'}")
    monkeypatch.setenv("SIRENE_PLAN", str(REPO / "plan.example.yaml"))
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.chdir(tmp_path)
    assert main(["register", "incidents", "--csv", "open"]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("Number,Title,Reported,Closed,Severity history")
    assert main(["register", "incidents", "--pdf", "--output", str(tmp_path / "r.pdf")]) == 0
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    assert main(["register", "incidents", "--csv", "since=soon"]) == 2
    assert capsys.readouterr().err.strip().endswith("a date reads YYYY-MM-DD.")


def test_the_review_names_related_incidents_from_the_register(h: Harness) -> None:
    from bot.core import OpenForm
    from bot.specs import TextInput
    from bot.usecases.review import open_review
    from tests.core.harness import IRP_MANAGER
    from tests.review.flow import closed_incident

    earlier = new_incident(h, "minor", activities=("email",))  # the harness reports affect e-mail
    h.clock.advance(days=10)
    number, _ = closed_incident(h)
    form = open_review(h.core, h.actor(IRP_MANAGER), number, "root_cause")
    assert isinstance(form, OpenForm)
    related_input = next(i for i in form.form.inputs if isinstance(i, TextInput) and i.name == "related")
    assert related_input.initial == f"{earlier} (Mail server down)"
