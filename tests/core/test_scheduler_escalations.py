"""Escalations along the plan's arrows, their acknowledgement chain (primary → backup → IRP manager and
channel), the decisions they ask for, plan activation with its role checks, and status updates."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot import actions
from bot.core import FieldErrors
from bot.core import FormDone
from bot.core import Notice
from bot.core import OpenForm
from bot.domain.logbook import EntrySource
from bot.domain.page import PageDecision
from bot.domain.page import PageKind
from bot.domain.page import PageLevel
from bot.domain.roles import ContinuityPlan
from bot.domain.roles import Role
from bot.domain.severity import Severity
from bot.domain.timer import TimerKind
from bot.policy import required_approvers
from bot.ports import UnitOfWorkFactory
from bot.specs import FormValues
from bot.usecases.command import run_command
from bot.usecases.interaction import press
from bot.usecases.interaction import submit
from tests.core.harness import BCP_MANAGER
from tests.core.harness import CMP_MANAGER
from tests.core.harness import EMPLOYEE
from tests.core.harness import IRP_BACKUP
from tests.core.harness import IRP_MANAGER
from tests.core.harness import OPERATOR
from tests.core.harness import RESPONDER
from tests.core.harness import Harness
from tests.core.harness import text_of
from tests.core.scheduling import button
from tests.core.scheduling import buttons
from tests.core.scheduling import channel
from tests.core.scheduling import english_harness
from tests.core.scheduling import marked
from tests.core.scheduling import new_incident
from tests.core.scheduling import pages_to
from tests.core.scheduling import shown
from tests.core.scheduling import text

DRP_MANAGER = "U0ELLEN"  # also the IRP manager's backup in the example plan
BCP_BACKUP = "U0IRIS"


@pytest.fixture
def h(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> Harness:
    return english_harness(uow_factory, tmp_path)


def logbook(h: Harness, number: str) -> list[str]:
    with h.core.uow() as uow:
        return [e.text for e in uow.logbook.entries(h.incident(number).id or 0, 200)]


def pages(h: Harness, number: str) -> list[tuple[PageKind, PageLevel, bool]]:
    with h.core.uow() as uow:
        found = uow.pages.of_incident(h.incident(number).id or 0)
    return [(p.kind, p.level, p.acknowledged) for p in found]


def pending_kinds(h: Harness, number: str) -> list[TimerKind]:
    with h.core.uow() as uow:
        return [t.kind for t in uow.timers.pending(h.incident(number).id)]


def major_past_its_term(h: Harness) -> str:
    number = new_incident(h, "major")
    h.advance(hours=4)
    return number


def test_an_unanswered_escalation_goes_to_the_backup_then_to_the_channel(h: Harness) -> None:
    number = major_past_its_term(h)
    first = pages_to(h, IRP_MANAGER)
    assert len(first) == 1
    assert [(b.action, b.value.split("|")[1:2]) for b in buttons(first[0])] == [
        (actions.PROPOSE, ["bcp"]), (actions.PROPOSE, ["cmp"]), (actions.ACKNOWLEDGE, [])]
    assert "Contact the Business Continuity Team and/or the Crisis Management Team" in text(first[0])
    irp_page = (first[0].marker or "").partition("@")[0]
    assert pages_to(h, IRP_BACKUP) == []
    h.advance(minutes=9)
    assert pages_to(h, IRP_BACKUP) == []
    h.advance(minutes=1)
    backup = pages_to(h, IRP_BACKUP)
    assert len(backup) == 1
    assert f"<@{IRP_MANAGER}> did not acknowledge within 10 minutes" in text(backup[0])
    assert marked(h, channel(h, number), "page:") == []
    h.advance(minutes=10)
    told = marked(h, channel(h, number), f"{irp_page}:")
    assert len(told) == 1 and f"<@{IRP_MANAGER}>" in text(told[0]) and f"<@{IRP_BACKUP}>" in text(told[0])
    assert pages(h, number) == [(PageKind.MAJOR_OVERDUE, PageLevel.NOBODY, False)] * 3  # IRP, BCP, CMP managers
    assert TimerKind.ACK_WAIT not in pending_kinds(h, number)
    entries = logbook(h, number)
    assert any("sent to the Incident Response Manager: Hugo Peeters" in e for e in entries)
    assert any("Ellen Vermeulen (backup contact) paged" in e for e in entries)
    assert any("the Incident Response Manager and the channel were told" in e for e in entries)
    assert h.advance(hours=1) <= 1  # only the next status prompt: nothing more for these pages
    assert len(marked(h, channel(h, number), "page:")) == 3


def test_when_nobody_answers_the_irp_manager_is_told_directly(h: Harness) -> None:
    number = new_incident(h, "minor", activities=("production",))  # RTO 30 min → the BCP manager
    h.advance(minutes=30)
    assert len(pages_to(h, BCP_MANAGER)) == 1
    h.advance(minutes=10)
    assert len(pages_to(h, BCP_BACKUP)) == 1
    assert pages_to(h, IRP_MANAGER) == []
    h.advance(minutes=10)
    told = pages_to(h, IRP_MANAGER)
    assert len(told) == 1 and "as Incident Response Manager you are told" in text(told[0])
    assert len(marked(h, channel(h, number), "page:")) == 1


def test_acknowledging_stops_the_chain_and_is_logged(h: Harness) -> None:
    number = major_past_its_term(h)
    h.advance(minutes=10)
    page = pages_to(h, IRP_BACKUP)[0]
    ack = button(page, actions.ACKNOWLEDGE)
    assert text_of(press(h.core, h.actor(RESPONDER), ack.action, ack.value)) == h.core.translator(
        "slack", RESPONDER).t("page.not_yours")
    assert press(h.core, h.actor(IRP_BACKUP), ack.action, ack.value) is None
    h.tick()
    assert pages(h, number)[0] == (PageKind.MAJOR_OVERDUE, PageLevel.BACKUP, True)
    assert pending_kinds(h, number).count(TimerKind.ACK_WAIT) == 2  # the BCP and CMP managers' pages still wait
    assert any(e == "Ellen Vermeulen acknowledged “Major incident past its term”." for e in logbook(h, number))
    for message in pages_to(h, IRP_MANAGER) + pages_to(h, IRP_BACKUP):
        assert actions.ACKNOWLEDGE not in [b.action for b in buttons(message)]
        assert f"Acknowledged by <@{IRP_BACKUP}>" in text(message)
    again = shown(press(h.core, h.actor(IRP_MANAGER), ack.action, ack.value))
    assert f"Already acknowledged by <@{IRP_BACKUP}> at " in again
    h.advance(minutes=30)
    irp_page = (pages_to(h, IRP_MANAGER)[0].marker or "").partition("@")[0]
    assert marked(h, channel(h, number), f"{irp_page}:") == []


def test_a_minor_incident_past_its_sla_asks_owner_and_irp_manager_to_raise_it(h: Harness) -> None:
    number = new_incident(h, "minor")
    h.advance(hours=8)
    to_owner, to_manager = pages_to(h, OPERATOR), pages_to(h, IRP_MANAGER)
    assert len(to_owner) == 1 and len(to_manager) == 1
    raise_button = button(to_owner[0], actions.DECIDE)
    assert raise_button.value.endswith("|raised")
    assert text_of(press(h.core, h.actor(EMPLOYEE), raise_button.action, raise_button.value)) == h.core.translator(
        "slack", EMPLOYEE).t("page.not_yours")
    form = press(h.core, h.actor(OPERATOR), raise_button.action, raise_button.value)
    assert isinstance(form, OpenForm)
    empty = submit(h.core, h.actor(OPERATOR), form.form.form_id, FormValues({"reason": " "}), form.form.state)
    assert isinstance(empty, FieldErrors)
    done = submit(h.core, h.actor(OPERATOR), form.form.form_id, FormValues({"reason": "Still no mail after 8h"}),
                  form.form.state)
    assert isinstance(done, FormDone)
    assert h.incident(number).severity is Severity.MAJOR
    incident_id = h.incident(number).id or 0
    with h.core.uow() as uow:
        change = uow.incidents.severity_changes(incident_id)[-1]
        page = uow.pages.of_incident(incident_id)[0]
    assert (change.to_severity, change.reason) == (Severity.MAJOR, "Still no mail after 8h")
    assert (page.decision, page.decided_by) == (PageDecision.RAISED, OPERATOR)
    h.tick()
    assert actions.DECIDE not in [b.action for b in buttons(pages_to(h, IRP_MANAGER)[0])]
    stale = press(h.core, h.actor(IRP_MANAGER), raise_button.action, raise_button.value)
    assert f"Already answered by <@{OPERATOR}>" in shown(stale)


def test_the_irp_manager_may_keep_it_minor_with_a_reason(h: Harness) -> None:
    number = new_incident(h, "minor")
    h.advance(hours=8)
    keep = next(b for b in buttons(pages_to(h, IRP_MANAGER)[0]) if b.value.endswith("|kept"))
    form = press(h.core, h.actor(IRP_MANAGER), keep.action, keep.value)
    assert isinstance(form, OpenForm)
    submit(h.core, h.actor(IRP_MANAGER), form.form.form_id, FormValues({"reason": "Fix is deploying"}),
           form.form.state)
    h.tick()
    assert h.incident(number).severity is Severity.MINOR
    assert "Hugo Peeters keeps the incident minor: Fix is deploying" in logbook(h, number)
    notices = [text(m.spec) for m in h.chat.in_channel(channel(h, number))]
    assert any("keeps the incident minor: Fix is deploying" in n for n in notices)


def test_growing_impact_on_a_minor_incident_asks_to_raise_it_once(h: Harness) -> None:
    number = new_incident(h, "minor")
    channel_id = channel(h, number)
    form = run_command(h.core, h.actor(OPERATOR, channel_id), "update")
    assert isinstance(form, OpenForm)
    values = FormValues({"summary": "Two more sites lost mail", "impact": "growing", "eta": None})
    assert isinstance(submit(h.core, h.actor(OPERATOR), form.form.form_id, values, form.form.state), FormDone)
    assert isinstance(submit(h.core, h.actor(OPERATOR), form.form.form_id, values, form.form.state), FormDone)
    h.tick()
    incident_id = h.incident(number).id or 0
    with h.core.uow() as uow:
        found = uow.pages.of_incident(incident_id)
    assert [(p.kind, p.cause) for p in found] == [(PageKind.RAISE_TO_MAJOR, "growing")]
    assert "keeps growing" in text(pages_to(h, IRP_MANAGER)[0])


def test_the_irp_manager_proposes_and_the_bcp_manager_activates(h: Harness) -> None:
    number = major_past_its_term(h)
    to_bcp = pages_to(h, BCP_MANAGER)
    assert len(to_bcp) == 1 and "As BCP manager you decide, with the Business Continuity Team" in text(to_bcp[0])
    assert [b.action for b in buttons(to_bcp[0])] == [actions.ACTIVATE, actions.DECIDE, actions.ACKNOWLEDGE]
    activate_bcp = button(to_bcp[0], actions.ACTIVATE)
    assert activate_bcp.confirm is not None and "|bcp|" in activate_bcp.value
    refusal = text_of(press(h.core, h.actor(IRP_MANAGER), activate_bcp.action, activate_bcp.value))
    assert refusal == "Only the BCP manager or CMP manager can activate the BCP. You can propose it to them: " \
                      "/incident propose bcp"
    not_needed = button(to_bcp[0], actions.DECIDE)
    assert text_of(press(h.core, h.actor(IRP_MANAGER), not_needed.action, not_needed.value)) == \
        "Only the BCP manager or CMP manager (or their backup) can answer this: the decision is theirs."
    ack = button(to_bcp[0], actions.ACKNOWLEDGE)
    assert "can answer this" in text_of(press(h.core, h.actor(IRP_MANAGER), ack.action, ack.value))
    assert text_of(press(h.core, h.actor(RESPONDER), activate_bcp.action, activate_bcp.value)).startswith(
        "Only the BCP manager or CMP manager can activate the BCP.")
    assert h.incident(number).activated_plans == frozenset()
    assert press(h.core, h.actor(BCP_MANAGER), activate_bcp.action, activate_bcp.value) is None
    h.tick()
    incident = h.incident(number)
    assert incident.activated_plans == frozenset({ContinuityPlan.BCP})
    assert Role.BCP_MANAGER in required_approvers(incident)
    channel_id = channel(h, number)
    assert "BCP active" in str(h.chat.channels[channel_id]["topic"])
    assert BCP_MANAGER in h.chat.channels[channel_id]["members"]  # type: ignore[operator]
    assert "BCP activated by Sofie Dubois." in logbook(h, number)
    refreshed = pages_to(h, BCP_MANAGER)[0]
    assert buttons(refreshed) == []  # activated: nothing left to decide
    assert f"Acknowledged by <@{BCP_MANAGER}>" in text(refreshed)
    to_irp = pages_to(h, IRP_MANAGER)[0]
    assert [b.value.split("|")[1] for b in buttons(to_irp) if b.action == actions.PROPOSE] == ["cmp"]
    again = text_of(run_command(h.core, h.actor(BCP_MANAGER, channel_id), "activate bcp"))
    assert again == f"The BCP is already activated for {number}."
    drp = text_of(run_command(h.core, h.actor(IRP_MANAGER, channel_id), "activate drp"))
    assert drp == "Only the DRP manager or CMP manager can activate the DRP."


def test_a_proposal_pages_the_plans_manager_who_may_say_not_needed(h: Harness) -> None:
    number = major_past_its_term(h)
    propose_cmp = next(b for b in buttons(pages_to(h, IRP_MANAGER)[0]) if b.value.split("|")[1:2] == ["cmp"])
    assert text_of(press(h.core, h.actor(RESPONDER), propose_cmp.action, propose_cmp.value)) == \
        "Only the Incident Response Manager can propose activating the CMP."
    assert press(h.core, h.actor(IRP_MANAGER), propose_cmp.action, propose_cmp.value) is None
    h.tick()
    assert f"Acknowledged by <@{IRP_MANAGER}>" in text(pages_to(h, IRP_MANAGER)[0])
    assert text_of(press(h.core, h.actor(IRP_MANAGER), propose_cmp.action, propose_cmp.value)) == \
        f"The CMP was already proposed for {number}."
    proposals = [p for p in pages_to(h, CMP_MANAGER) if "proposes activating the CMP" in text(p)]
    assert len(proposals) == 1 and f"<@{IRP_MANAGER}> proposes activating the CMP for {number}" in text(proposals[0])
    assert "Hugo Peeters proposed activating the CMP to the CMP manager." in logbook(h, number)
    not_needed = button(proposals[0], actions.DECIDE)
    form = press(h.core, h.actor(CMP_MANAGER), not_needed.action, not_needed.value)
    assert isinstance(form, OpenForm)
    values = FormValues({"reason": "No impact on continuity"})
    assert isinstance(submit(h.core, h.actor(CMP_MANAGER), form.form.form_id, values, form.form.state), FormDone)
    h.tick()
    assert "Marc Lambert decided the CMP is not needed: No impact on continuity" in logbook(h, number)
    assert h.incident(number).activated_plans == frozenset()
    assert run_command(h.core, h.actor(IRP_MANAGER, channel(h, number)), "propose bcp") is None
    assert text_of(run_command(h.core, h.actor(IRP_MANAGER, channel(h, number)), "propose drp")) == \
        "Usage: /incident propose <bcp|cmp>"


def test_the_plans_rights_table_decides_who_activates(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> None:
    h = english_harness(uow_factory, tmp_path, rights={"activate": {"bcp": ["irp_manager", "bcp_manager"]}})
    number = major_past_its_term(h)
    activate_bcp = button(pages_to(h, BCP_MANAGER)[0], actions.ACTIVATE)
    assert press(h.core, h.actor(IRP_MANAGER), activate_bcp.action, activate_bcp.value) is None
    assert h.incident(number).activated_plans == frozenset({ContinuityPlan.BCP})
    drp = text_of(run_command(h.core, h.actor(IRP_MANAGER, channel(h, number)), "activate cmp"))
    assert drp == "Only the CMP manager can activate the CMP. You can propose it to them: /incident propose cmp"


def test_a_crisis_pages_the_cmp_manager_who_activates_bcp_and_drp(h: Harness) -> None:
    number = new_incident(h, "crisis")
    cmp_page = pages_to(h, CMP_MANAGER)
    assert len(cmp_page) == 1
    offered = [b.value.split("|")[1] for b in buttons(cmp_page[0]) if b.action == actions.ACTIVATE]
    assert offered == ["bcp", "drp"]
    drp_button = next(b for b in buttons(cmp_page[0]) if b.value.split("|")[1:2] == ["drp"])
    assert press(h.core, h.actor(CMP_MANAGER), drp_button.action, drp_button.value) is None
    h.tick()
    assert len(pages_to(h, DRP_MANAGER)) == 1
    assert run_command(h.core, h.actor(CMP_MANAGER, channel(h, number)), "activate bcp") is None
    h.tick()
    incident = h.incident(number)
    assert incident.activated_plans == frozenset(ContinuityPlan)
    assert required_approvers(incident) == [Role.IRP_MANAGER, Role.BCP_MANAGER, Role.CMP_MANAGER, Role.DRP_MANAGER]
    assert len(pages_to(h, BCP_MANAGER)) == 1  # paged as the BCP's manager
    informed = [text(spec) for spec in h.chat.direct_to(DRP_MANAGER)]
    assert any("For your information: the BCP was activated" in t for t in informed)  # arrow 6
    assert not any("For your information" in text(spec) for spec in h.chat.direct_to(CMP_MANAGER))


def test_status_updates_reach_the_channel_and_the_managers_kept_informed(h: Harness) -> None:
    number = new_incident(h, "major")
    channel_id = channel(h, number)
    assert run_command(h.core, h.actor(BCP_MANAGER, channel_id), "activate bcp") is None
    h.advance(hours=1)
    prompt = [spec for spec in h.chat.direct_to(OPERATOR) if (spec.marker or "").startswith(f"{number}:status")]
    assert len(prompt) == 1
    status_button = button(prompt[0], actions.STATUS_UPDATE)
    form = press(h.core, h.actor(OPERATOR), status_button.action, status_button.value)
    assert isinstance(form, OpenForm)
    assert isinstance(run_command(h.core, h.actor(EMPLOYEE, channel_id), "update"), Notice)
    eta = h.clock.now() + timedelta(hours=2)
    values = FormValues({"summary": "Mail flows again for HQ", "impact": "decreasing", "eta": eta})
    assert isinstance(submit(h.core, h.actor(OPERATOR), form.form.form_id, values, form.form.state), FormDone)
    h.tick()
    posted = marked(h, channel_id, f"{number}:status")
    assert len(posted) == 1 and "Mail flows again for HQ" in text(posted[0])
    for manager in (BCP_MANAGER, CMP_MANAGER):  # BCP active; the crisis manager from major on
        assert any("Mail flows again for HQ" in text(spec) for spec in h.chat.direct_to(manager))
    incident = h.incident(number)
    assert (incident.eta, incident.last_status_at, incident.status_due) == (
        eta, h.clock.now(), h.clock.now() + timedelta(hours=1))
    with h.core.uow() as uow:
        entries = uow.logbook.entries(incident.id or 0, 100)
    assert any(e.source is EntrySource.BOT and e.author_id == OPERATOR and "Mail flows again" in e.text
               for e in entries)


def test_page_buttons_with_nonsense_values_are_refused_politely(h: Harness) -> None:
    tr = h.core.translator("slack", IRP_MANAGER)
    for action, value in ((actions.ACKNOWLEDGE, "999"), (actions.ACKNOWLEDGE, "abc"), (actions.DECIDE, "1|maybe"),
                          (actions.ACTIVATE, "INC-2026-0001|xyz"), (actions.LESSONS, "")):
        assert text_of(press(h.core, h.actor(IRP_MANAGER), action, value)) == tr.t("error.stale_button")


def test_a_proposal_to_a_role_nobody_holds_says_so(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> None:
    """The BCP manager and their backup have no account on this platform (only an e-mail address)."""
    h = english_harness(uow_factory, tmp_path, **{"people.nina": {"name": "Nina Smet", "email": "nina@example.be"},
                                                  "people.jan": {"name": "Jan Smet", "email": "jan@example.be"},
                                                  "roles.bcp_manager": {"primary": "nina", "backup": "jan"}})
    number = major_past_its_term(h)
    answer = text_of(run_command(h.core, h.actor(IRP_MANAGER, channel(h, number)), "propose bcp"))
    assert answer == "The plan names nobody as BCP manager (nor a backup): there is nobody to propose the BCP to. " \
                     "Name them under roles in the plan file."
    assert not any("proposed activating" in line for line in logbook(h, number))
    assert run_command(h.core, h.actor(IRP_MANAGER, channel(h, number)), "propose cmp") is None
