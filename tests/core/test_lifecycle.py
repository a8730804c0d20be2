"""The incident lifecycle, rule by rule, on a real database and an in-memory chat."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from bot import actions
from bot.core import FieldErrors
from bot.core import Notice
from bot.core import OpenForm
from bot.core import Outcome
from bot.domain.incident import MessageRef
from bot.domain.logbook import EntrySource
from bot.domain.phase import Phase
from bot.domain.roles import ContinuityPlan
from bot.domain.severity import Severity
from bot.ports import UnitOfWorkFactory
from bot.specs import Actions
from bot.specs import FormValues
from bot.usecases import logbook
from bot.usecases.command import run_command
from bot.usecases.interaction import press
from bot.usecases.interaction import submit
from tests.core.harness import BCP_MANAGER
from tests.core.harness import CMP_MANAGER
from tests.core.harness import EMPLOYEE
from tests.core.harness import HELPDESK
from tests.core.harness import HELPDESK_MANAGER
from tests.core.harness import IRP_BACKUP
from tests.core.harness import IRP_MANAGER
from tests.core.harness import OPERATOR
from tests.core.harness import RESPONDER
from tests.core.harness import Harness
from tests.core.harness import make_harness
from tests.core.harness import text_of


@pytest.fixture
def h(uow_factory: UnitOfWorkFactory) -> Harness:
    return make_harness(uow_factory)


def classify(h: Harness, number: str, severity: str, who: str = OPERATOR) -> Outcome:
    return press(h.core, h.actor(who, HELPDESK), actions.CLASSIFY, actions.value(number, severity))


def expected(h: Harness, key: str, **params: str) -> str:
    return h.core.translator("slack", EMPLOYEE).t(key, **params)


def test_a_report_gets_a_number_and_a_triage_message_with_the_four_severities(h: Harness) -> None:
    number = h.report()
    assert number == "INC-2026-0001"
    incident = h.incident(number)
    assert (incident.phase, incident.severity, incident.activities) == (Phase.NOTIFICATION, None, ("email",))
    assert h.run_jobs() == 2
    triage = h.chat.in_channel(HELPDESK)
    assert len(triage) == 1
    buttons = [b for block in triage[0].spec.blocks if isinstance(block, Actions) for b in block.buttons]
    assert [b.value for b in buttons] == [f"{number}|{s.value}" for s in Severity]
    assert h.chat.direct[0][0] == EMPLOYEE


def test_the_report_form_asks_what_the_plan_needs(h: Harness) -> None:
    outcome = run_command(h.core, h.actor(EMPLOYEE, "C0RANDOM"), "Printer on fire")
    assert isinstance(outcome, OpenForm)
    names = [i.name for i in outcome.form.inputs]  # type: ignore[union-attr]
    assert names == ["title", "description", "detected_at", "activities", "reporter_kind", "reporter_name",
                     "suggested_severity"]
    assert outcome.form.inputs[0].initial == "Printer on fire"  # type: ignore[union-attr]


def test_a_form_submitted_twice_makes_one_incident(h: Harness) -> None:
    first = h.report(key="slack:view:V1")
    second = h.report(key="slack:view:V1")
    assert first == second
    with h.core.uow() as uow:
        assert len(uow.incidents.open_incidents(10)) == 1


def test_bad_report_values_come_back_as_field_errors(h: Harness) -> None:
    values = FormValues({"title": "", "detected_at": h.clock.now() + timedelta(hours=2),
                         "reporter_kind": "customer", "reporter_name": "", "activities": ("mars-base",)})
    outcome = submit(h.core, h.actor(EMPLOYEE), "report", values, "", None)
    assert isinstance(outcome, FieldErrors)
    assert set(outcome.errors) == {"title", "detected_at", "reporter_name", "activities"}


def test_numbers_stay_gapless_when_many_report_at_once(h: Harness) -> None:
    numbers: list[str] = []
    lock = threading.Lock()

    def report(index: int) -> None:
        number = h.report(title=f"Outage {index}", key=f"k{index}")
        with lock:
            numbers.append(number)

    threads = [threading.Thread(target=report, args=(i,)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(numbers) == [f"INC-2026-{n:04d}" for n in range(1, 13)]


def test_only_the_helpdesk_and_incident_managers_classify(h: Harness) -> None:
    number = h.report()
    assert text_of(classify(h, number, "major", who=EMPLOYEE)) == expected(h, "classify.not_allowed")
    assert text_of(classify(h, number, "major", who=RESPONDER)) == expected(h, "classify.not_allowed")
    assert h.incident(number).severity is None
    assert classify(h, number, "major", who=HELPDESK_MANAGER) is None
    assert h.incident(number).severity is Severity.MAJOR


def test_classifying_opens_a_channel_with_the_right_people_topic_and_checklist(h: Harness) -> None:
    number = h.report()
    assert classify(h, number, "major") is None
    incident = h.incident(number)
    assert incident.owner_id == OPERATOR and incident.phase is Phase.ACTIVATION
    assert incident.sla_due == h.clock.now() + timedelta(hours=4)
    h.run_jobs()
    incident = h.incident(number)
    channel = h.chat.channels[incident.channel_id or ""]
    assert channel["name"] == "inc-2026-0001-mail-server-down"
    assert channel["private"] is True
    # major invites the helpdesk manager, the IRP manager and the response team (primary + members)
    assert channel["members"] == {HELPDESK_MANAGER, IRP_MANAGER, RESPONDER, "U0BRAM", OPERATOR, EMPLOYEE}
    assert str(channel["topic"]).startswith(f"{number} · 🟠 Groot · Activering en behandeling")
    posted = h.chat.in_channel(incident.channel_id or "")
    markers = [(p.spec.marker or "").partition("@")[0] for p in posted]  # "@job…": the job that posted it
    assert markers == [f"{number}:announcement", f"{number}:checklist"]
    assert h.chat.pins == [posted[0].ref]
    with h.core.uow() as uow:
        steps = uow.incidents.checklist(incident.id or 0)
    assert len(steps) == 10 and all(step.severity is Severity.MAJOR for step in steps)


def test_a_second_classification_is_refused_politely(h: Harness) -> None:
    number = h.report()
    classify(h, number, "minor")
    outcome = classify(h, number, "crisis", who=IRP_MANAGER)
    assert isinstance(outcome, Notice)
    assert h.incident(number).severity is Severity.MINOR


def test_a_weak_event_stays_in_the_helpdesk_thread(h: Harness) -> None:
    number = h.report()
    h.run_jobs()
    classify(h, number, "weak")
    h.run_jobs()
    incident = h.incident(number)
    assert incident.channel_id is None and h.chat.channels == {}
    announcement = h.chat.messages[incident.announcement_ref]  # type: ignore[index]
    assert (announcement.ref.channel_id, announcement.thread_id) == (HELPDESK, incident.triage_ref.message_id)  # type: ignore[union-attr]


def test_reclassifying_needs_a_reason_restarts_the_sla_and_invites_whom_it_adds(h: Harness) -> None:
    number = h.report()
    classify(h, number, "minor")
    h.run_jobs()
    channel_id = h.incident(number).channel_id or ""
    actor = h.actor(OPERATOR, channel_id)
    assert text_of(run_command(h.core, actor, "severity major")) == expected(h, "reclassify.error.reason")
    assert isinstance(run_command(h.core, h.actor(EMPLOYEE, channel_id), "severity major it grows"), Notice)
    h.clock.advance(minutes=30)
    assert run_command(h.core, actor, "severity groot impact keeps growing") is None
    incident = h.incident(number)
    assert incident.severity is Severity.MAJOR
    assert incident.sla_due == h.clock.now() + timedelta(hours=4)
    h.run_jobs()
    assert {IRP_MANAGER, HELPDESK_MANAGER} <= h.chat.channels[channel_id]["members"]  # type: ignore[operator]
    with h.core.uow() as uow:
        changes = uow.incidents.severity_changes(incident.id or 0)
    assert [(c.from_severity, c.to_severity, c.reason) for c in changes][-1] == (
        Severity.MINOR, Severity.MAJOR, "impact keeps growing")


def test_the_reclassify_form_refuses_an_empty_reason_in_place(h: Harness) -> None:
    number = h.report()
    classify(h, number, "minor")
    outcome = submit(h.core, h.actor(OPERATOR), actions.FORM_RECLASSIFY,
                     FormValues({"severity": "major", "reason": "  "}), number)
    assert isinstance(outcome, FieldErrors) and set(outcome.errors) == {"reason"}


def test_phases_follow_the_plan(h: Harness) -> None:
    number = h.report()
    classify(h, number, "minor")
    h.run_jobs()
    channel_id = h.incident(number).channel_id or ""
    owner = h.actor(OPERATOR, channel_id)
    assert isinstance(run_command(h.core, h.actor(RESPONDER, channel_id), "phase eradication"), Notice)
    assert run_command(h.core, owner, "phase eradication") is None
    assert h.incident(number).phase is Phase.ERADICATION
    assert isinstance(run_command(h.core, owner, "phase closed"), Notice)
    assert isinstance(run_command(h.core, owner, "phase eradication"), Notice)
    assert run_command(h.core, owner, "phase activation") is None
    assert h.incident(number).phase is Phase.ACTIVATION


def request_deactivation(h: Harness, number: str) -> str:
    channel_id = h.incident(number).channel_id or ""
    assert run_command(h.core, h.actor(OPERATOR, channel_id), "deactivate") is None
    h.run_jobs()
    return channel_id


def test_deactivation_needs_the_irp_managers_approval_and_closes_the_incident(h: Harness) -> None:
    number = h.report()
    classify(h, number, "major")
    h.run_jobs()
    channel_id = request_deactivation(h, number)
    incident = h.incident(number)
    assert incident.phase is Phase.DEACTIVATION_REQUESTED
    round_ = actions.value(number, incident.deactivation_round)
    for outsider in (EMPLOYEE, OPERATOR, BCP_MANAGER):
        refusal = press(h.core, h.actor(outsider, channel_id), actions.APPROVE, round_)
        assert isinstance(refusal, Notice)
    assert h.incident(number).phase is Phase.DEACTIVATION_REQUESTED
    assert press(h.core, h.actor(IRP_BACKUP, channel_id), actions.APPROVE, round_) is None
    assert h.incident(number).phase is Phase.CLOSED
    h.run_jobs()
    # the channel stays open for the Post Incident Review (archived when the review is complete)
    assert h.chat.channels[channel_id]["archived"] is False
    assert any((m.spec.marker or "").split("@")[0] == f"{number}:review" for m in h.chat.in_channel(channel_id))
    stale = press(h.core, h.actor(IRP_MANAGER, channel_id), actions.APPROVE, round_)
    assert isinstance(stale, Notice)


def test_a_crisis_activates_the_cmp_whose_manager_must_approve_too(h: Harness) -> None:
    number = h.report()
    classify(h, number, "crisis")
    assert h.incident(number).activated_plans == frozenset({ContinuityPlan.CMP})
    h.run_jobs()
    channel_id = request_deactivation(h, number)
    round_ = actions.value(number, 1)
    assert press(h.core, h.actor(IRP_MANAGER, channel_id), actions.APPROVE, round_) is None
    assert h.incident(number).phase is Phase.DEACTIVATION_REQUESTED
    assert press(h.core, h.actor(CMP_MANAGER, channel_id), actions.APPROVE, round_) is None
    assert h.incident(number).phase is Phase.CLOSED


def test_a_rejection_needs_a_reason_and_returns_to_the_previous_phase(h: Harness) -> None:
    number = h.report()
    classify(h, number, "minor")
    h.run_jobs()
    channel_id = h.incident(number).channel_id or ""
    run_command(h.core, h.actor(OPERATOR, channel_id), "phase eradication")
    request_deactivation(h, number)
    form = press(h.core, h.actor(IRP_MANAGER, channel_id), actions.REJECT, actions.value(number, 1))
    assert isinstance(form, OpenForm)
    empty = submit(h.core, h.actor(IRP_MANAGER), actions.FORM_REJECT, FormValues({"reason": ""}), form.form.state)
    assert isinstance(empty, FieldErrors)
    submit(h.core, h.actor(IRP_MANAGER), actions.FORM_REJECT, FormValues({"reason": "Backups not verified"}),
           form.form.state)
    assert h.incident(number).phase is Phase.ERADICATION
    assert isinstance(press(h.core, h.actor(IRP_MANAGER, channel_id), actions.APPROVE, actions.value(number, 1)),
                      Notice)


def test_tagged_messages_reach_the_logbook_once_with_their_history(h: Harness) -> None:
    number = h.report()
    classify(h, number, "minor")
    h.run_jobs()
    channel_id = h.incident(number).channel_id or ""
    ref = MessageRef(channel_id, "1700000000.000100")
    assert logbook.record_tagged(h.core, "slack", ref, RESPONDER, "!action restarted postfix", "Ev1")
    assert not logbook.record_tagged(h.core, "slack", ref, RESPONDER, "!action restarted postfix", "Ev1")
    assert not logbook.record_tagged(h.core, "slack", ref, RESPONDER, "!action restarted postfix", "Ev2")
    assert not logbook.record_tagged(h.core, "slack", MessageRef(channel_id, "2"), RESPONDER, "just chatting", "Ev3")
    assert not logbook.record_tagged(h.core, "slack", MessageRef(channel_id, "3"), RESPONDER, "!actions plural", "E4")
    assert logbook.revise(h.core, "slack", ref, "!action restarted postfix and dovecot", "Ev5")
    assert logbook.revise(h.core, "slack", ref, None, "Ev6")
    incident = h.incident(number)
    with h.core.uow() as uow:
        entries = [e for e in uow.logbook.entries(incident.id or 0, 50) if e.source is EntrySource.TAG]
    assert len(entries) == 1
    entry = entries[0]
    assert (entry.text, entry.deleted, entry.author_id) == ("restarted postfix and dovecot", True, RESPONDER)
    assert [r.text for r in entry.revisions] == ["restarted postfix", "restarted postfix and dovecot"]
    h.run_jobs()
    assert (ref, "white_check_mark") in h.chat.reactions


def test_a_reaction_puts_the_message_in_the_logbook(h: Harness) -> None:
    number = h.report()
    classify(h, number, "minor")
    h.run_jobs()
    channel_id = h.incident(number).channel_id or ""
    ref = MessageRef(channel_id, "1700000000.000200")
    h.chat.texts[ref] = (RESPONDER, "Failed over to the backup line")
    assert not logbook.note_reaction(h.core, "slack", ref, "thumbsup", "Ev1")
    assert logbook.note_reaction(h.core, "slack", ref, "memo", "Ev2")
    assert not logbook.note_reaction(h.core, "slack", ref, "memo", "Ev2")
    h.run_jobs()
    with h.core.uow() as uow:
        entries = uow.logbook.entries(h.incident(number).id or 0, 50)
    assert [(e.source, e.text) for e in entries if e.source is EntrySource.REACTION] == [
        (EntrySource.REACTION, "Failed over to the backup line")]


def test_checklist_items_are_ticked_once_with_who_and_when(h: Harness) -> None:
    number = h.report()
    classify(h, number, "minor")
    h.run_jobs()
    channel_id = h.incident(number).channel_id or ""
    assert press(h.core, h.actor(RESPONDER, channel_id), actions.CHECK, actions.value(number, 1)) is None
    again = press(h.core, h.actor(OPERATOR, channel_id), actions.CHECK, actions.value(number, 1))
    assert isinstance(again, Notice)
    with h.core.uow() as uow:
        first = uow.incidents.checklist(h.incident(number).id or 0)[0]
    assert (first.done_by, first.done_at) == (RESPONDER, h.clock.now())


def test_queries_answer_in_and_out_of_the_incident_channel(h: Harness) -> None:
    number = h.report()
    classify(h, number, "minor")
    h.run_jobs()
    channel_id = h.incident(number).channel_id or ""
    assert isinstance(run_command(h.core, h.actor(EMPLOYEE, "C0RANDOM"), "list"), Notice)
    assert text_of(run_command(h.core, h.actor(EMPLOYEE, "C0RANDOM"), "status")) == expected(
        h, "error.no_incident_here")
    assert number in text_of(run_command(h.core, h.actor(EMPLOYEE, "C0RANDOM"), f"status {number}"))
    assert number in text_of(run_command(h.core, h.actor(EMPLOYEE, channel_id), "log"))
    assert isinstance(run_command(h.core, h.actor(EMPLOYEE, channel_id), "help"), Notice)


def test_the_list_shows_the_first_open_incidents_and_counts_them_all(h: Harness) -> None:
    for index in range(27):
        h.report(title=f"Outage {index}", key=f"list{index}")
    outcome = run_command(h.core, h.actor(EMPLOYEE, "C0RANDOM"), "list")
    assert isinstance(outcome, Notice)
    assert outcome.spec.summary == expected(h, "list.heading", count="27")
    shown = [block for block in outcome.spec.blocks if "INC-2026-" in str(block)]
    assert len(shown) == 25


def test_the_approval_request_keeps_naming_who_asked_when_it_is_refreshed(h: Harness) -> None:
    from bot.specs import Mention
    from bot.specs import Section

    number = h.report()
    classify(h, number, "crisis")
    h.run_jobs()
    channel_id = h.incident(number).channel_id or ""
    assert run_command(h.core, h.actor(IRP_MANAGER, channel_id), "deactivate") is None  # not the owner
    h.run_jobs()
    assert press(h.core, h.actor(IRP_MANAGER, channel_id), actions.APPROVE, actions.value(number, 1)) is None
    h.run_jobs()  # the CMP manager has not approved yet: the request is refreshed, still pending
    approval = h.chat.messages[h.incident(number).approval_ref]  # type: ignore[index]
    assert approval.history, "the approval request was refreshed"
    requested = approval.spec.blocks[1]
    assert isinstance(requested, Section) and Mention(IRP_MANAGER) in requested.text
