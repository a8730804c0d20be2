"""Activating the BCP or the CMP mobilises its team (template 3.3, 3.4): the members are invited to the
incident's channel and told why; the CMP on a major incident comes with the proposal to raise it to crisis
(4.2.4), which the CMP manager may take in the same step."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot import actions
from bot.core import FormDone
from bot.core import OpenForm
from bot.domain.roles import ContinuityPlan
from bot.domain.severity import Severity
from bot.ports import UnitOfWorkFactory
from bot.specs import FormValues
from bot.specs import SelectInput
from bot.usecases.command import run_command
from bot.usecases.interaction import press
from bot.usecases.interaction import submit
from tests.core.harness import BCP_MANAGER
from tests.core.harness import CMP_MANAGER
from tests.core.harness import EMPLOYEE
from tests.core.harness import IRP_MANAGER
from tests.core.harness import REPO
from tests.core.harness import Harness
from tests.core.harness import text_of
from tests.core.scheduling import button
from tests.core.scheduling import buttons
from tests.core.scheduling import channel
from tests.core.scheduling import english_harness
from tests.core.scheduling import marked
from tests.core.scheduling import new_incident
from tests.core.scheduling import text

BCP_BACKUP, ENGINEER = "U0IRIS", "U0BRAM"


@pytest.fixture
def h(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> Harness:
    roles: dict[str, Any] = yaml.safe_load((REPO / "plan.example.yaml").read_text(encoding="utf-8"))["roles"]
    roles["business_continuity_team"] = {"primary": "sofie", "backup": "iris", "members": ["iris", "marc"]}
    return english_harness(uow_factory, tmp_path, roles=roles)


def logbook(h: Harness, number: str) -> list[str]:
    with h.core.uow() as uow:
        return [e.text for e in uow.logbook.entries(h.incident(number).id or 0, 200)]


def mobilised(h: Harness, user: str) -> list[str]:
    return [text(spec) for spec in h.chat.direct_to(user) if ":mobilise:" in (spec.marker or "")]


def test_activating_the_bcp_invites_its_team_and_tells_each_member_why(h: Harness) -> None:
    number = new_incident(h, "major")
    channel_id = channel(h, number)
    members = h.chat.channels[channel_id]["members"]
    assert BCP_BACKUP not in members and CMP_MANAGER not in members  # type: ignore[operator]
    assert run_command(h.core, h.actor(BCP_MANAGER, channel_id), "activate bcp") is None
    h.tick()
    members = h.chat.channels[channel_id]["members"]
    assert {BCP_MANAGER, BCP_BACKUP, CMP_MANAGER} <= set(members)  # type: ignore[call-overload]
    told = mobilised(h, BCP_BACKUP)
    assert len(told) == 1
    assert f"<@{BCP_MANAGER}> activated the BCP for {number} (Mail server down)" in told[0]
    assert "As a member of the Business Continuity Team you run the BCP" in told[0]
    assert len(mobilised(h, CMP_MANAGER)) == 1
    assert mobilised(h, BCP_MANAGER) == []  # the activator knows
    assert mobilised(h, ENGINEER) == []  # not in the team
    assert ("Business Continuity Team mobilised for the BCP (invited to the channel and told why): "
            "Sofie Dubois, Iris Janssens, Marc Lambert.") in logbook(h, number)
    assert h.tick() == 0  # told once


def test_the_cmp_on_a_major_incident_proposes_raising_it_to_crisis(h: Harness) -> None:
    number = new_incident(h, "major")
    channel_id = channel(h, number)
    answer = run_command(h.core, h.actor(CMP_MANAGER, channel_id), "activate cmp")
    assert text_of(answer).startswith(f"The CMP is activated for {number}, which is still major.")
    h.tick()
    incident = h.incident(number)
    assert incident.activated_plans == frozenset({ContinuityPlan.CMP}) and incident.severity is Severity.MAJOR
    assert IRP_MANAGER in h.chat.channels[channel_id]["members"]  # type: ignore[operator]
    assert "As a member of the Crisis Management Team you coordinate" in mobilised(h, BCP_MANAGER)[0]
    proposal = marked(h, channel_id, f"{number}:crisis_proposal")
    assert len(proposal) == 1 and "raise the incident to crisis?" in text(proposal[0])
    raise_button = button(proposal[0], actions.RECLASSIFY)
    assert raise_button.value == f"{number}|crisis"
    refused = text_of(press(h.core, h.actor(EMPLOYEE), raise_button.action, raise_button.value))
    assert refused.startswith(f"Only the owner of {number}")
    form = press(h.core, h.actor(CMP_MANAGER), raise_button.action, raise_button.value)
    assert isinstance(form, OpenForm)
    severity = next(i for i in form.form.inputs if isinstance(i, SelectInput))
    assert severity.initial == ("crisis",)
    values = FormValues({"severity": "crisis", "reason": "Continuity hit: invoicing stopped"})
    assert isinstance(submit(h.core, h.actor(CMP_MANAGER), form.form.form_id, values, form.form.state), FormDone)
    assert h.incident(number).severity is Severity.CRISIS
    lowered = run_command(h.core, h.actor(CMP_MANAGER, channel_id), "severity major back")
    assert h.incident(number).severity is Severity.CRISIS and text_of(lowered)  # only to crisis


def test_the_bcp_on_a_major_incident_proposes_nothing_more(h: Harness) -> None:
    number = new_incident(h, "major")
    assert run_command(h.core, h.actor(BCP_MANAGER, channel(h, number)), "activate bcp") is None
    h.tick()
    assert marked(h, channel(h, number), f"{number}:crisis_proposal") == []
    assert [b for b in buttons(marked(h, channel(h, number), f"{number}:announcement")[0])
            if b.action == actions.RECLASSIFY and b.value.endswith("|crisis")] == []
