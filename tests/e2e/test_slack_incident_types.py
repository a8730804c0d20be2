"""A scenario plan on the fake Slack: ``/incident type ransomware`` in the incident's channel posts the checklist
anew, the major procedure followed by the ransomware scenario's steps, and the logbook records the type."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.e2e.scheduler_world import OPERATOR
from tests.e2e.scheduler_world import classify
from tests.e2e.scheduler_world import driver
from tests.e2e.scheduler_world import marked
from tests.e2e.scheduler_world import reported
from tests.e2e.scheduler_world import running
from tests.e2e.scheduler_world import triage_message
from tests.e2e.world import World
from tests.e2e.world import button
from tests.e2e.world import populate
from tests.e2e.world import wait_for
from tests.e2e.world import write_plan
from tests.fakes.slack.http_driver import SlackDriver
from tests.fakes.slack.server import FakeSlack

RESPONDER = "U0LOTTE"
TYPES = {"outage": "Service outage",
         "ransomware": {"name": "Ransomware", "procedure": ["Disconnect the infected machines",
                                                             "Check the offline backups"]}}


@contextmanager
def scenario_plan(fake: FakeSlack, folder: Path) -> Iterator[tuple[World, SlackDriver]]:
    """A running Sirene whose plan has the scenarios of :data:`TYPES`, and a driver acting on the fake Slack."""
    helpdesk = populate(fake)
    plan = write_plan(folder / "plan.yaml", helpdesk, incident_types=TYPES)
    with running(fake, plan, f"sqlite:///{folder / 'sirene.db'}", folder / "sirene.log") as server, \
            driver(server, fake) as slack:
        yield World(fake, helpdesk, server), slack


def test_setting_the_type_in_the_channel_posts_the_scenarios_procedure(fake_slack: FakeSlack, tmp_path: Path) -> None:
    fake = fake_slack
    with scenario_plan(fake, tmp_path) as (world, slack):
        number, channel_id = classify(world, slack, "major")
        first = wait_for(lambda: marked(fake, channel_id, f"{number}:checklist"), what="the checklist")
        assert "Incident type known?" in json.dumps(first[0].blocks)

        wrong = json.dumps(slack.slash(RESPONDER, "type malware", channel_id).json())
        assert "Unknown incident type malware. Choose one of: outage (Service outage), ransomware (Ransomware)" \
            in wrong
        assert slack.slash(RESPONDER, "type ransomware", channel_id).status_code == 200
        checklists = wait_for(lambda: (found := marked(fake, channel_id, f"{number}:checklist"))[1:] and found,
                              what="the checklist posted anew")
        posted = json.dumps(checklists[-1].blocks, ensure_ascii=False)
        assert "Procedure · 🟠 Major + scenario Ransomware" in posted
        assert "11. Disconnect the infected machines" in posted and "12. Check the offline backups" in posted
        log = json.dumps(slack.slash(RESPONDER, "log", channel_id).json(), ensure_ascii=False)
        assert "set the incident type to Ransomware (was none)" in log
    assert fake.violations == []


def test_the_helpdesk_chooses_the_scenario_on_the_triage_line(fake_slack: FakeSlack, tmp_path: Path) -> None:
    fake = fake_slack
    with scenario_plan(fake, tmp_path) as (world, slack):
        helpdesk = world.helpdesk
        number = reported(world, slack, "Files encrypted")
        line = triage_message(world, number)
        slack.click(OPERATOR, helpdesk, line.ts, button(line, "sirene.set_type", f"{number}|ransomware"))
        wait_for(lambda: "Scenario: Ransomware" in json.dumps(triage_message(world, number).blocks),
                 what="the triage line showing the scenario")
        assert "sirene.set_type" not in json.dumps(triage_message(world, number).blocks)  # chosen: no more offer
        _, channel_id = classify(world, slack, "major", number=number)
        checklist = wait_for(lambda: marked(fake, channel_id, f"{number}:checklist"), what="the checklist")
        posted = json.dumps(checklist[-1].blocks, ensure_ascii=False)
        assert "Procedure · 🟠 Major + scenario Ransomware" in posted and "Disconnect the infected machines" in posted
    assert fake.violations == []
