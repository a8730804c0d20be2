"""The annex's contact list (template 5.1): roles with both contacts and their numbers, departments with their
essential activities and contacts, external contacts; ``/incident contacts`` and the printed plan show it;
a department is told when an incident affects its activities."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.core import Notice
from bot.core import Outcome
from bot.exports.markdown import render_markdown
from bot.exports.plan_print import plan_document
from bot.plan_loader import PlanInvalid
from bot.plan_loader import parse_plan
from bot.ports import UnitOfWorkFactory
from bot.usecases.command import run_command
from tests.core.harness import EMPLOYEE
from tests.core.harness import REPO
from tests.core.harness import Harness
from tests.core.scheduling import english_harness
from tests.core.scheduling import new_incident
from tests.core.scheduling import text

FINANCE_CONTACT, IT_CONTACT, IT_BACKUP = "U0IRIS", "U0LOTTE", "U0BRAM"


DEPARTMENTS = [
    {"id": "it", "name": "IT", "activities": ["email"], "primary": "lotte", "backup": "bram"},
    {"id": "finance", "name": "Finance", "activities": ["invoicing"], "primary": "iris", "backup": "marc"},
    {"id": "sales", "name": "Sales", "activities": ["webshop"], "primary": "marc", "backup": "iris"},
]


def example() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((REPO / "plan.example.yaml").read_text(encoding="utf-8"))
    data["departments"] = DEPARTMENTS
    return data


@pytest.fixture
def h(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> Harness:
    return english_harness(uow_factory, tmp_path, departments=DEPARTMENTS)


def answer(outcome: Outcome) -> str:
    assert isinstance(outcome, Notice)
    return text(outcome.spec)


def notes_to(h: Harness, user: str) -> list[str]:
    return [text(spec) for spec in h.chat.direct_to(user) if ":department:" in (spec.marker or "")]


def logbook(h: Harness, number: str) -> list[str]:
    with h.core.uow() as uow:
        return [e.text for e in uow.logbook.entries(h.incident(number).id or 0, 200)]


def test_incident_contacts_lists_roles_departments_and_external_contacts(h: Harness) -> None:
    shown = answer(run_command(h.core, h.actor(EMPLOYEE), "contacts"))
    assert "Contacts of Voorbeeld NV (annex of the plan)" in shown
    assert "Primary contact: Hugo Peeters, IT manager · ✉ hugo@example.be · T +32 2 555 01 01" in shown
    assert "Backup: Ellen Vermeulen, Infrastructure lead · ✉ ellen@example.be" in shown
    assert "Incident Response Manager" in shown and "Business Continuity Team" in shown
    assert "Internal departments and their essential activities" in shown
    assert "Essential activities: Invoicing\nPrimary contact: Iris Janssens, CFO" in shown
    assert "Telenet Business support (Supplier): Internet access · +32 800 66 046" in shown
    assert "/incident contacts" in answer(run_command(h.core, h.actor(EMPLOYEE), "help"))


def test_a_department_is_told_when_an_incident_affects_its_activities(h: Harness) -> None:
    number = new_incident(h, "minor", activities=("invoicing", "email"))
    h.tick()
    finance = notes_to(h, FINANCE_CONTACT)
    assert len(finance) == 1
    assert f"{number} (Mail server down) affects essential activities of Finance: Invoicing." in finance[0]
    assert len(notes_to(h, IT_CONTACT)) == 1 and notes_to(h, IT_BACKUP) == []
    assert notes_to(h, "U0MARC") == []  # Sales: the webshop is not affected
    assert ("Departments whose essential activities are affected, informed: IT (Lotte Claes), "
            "Finance (Iris Janssens).") in logbook(h, number)
    assert h.tick() == 0  # once


def test_the_printed_plan_has_the_departments() -> None:
    plan = parse_plan(example())
    from bot.i18n import Translator

    printed = render_markdown(plan_document(Translator("en", plan.zone), plan, datetime(2026, 12, 1, tzinfo=UTC)))
    assert "Internal departments and their essential activities" in printed
    assert "| Finance | Invoicing | Iris Janssens, CFO" in printed
    assert "Hugo Peeters, IT manager" in printed and "+32 2 555 01 01" in printed


def test_departments_are_checked_like_the_rest_of_the_plan() -> None:
    data: dict[str, Any] = yaml.safe_load((REPO / "plan.example.yaml").read_text(encoding="utf-8"))
    data["departments"] = [{"id": "finance", "name": "Finance", "activities": ["payroll"], "primary": "iris",
                            "backup": "nobody"},
                           {"id": "finance", "name": "Again", "primary": "iris", "backup": "iris"}]
    with pytest.raises(PlanInvalid) as caught:
        parse_plan(data)
    assert sorted((p.path, p.key) for p in caught.value.problems) == [
        ("departments.0.activities.0", "unknown_activity"), ("departments.0.backup", "unknown_person"),
        ("departments.1.backup", "same_as_primary"), ("departments.1.id", "duplicate")]
