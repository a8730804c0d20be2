"""``incident_types`` in the plan file: a name alone (the older form) or a scenario plan, checked with clear
errors; a plan written with names alone keeps its fingerprint."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.domain.severity import Severity
from bot.i18n import Translator
from bot.plan_loader import PlanInvalid
from bot.plan_loader import parse_plan
from bot.plan_types import IncidentType
from bot.plan_types import ProcedureMode
from bot.plan_version import plan_fingerprint
from tests.test_plan import example


def with_types(types: dict[str, Any]) -> dict[str, Any]:
    data = example()
    data["incident_types"] = types
    return data


def explained(types: dict[str, Any]) -> list[str]:
    with pytest.raises(PlanInvalid) as caught:
        parse_plan(with_types(types))
    return [p.describe(Translator("en", ZoneInfo("Europe/Brussels"))) for p in caught.value.problems]


def test_names_alone_and_scenarios_are_read() -> None:
    plan = parse_plan(with_types({
        "outage": "Service outage",
        "ransomware": {"name": "Ransomware", "severities": ["major", "crisis"], "procedure": ["Disconnect"]},
        "power": {"name": "Power outage", "procedure_mode": "replace", "procedure": ["Start the generator"]},
    }))
    assert plan.incident_types["outage"] == IncidentType(name="Service outage")
    ransomware = plan.incident_types["ransomware"]
    assert ransomware.procedure_mode is ProcedureMode.EXTEND
    assert ransomware.procedure_for(Severity.MAJOR) == ("Disconnect",)
    assert ransomware.procedure_for(Severity.MINOR) == ()
    assert plan.incident_types["power"].procedure_mode is ProcedureMode.REPLACE


def test_a_plan_with_names_alone_keeps_its_fingerprint() -> None:
    """Before scenarios, ``incident_types`` was id → name; the plan's fingerprint (stored with every incident)
    does not change for a plan that did not."""
    plan = parse_plan(with_types({"outage": "Service outage"}))
    assert '"incident_types":{"outage":"Service outage"}' in plan.model_dump_json()
    assert plan_fingerprint(plan) != plan_fingerprint(parse_plan(with_types({"outage": "Outage"})))


def test_mistakes_are_explained_with_their_path() -> None:
    assert explained({"power": {"name": "Power outage", "procedure_mode": "replace"}}) == [
        "incident_types.power: procedure_mode: replace needs the procedure's steps"]
    assert explained({"power": {"name": "Power", "severities": ["major"]}}) == [
        "incident_types.power: severities limits the procedure: give its steps"]
    assert explained({"power": {"name": "Power", "procedure": ["Start", " "]}}) == [
        "incident_types.power: a step of the procedure is empty"]
    found = explained({"power": {"name": "Power", "procedure_mode": "swap", "procedure": ["Start"]},
                       "fire": {"name": "Fire", "steps": ["Leave"]}, "Bad Id": "X"})
    assert any(line.startswith("incident_types.power.procedure_mode:") for line in found)
    assert any(line.startswith("incident_types.fire.steps:") for line in found)
    assert any(line.startswith("incident_types.Bad Id") for line in found)
