"""Scenario plans (``incident_types.<id>.procedure``): once the incident's type is known, its checklist is the
severity's procedure extended or replaced by the type's steps; a type written as a name alone changes nothing
but the type; the logbook records every change."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from pathlib import Path

import pytest

from bot import actions
from bot.core import FieldErrors
from bot.core import Notice
from bot.core import OpenForm
from bot.domain.logbook import EntrySource
from bot.exports.incident_report import incident_report
from bot.exports.markdown import render_markdown
from bot.exports.plan_print import plan_document
from bot.i18n import Translator
from bot.ports import UnitOfWorkFactory
from bot.specs import FormValues
from bot.specs import SelectInput
from bot.usecases.command import run_command
from bot.usecases.exports import ALL_ENTRIES
from bot.usecases.exports import load_report
from bot.usecases.interaction import press
from bot.usecases.interaction import submit
from tests.core.harness import EMPLOYEE
from tests.core.harness import HELPDESK
from tests.core.harness import OPERATOR
from tests.core.harness import RESPONDER
from tests.core.harness import Harness
from tests.core.scheduling import button
from tests.core.scheduling import buttons
from tests.core.scheduling import channel
from tests.core.scheduling import english_harness
from tests.core.scheduling import marked
from tests.core.scheduling import new_incident
from tests.core.scheduling import shown
from tests.core.scheduling import text

TYPES = {  # the plan file written back sorts them: outage, power, ransomware
    "outage": "Service outage",
    "ransomware": {"name": "Ransomware", "severities": ["major", "crisis"],
                   "procedure": ["Disconnect the infected machines", "Check the offline backups"]},
    "power": {"name": "Power outage", "procedure_mode": "replace",
              "procedure": ["Start the generator", "Shut down the non-essential systems"]},
}
MAJOR_STEPS = 10


@pytest.fixture
def h(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> Harness:
    return english_harness(uow_factory, tmp_path, incident_types=TYPES)


def checklist(h: Harness, number: str) -> str:
    """The checklist message the channel shows last, as it reads now."""
    return text(marked(h, channel(h, number), f"{number}:checklist")[-1])


def set_type(h: Harness, number: str, type_id: str, who: str = RESPONDER) -> str:
    answer = shown(run_command(h.core, h.actor(who, channel(h, number)), f"type {type_id}"))
    h.run_jobs()
    return answer


def bot_lines(h: Harness, number: str) -> list[str]:
    with h.core.uow() as uow:
        entries = uow.logbook.entries(h.incident(number).id or 0, ALL_ENTRIES)
    return [e.text for e in entries if e.source is EntrySource.BOT]


def test_a_scenario_that_extends_adds_its_steps_after_the_severitys(h: Harness) -> None:
    number = new_incident(h, "major")
    assert len(marked(h, channel(h, number), f"{number}:checklist")) == 1
    assert "Incident type known? The plan has a scenario for: power, ransomware." in checklist(h, number)

    assert "incident type Ransomware" in set_type(h, number, "ransomware")
    assert len(marked(h, channel(h, number), f"{number}:checklist")) == 2  # posted anew, as for a new severity
    shown_now = checklist(h, number)
    assert "Procedure · 🟠 Major + scenario Ransomware" in shown_now
    assert "1. Contain the incident." in shown_now
    assert f"{MAJOR_STEPS + 1}. Disconnect the infected machines" in shown_now
    assert f"{MAJOR_STEPS + 2}. Check the offline backups" in shown_now
    assert "Incident type known?" not in shown_now
    posted = "\n".join(text(m.spec) for m in h.chat.in_channel(channel(h, number)))
    assert "set the incident type to Ransomware. Procedure from now on: the Major procedure, then the steps of " \
           "the Ransomware scenario." in posted
    assert any("set the incident type to Ransomware (was none)" in line for line in bot_lines(h, number))

    # A scenario step is ticked like any other.
    assert press(h.core, h.actor(RESPONDER, channel(h, number)), actions.CHECK,
                 actions.value(number, MAJOR_STEPS + 1)) is None
    h.run_jobs()
    assert f"2 of {MAJOR_STEPS + 2} steps done" not in checklist(h, number)
    assert f"1 of {MAJOR_STEPS + 2} steps done" in checklist(h, number)

    # Reclassification keeps the scenario: the crisis procedure, then the same scenario steps.
    assert run_command(h.core, h.actor(OPERATOR, channel(h, number)), "severity crisis It spreads") is None
    h.run_jobs()
    crisis = checklist(h, number)
    assert "Procedure · 🔴 Crisis + scenario Ransomware" in crisis
    assert "8. Disconnect the infected machines" in crisis and "9. Check the offline backups" in crisis


def test_a_scenario_that_replaces_is_the_whole_checklist(h: Harness) -> None:
    number = new_incident(h, "minor")
    set_type(h, number, "power")
    shown_now = checklist(h, number)
    assert "Procedure · scenario Power outage (replaces the 🟡 Minor procedure)" in shown_now
    assert "1. Start the generator" in shown_now and "2. Shut down the non-essential systems" in shown_now
    assert "Contain the incident." not in shown_now
    assert "Open checklist items: 2" in shown(run_command(h.core, h.actor(RESPONDER, channel(h, number)), "status"))
    assert press(h.core, h.actor(RESPONDER, channel(h, number)), actions.CHECK, actions.value(number, 2)) is None
    h.run_jobs()
    assert "1 of 2 steps done" in checklist(h, number)


def test_a_type_named_alone_and_a_scenario_for_other_severities_keep_the_severitys_procedure(h: Harness) -> None:
    number = new_incident(h, "minor")
    before = checklist(h, number)
    assert "Incident type known? The plan has a scenario for: power." in before  # ransomware: major and crisis
    set_type(h, number, "outage")
    assert h.incident(number).incident_type == "outage"
    assert len(marked(h, channel(h, number), f"{number}:checklist")) == 1
    assert "Procedure · 🟡 Minor" in checklist(h, number) and "Incident type known?" not in checklist(h, number)
    assert any("set the incident type to Service outage (was none). Procedure: the Minor procedure." in line
               for line in bot_lines(h, number))
    set_type(h, number, "ransomware")  # its steps are for major and crisis only
    assert len(marked(h, channel(h, number), f"{number}:checklist")) == 1
    assert "scenario" not in checklist(h, number)


def test_unknown_ids_usage_rights_and_repeats_are_answered(h: Harness) -> None:
    number = new_incident(h, "major")
    where = h.actor(RESPONDER, channel(h, number))
    assert shown(run_command(h.core, where, "type malware")).endswith(
        "Unknown incident type malware. Choose one of: outage (Service outage), power (Power outage), "
        "ransomware (Ransomware)")
    assert "Usage: /incident type <id>, one of: outage (Service outage)" in shown(run_command(h.core, where, "type"))
    refused = shown(run_command(h.core, h.actor(EMPLOYEE, channel(h, number)), "type ransomware"))
    assert "Only the owner of" in refused and "Incident Response Manager" in refused
    assert h.incident(number).incident_type is None
    set_type(h, number, "ransomware")
    assert "already has the incident type Ransomware" in shown(run_command(h.core, where, "type ransomware"))
    assert "/incident type <id>" in shown(run_command(h.core, where, "help"))


def test_the_checklists_scenario_buttons_and_the_reclassification_form_set_the_type(h: Harness) -> None:
    number = new_incident(h, "major")
    spec = marked(h, channel(h, number), f"{number}:checklist")[-1]
    assert [b.label for b in buttons(spec) if b.action == actions.SET_TYPE] == ["Power outage", "Ransomware"]
    power = next(b for b in buttons(spec) if b.action == actions.SET_TYPE)
    assert isinstance(press(h.core, h.actor(RESPONDER, channel(h, number)), power.action, power.value), Notice)
    h.run_jobs()
    assert h.incident(number).incident_type == "power"
    assert "scenario Power outage" in checklist(h, number)

    form = press(h.core, h.actor(OPERATOR, channel(h, number)), actions.RECLASSIFY, actions.value(number))
    assert isinstance(form, OpenForm)
    select = next(i for i in form.form.inputs if isinstance(i, SelectInput) and i.name == "incident_type")
    assert isinstance(select, SelectInput) and select.initial == ("power",)
    bad = submit(h.core, h.actor(OPERATOR), actions.FORM_RECLASSIFY,
                 FormValues({"severity": "crisis", "reason": "Spreads", "incident_type": "nope"}), number)
    assert isinstance(bad, FieldErrors) and "incident_type" in bad.errors
    submit(h.core, h.actor(OPERATOR), actions.FORM_RECLASSIFY,
           FormValues({"severity": "crisis", "reason": "Spreads", "incident_type": "ransomware"}), number)
    h.run_jobs()
    assert "Procedure · 🔴 Crisis + scenario Ransomware" in checklist(h, number)
    assert button(marked(h, channel(h, number), f"{number}:checklist")[-1], actions.CHECK)


def test_the_export_and_the_printed_plan_show_the_scenario(h: Harness) -> None:
    number = new_incident(h, "minor")
    set_type(h, number, "power")
    press(h.core, h.actor(RESPONDER, channel(h, number)), actions.CHECK, actions.value(number, 1))
    data = load_report(h.core, number)
    assert data is not None
    tr = Translator("en", h.core.plan.zone)
    report = render_markdown(incident_report(tr, h.core.plan, h.core.directory, data, h.clock.now()))
    assert "Power outage" in report
    assert "Procedure followed" in report
    assert "the steps of the Power outage scenario, instead of the Minor procedure." in report
    assert "1. Start the generator" in report and "2. Shut down the non-essential systems" in report
    printed = render_markdown(plan_document(tr, h.core.plan, datetime(2026, 12, 1, tzinfo=UTC)))
    assert "Scenarios (procedures per incident type)" in printed
    assert "Replaces the severity's procedure · for: every severity" in printed
    assert "for: Major, Crisis" in printed


def test_the_logbook_form_sets_the_type_and_the_checklist_follows(h: Harness) -> None:
    number = new_incident(h, "major")
    done = submit(h.core, h.actor(RESPONDER, channel(h, number)), actions.FORM_LOG_ADD,
                  FormValues({"text": "Ransom note found on the file server", "incident_type": "ransomware"}), number)
    assert not isinstance(done, FieldErrors)
    h.run_jobs()
    assert "Procedure · 🟠 Major + scenario Ransomware" in checklist(h, number)
    assert any("set the incident type to Ransomware" in line for line in bot_lines(h, number))


def test_the_scenario_can_be_chosen_on_the_triage_line_before_classifying(h: Harness) -> None:
    number = h.report("Files encrypted on the file server")
    h.run_jobs()
    line = marked(h, HELPDESK, f"{number}:triage")[-1]
    offered = [b for b in buttons(line) if b.action == actions.SET_TYPE]
    assert [b.label for b in offered] == ["Power outage", "Ransomware"]
    assert "Incident type known? Scenario (optional" in text(line)
    ransomware = offered[1]
    answer = press(h.core, h.actor(OPERATOR, HELPDESK), ransomware.action, ransomware.value)
    assert isinstance(answer, Notice) and h.incident(number).incident_type == "ransomware"
    h.run_jobs()
    line = marked(h, HELPDESK, f"{number}:triage")[-1]
    assert "Scenario: Ransomware (its steps join the procedure once classified)" in text(line)
    assert not [b for b in buttons(line) if b.action == actions.SET_TYPE]
    assert button(line, actions.CLASSIFY)
    assert "Dries Maes set the incident type to Ransomware (was none)." in bot_lines(h, number)
    assert press(h.core, h.actor(OPERATOR, HELPDESK), actions.CLASSIFY, actions.value(number, "major")) is None
    h.run_jobs()
    shown_checklist = checklist(h, number)
    assert "Procedure · 🟠 Major + scenario Ransomware" in shown_checklist
    assert "Disconnect the infected machines" in shown_checklist
