"""The Post Incident Review, rule by rule, on SQLite and PostgreSQL with an in-memory chat."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot import actions
from bot.core import FieldErrors
from bot.core import FormDone
from bot.core import Notice
from bot.core import OpenForm
from bot.core import Outcome
from bot.domain.review import done_sections
from bot.domain.review_sections import SECTIONS
from bot.ports import UnitOfWorkFactory
from bot.specs import Actions
from bot.specs import FormSpec
from bot.specs import FormValues
from bot.specs import Note
from bot.specs import RadioInput
from bot.specs import SelectInput
from bot.specs import TextInput
from bot.usecases.command import run_command
from bot.usecases.interaction import press
from bot.usecases.interaction import submit
from tests.core.harness import EMPLOYEE
from tests.core.harness import IRP_BACKUP
from tests.core.harness import IRP_MANAGER
from tests.core.harness import OPERATOR
from tests.core.harness import RESPONDER
from tests.core.harness import Harness
from tests.core.harness import make_harness
from tests.review.flow import answers_for
from tests.review.flow import closed_incident
from tests.review.flow import fill_all
from tests.review.flow import section_of
from tests.review.flow import send
from tests.review.flow import shown_values


def base(marker: str | None) -> str:
    """A message's marker without the outbox's ``@job…`` suffix."""
    return (marker or "").split("@")[0]


@pytest.fixture
def h(uow_factory: UnitOfWorkFactory) -> Harness:
    return make_harness(uow_factory)


def form_of(outcome: Outcome) -> FormSpec:
    """The form an outcome offers (a next form, or the same one with its errors)."""
    form = getattr(outcome, "form", None)
    assert isinstance(form, FormSpec), outcome
    return form


def review_of(h: Harness, number: str):
    with h.core.uow() as uow:
        return uow.reviews.get(h.incident(number).id or 0)


def test_closing_opens_the_review_in_the_channel_and_invites_the_irp_manager(h: Harness) -> None:
    number, channel_id = closed_incident(h)
    message = next(m for m in h.chat.in_channel(channel_id) if base(m.spec.marker) == f"{number}:review")
    assert "0 van 12 secties klaar" in message.spec.summary
    buttons = [b for block in message.spec.blocks if isinstance(block, Actions) for b in block.buttons]
    assert [b.action for b in buttons] == [actions.REVIEW_OPEN, actions.EXPORT]
    invite = f"{number}:review-invite"
    invited = [spec for user, spec in h.chat.direct if user == IRP_MANAGER and base(spec.marker) == invite]
    assert len(invited) == 1
    assert [b.label for block in invited[0].blocks if isinstance(block, Actions) for b in block.buttons] == [
        "Review starten"]  # the IRP manager's language: the plan's (Dutch)
    assert not h.chat.channels[channel_id]["archived"]


def test_every_section_of_the_template_is_asked_one_form_at_a_time(h: Harness) -> None:
    number, _ = closed_incident(h)
    outcome = press(h.core, h.actor(IRP_MANAGER), actions.REVIEW_OPEN, number)
    seen = []
    for index in range(len(SECTIONS)):
        assert isinstance(outcome, OpenForm)
        seen.append(section_of(outcome))
        moves = [m.name for m in outcome.form.moves]
        assert moves == (["close"] if index == 0 else ["back", "close"])
        outcome = send(h, IRP_MANAGER, outcome.form, answers_for(outcome.form))
    assert seen == [s.id for s in SECTIONS]
    assert isinstance(outcome, FormDone)
    review = review_of(h, number)
    assert review.complete and review.completed_by == IRP_MANAGER
    assert done_sections(review) == [s.id for s in SECTIONS]


def test_administration_is_prefilled_from_the_record_and_confirmed_by_saving(h: Harness) -> None:
    number, _ = closed_incident(h)
    outcome = press(h.core, h.actor(IRP_MANAGER), actions.REVIEW_OPEN, number)
    assert isinstance(outcome, OpenForm) and section_of(outcome) == "administration"
    initial = {i.name: i.initial for i in outcome.form.inputs if isinstance(i, TextInput | RadioInput | SelectInput)}
    incident = h.incident(number)
    assert initial["severity"] == "Groot"
    assert initial["manager"] == "Dries Maes"  # the owner
    assert initial["description"] == incident.description
    assert "2026" in str(initial["detected_at"]) and "2026" in str(initial["resolved_at"])
    outcome = send(h, IRP_MANAGER, outcome.form, shown_values(outcome.form) | {"customer_impact": "no",
                                                                                 "incident_type": "outage"})
    assert section_of(outcome) == "detection"
    review = review_of(h, number)
    assert review.answer("administration", "severity") == "Groot"
    assert "administration" in done_sections(review)
    assert h.incident(number).incident_type == "outage"


def test_plans_activated_come_from_the_escalations(h: Harness) -> None:
    number, _ = closed_incident(h, "crisis")  # a crisis activates the CMP
    outcome = press(h.core, h.actor(IRP_MANAGER), actions.REVIEW_OPEN, number)
    outcome = send(h, IRP_MANAGER, form_of(outcome), answers_for(form_of(outcome)))
    outcome = send(h, IRP_MANAGER, form_of(outcome), answers_for(form_of(outcome)))
    assert section_of(outcome) == "assessment"
    inputs = {i.name: i for i in form_of(outcome).inputs if not isinstance(i, Note)}
    assert inputs["plans_activated"].initial == ("cmp",)
    assert inputs["cmp_activated"].initial == "yes"


def test_back_and_forth_and_a_resume_keep_what_was_saved(h: Harness) -> None:
    number, channel_id = closed_incident(h)
    first = press(h.core, h.actor(IRP_MANAGER), actions.REVIEW_OPEN, number)
    assert isinstance(first, OpenForm)
    second = send(h, IRP_MANAGER, first.form, answers_for(first.form))
    assert section_of(second) == "detection"
    back = send(h, IRP_MANAGER, form_of(second), answers_for(form_of(second), " v1"), move="back")
    assert section_of(back) == "administration"
    # The same step as a message with a button, for a platform that cannot chain forms (older Mattermost).
    assert isinstance(back, OpenForm) and back.as_message is not None
    assert "sectie 2 van 12 (Detectie) bewaard" in back.as_message.summary
    buttons = [b for block in back.as_message.blocks if isinstance(block, Actions) for b in block.buttons]
    assert [(b.action, b.value) for b in buttons] == [(actions.REVIEW_OPEN, f"{number}|administration")]
    reopened = press(h.core, h.actor(IRP_MANAGER), buttons[0].action, buttons[0].value)
    assert section_of(reopened) == "administration"
    forward = send(h, IRP_MANAGER, form_of(back), shown_values(form_of(back)))
    assert section_of(forward) == "detection"
    texts = {i.name: i.initial for i in form_of(forward).inputs if isinstance(i, TextInput)}
    assert texts["who_how"] == "detection/who_how v1"
    closed = send(h, IRP_MANAGER, form_of(forward), shown_values(form_of(forward)), move="close")
    assert isinstance(closed, FormDone)
    assert "2 van 12" in (closed.spec.summary if closed.spec else "")
    # Someone else resumes later: the review opens at the first section not done.
    resumed = run_command(h.core, h.actor(RESPONDER, channel_id), "review")
    assert section_of(resumed) == "assessment"
    h.run_jobs()
    message = next(m for m in h.chat.in_channel(channel_id) if base(m.spec.marker) == f"{number}:review")
    assert "2 van 12 secties klaar" in message.spec.summary


def test_several_contributors_each_keep_their_answers(h: Harness) -> None:
    number, _ = closed_incident(h)
    mine = press(h.core, h.actor(IRP_MANAGER), actions.REVIEW_OPEN, number)
    mine = send(h, IRP_MANAGER, form_of(mine), answers_for(form_of(mine)))
    theirs = press(h.core, h.actor(RESPONDER), actions.REVIEW_OPEN, number)
    assert section_of(mine) == section_of(theirs) == "detection"
    # Both opened the same section; each changes one answer and saves.
    send(h, IRP_MANAGER, form_of(mine), shown_values(form_of(mine)) | {"who_how": "The monitoring, at 08:55"},
         move="close")
    send(h, RESPONDER, form_of(theirs), shown_values(form_of(theirs)) | {"in_time": "Yes, within minutes"},
         move="close")
    review = review_of(h, number)
    assert review.answer("detection", "who_how") == "The monitoring, at 08:55"
    assert review.answer("detection", "in_time") == "Yes, within minutes"
    assert review.answers[("detection", "in_time")].answered_by == RESPONDER


def test_an_answer_over_the_limit_is_a_field_error_not_a_crash(h: Harness) -> None:
    number, _ = closed_incident(h)
    form = press(h.core, h.actor(IRP_MANAGER), actions.REVIEW_OPEN, actions.value(number, "detection"))
    assert isinstance(form, OpenForm) and section_of(form) == "detection"
    too_long = answers_for(form.form) | {"who_how": "x" * 3001}
    refused = send(h, IRP_MANAGER, form.form, too_long)
    assert isinstance(refused, FieldErrors) and set(refused.errors) == {"who_how"}
    # Through a move: the same errors, and the form again with them written in it and the text kept (for a
    # platform that cannot show errors under the fields there, like a button inside a Slack modal).
    again = send(h, IRP_MANAGER, form.form, too_long, move="close")
    assert isinstance(again, FieldErrors) and set(again.errors) == {"who_how"} and again.form is not None
    assert again.form.state.split("|")[1] == "detection"
    notes = " ".join(p.text for i in again.form.inputs if isinstance(i, Note) for p in i.text
                     if hasattr(p, "text"))
    assert "3000" in notes
    assert next(i for i in again.form.inputs if getattr(i, "name", "") == "who_how").initial == "x" * 3001  # type: ignore[union-attr]
    assert "detection" not in review_of(h, number).saved


def test_only_people_involved_or_in_the_plan_work_on_the_review(h: Harness) -> None:
    number, _ = closed_incident(h)
    outsider = "U0STRANGER"
    assert isinstance(press(h.core, h.actor(outsider), actions.REVIEW_OPEN, number), Notice)
    assert isinstance(press(h.core, h.actor(EMPLOYEE), actions.REVIEW_OPEN, number), OpenForm)  # the reporter


def test_a_review_waits_until_the_incident_is_closed(h: Harness) -> None:
    number = h.report()
    press(h.core, h.actor(OPERATOR, "C0HELPDESK"), actions.CLASSIFY, actions.value(number, "minor"))
    h.run_jobs()
    channel_id = h.incident(number).channel_id or ""
    answer = run_command(h.core, h.actor(OPERATOR, channel_id), "review")
    assert isinstance(answer, Notice) and "afgesloten" in answer.spec.summary


def test_the_irp_manager_is_reminded_until_the_review_is_complete(h: Harness) -> None:
    number, channel_id = closed_incident(h)

    def reminders() -> int:
        return sum(1 for user, spec in h.chat.direct if user == IRP_MANAGER and "Herinnering" in spec.summary)

    h.clock.advance(days=1)
    h.run_jobs()
    assert reminders() == 0
    h.clock.advance(days=1, minutes=1)
    h.run_jobs()
    assert reminders() == 1
    h.clock.advance(days=2, minutes=1)
    h.run_jobs()
    h.run_jobs()
    assert reminders() == 2
    fill_all(h, number, IRP_BACKUP)
    h.run_jobs()
    assert h.chat.channels[channel_id]["archived"] is True
    h.clock.advance(days=10)
    h.run_jobs()
    assert reminders() == 2


def test_completing_the_review_posts_the_report_then_archives_the_channel(h: Harness) -> None:
    number, channel_id = closed_incident(h)
    fill_all(h, number)
    h.run_jobs()
    names = [name for channel, name, _, _ in h.chat.files if channel == channel_id]
    assert names == [f"{number}-report.md", f"{number}-report.pdf"]
    assert h.chat.channels[channel_id]["archived"] is True
    message = next(m for m in h.chat.in_channel(channel_id) if base(m.spec.marker) == f"{number}:review")
    assert "12 van 12" in message.spec.summary


def test_follow_up_actions_have_an_owner_and_a_due_date_and_are_reminded_until_done(h: Harness) -> None:
    number, channel_id = closed_incident(h)
    due = h.clock.now() + timedelta(days=7)
    form = press(h.core, h.actor(IRP_MANAGER), actions.REVIEW_OPEN, actions.value(number, "prevention"))
    assert isinstance(form, OpenForm)
    missing_owner = send(h, IRP_MANAGER, form.form, answers_for(form.form) | {"fu1_text": "Add disk alerts"})
    assert isinstance(missing_owner, FieldErrors) and set(missing_owner.errors) == {"fu1_owner", "fu1_due"}
    saved = send(h, IRP_MANAGER, form.form, answers_for(form.form) | {
        "fu1_text": "Add disk alerts", "fu1_owner": RESPONDER, "fu1_due": due}, move="close")
    assert isinstance(saved, FormDone)
    h.run_jobs()

    def messages() -> list[str]:
        return [spec.summary for user, spec in h.chat.direct if user == RESPONDER and "followup" in (spec.marker or "")]

    assert len(messages()) == 1  # told at once
    listed = run_command(h.core, h.actor(RESPONDER, "C0RANDOM"), "followups")
    assert isinstance(listed, Notice) and "Add disk alerts" in str(listed.spec.blocks)
    h.clock.advance(days=7, minutes=1)
    h.run_jobs()
    assert len(messages()) == 2  # due
    h.clock.advance(days=2, minutes=1)
    h.run_jobs()
    assert len(messages()) == 3  # still not done
    with h.core.uow() as uow:
        follow_up = uow.reviews.follow_ups(h.incident(number).id, open_only=True)[0]
    value = actions.value(number, follow_up.id or 0)
    assert isinstance(press(h.core, h.actor(EMPLOYEE), actions.FOLLOW_UP_DONE, value), Notice)
    assert isinstance(press(h.core, h.actor(RESPONDER), actions.FOLLOW_UP_DONE, value), Notice)
    h.clock.advance(days=5)
    h.run_jobs()
    assert len(messages()) == 3  # no reminder once done
    listed = run_command(h.core, h.actor(RESPONDER, channel_id), "followups")
    assert "Add disk alerts" not in str(listed.spec.blocks)  # type: ignore[union-attr]


def test_the_same_submission_twice_adds_its_follow_up_actions_once(h: Harness) -> None:
    number, _ = closed_incident(h)
    due = h.clock.now() + timedelta(days=7)
    form = press(h.core, h.actor(IRP_MANAGER), actions.REVIEW_OPEN, actions.value(number, "prevention"))
    assert isinstance(form, OpenForm)
    values = FormValues(answers_for(form.form) | {"fu1_text": "Add disk alerts", "fu1_owner": RESPONDER,
                                                  "fu1_due": due})
    for _ in range(2):  # a replayed or doubled delivery of one dialog (same idempotency key)
        again = submit(h.core, h.actor(IRP_MANAGER), form.form.form_id, values, form.form.state, "dialog:n1")
        assert section_of(again) == "response"
    other = submit(h.core, h.actor(IRP_MANAGER), form.form.form_id, values, form.form.state, "dialog:n2")
    assert section_of(other) == "response"  # another submission of the same rows: a second action, as asked
    with h.core.uow() as uow:
        follow_ups = uow.reviews.follow_ups(h.incident(number).id, open_only=False)
    assert [f.text for f in follow_ups] == ["Add disk alerts", "Add disk alerts"]
