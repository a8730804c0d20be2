"""Keeping the plan alive (docs/irp.md §2): the yearly review reminder to the plan's reviewer, and after each
closed incident a prompt to record whether the plan, the Risk Assessment or supplier contracts need revising."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from pathlib import Path

import pytest

from bot import actions
from bot.core import FieldErrors
from bot.core import FormDone
from bot.core import OpenForm
from bot.domain.timer import TimerKind
from bot.ports import UnitOfWorkFactory
from bot.scheduler.tick import prepare
from bot.specs import FormValues
from bot.usecases.command import run_command
from bot.usecases.interaction import press
from bot.usecases.interaction import submit
from tests.core.harness import IRP_MANAGER
from tests.core.harness import OPERATOR
from tests.core.harness import RESPONDER
from tests.core.harness import Harness
from tests.core.harness import text_of
from tests.core.scheduling import button
from tests.core.scheduling import buttons
from tests.core.scheduling import channel
from tests.core.scheduling import english_harness
from tests.core.scheduling import new_incident
from tests.core.scheduling import pages_to
from tests.core.scheduling import shown
from tests.core.scheduling import text

PLAN_OWNER = IRP_MANAGER  # hugo owns the example plan


@pytest.fixture
def h(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> Harness:
    return english_harness(uow_factory, tmp_path)


def plan_timers(h: Harness) -> list[tuple[TimerKind, datetime]]:
    with h.core.uow() as uow:
        return [(t.kind, t.due_at) for t in uow.timers.pending(None)]


def test_the_yearly_review_is_due_on_the_plans_day_in_its_zone_and_repeats(h: Harness) -> None:
    # 15 March 2027, 09:00 in Brussels (CET, before the change to summer time) is 08:00 UTC.
    assert plan_timers(h) == [(TimerKind.PLAN_REVIEW, datetime(2027, 3, 15, 8, 0, tzinfo=UTC))]
    prepare(h.core)  # every start: still one
    assert len(plan_timers(h)) == 1
    h.clock.set(datetime(2027, 3, 15, 7, 59, tzinfo=UTC))
    assert h.tick() == 0
    h.clock.set(datetime(2027, 3, 15, 8, 0, tzinfo=UTC))
    assert h.tick() == 1
    review = pages_to(h, PLAN_OWNER)
    assert len(review) == 1 and "yearly review of the Incident Response Plan of Voorbeeld NV" in text(review[0])
    assert plan_timers(h) == [(TimerKind.PLAN_REVIEW, datetime(2028, 3, 15, 8, 0, tzinfo=UTC))]
    reviewed = button(review[0], actions.REVIEWED)
    assert press(h.core, h.actor(OPERATOR), reviewed.action, reviewed.value) is not None  # not the reviewer
    assert press(h.core, h.actor(PLAN_OWNER), reviewed.action, reviewed.value) is None
    h.tick()
    assert buttons(pages_to(h, PLAN_OWNER)[0]) == []
    assert f"Plan reviewed by <@{PLAN_OWNER}>" in text(pages_to(h, PLAN_OWNER)[0])


def test_a_plan_without_a_review_date_has_no_review_timer(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> None:
    h = english_harness(uow_factory, tmp_path, **{"upkeep.yearly_on": None})
    assert plan_timers(h) == []


def close(h: Harness, number: str) -> None:
    channel_id = channel(h, number)
    assert run_command(h.core, h.actor(OPERATOR, channel_id), "deactivate") is None
    assert press(h.core, h.actor(IRP_MANAGER, channel_id), actions.APPROVE, actions.value(number, 1)) is None
    h.tick()


def test_after_a_closed_incident_the_irp_manager_records_the_lessons(h: Harness) -> None:
    number = new_incident(h, "minor")
    close(h, number)
    assert pages_to(h, IRP_MANAGER) == []
    h.advance(minutes=59)
    assert pages_to(h, IRP_MANAGER) == []
    h.advance(minutes=1)
    prompt = pages_to(h, IRP_MANAGER)
    assert len(prompt) == 1 and "Do the plan, the Risk Assessment or supplier contracts need revising" in text(
        prompt[0])
    record = button(prompt[0], actions.LESSONS)
    refusal = press(h.core, h.actor(RESPONDER), record.action, record.value)
    assert text_of(refusal) == h.core.translator("slack", RESPONDER).t("page.not_yours")
    form = press(h.core, h.actor(IRP_MANAGER), record.action, record.value)
    assert isinstance(form, OpenForm)
    missing = submit(h.core, h.actor(IRP_MANAGER), form.form.form_id, FormValues({"plan": "yes"}), form.form.state)
    assert isinstance(missing, FieldErrors) and set(missing.errors) == {"risk", "contracts"}
    answers = FormValues({"plan": "no", "risk": "yes", "contracts": "yes", "notes": "SLA with the mail host"})
    assert isinstance(submit(h.core, h.actor(IRP_MANAGER), form.form.form_id, answers, form.form.state), FormDone)
    with h.core.uow() as uow:
        entries = [e.text for e in uow.logbook.entries(h.incident(number).id or 0, 100)]
    assert ("Lessons learned, recorded by Hugo Peeters: plan to revise: no; Risk Assessment to revise: yes; "
            "supplier contracts to revise: yes. SLA with the mail host") in entries
    h.tick()
    assert buttons(pages_to(h, IRP_MANAGER)[0]) == []
    again = press(h.core, h.actor(IRP_MANAGER), record.action, record.value)
    assert "Already answered by" in shown(again)


def test_the_lessons_prompt_can_be_turned_off(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> None:
    h = english_harness(uow_factory, tmp_path, **{"upkeep.after_incident": "off"})
    number = new_incident(h, "minor")
    close(h, number)
    h.advance(days=2)
    assert pages_to(h, IRP_MANAGER) == []
