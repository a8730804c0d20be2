"""``/incident log add`` and *Complete* on an entry: the plan's columns of the logbook."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot import actions
from bot.core import FieldErrors
from bot.core import FormDone
from bot.core import Notice
from bot.core import OpenForm
from bot.domain.logbook import EntrySource
from bot.domain.logbook import RevisionKind
from bot.ports import UnitOfWorkFactory
from bot.specs import Button
from bot.specs import FormValues
from bot.specs import Section
from bot.usecases.command import run_command
from bot.usecases.interaction import press
from bot.usecases.interaction import submit
from tests.core.harness import EMPLOYEE
from tests.core.harness import HELPDESK
from tests.core.harness import OPERATOR
from tests.core.harness import RESPONDER
from tests.core.harness import Harness
from tests.core.harness import make_harness
from tests.review.flow import closed_incident


@pytest.fixture
def h(uow_factory: UnitOfWorkFactory) -> Harness:
    return make_harness(uow_factory)


def channel_of_new_incident(h: Harness) -> tuple[str, str]:
    number = h.report()
    press(h.core, h.actor(OPERATOR, HELPDESK), actions.CLASSIFY, actions.value(number, "minor"))
    h.run_jobs()
    return number, h.incident(number).channel_id or ""


def test_log_add_records_an_action_with_its_columns(h: Harness) -> None:
    number, channel_id = channel_of_new_incident(h)
    form = run_command(h.core, h.actor(RESPONDER, channel_id), "log add Swapped the disk")
    assert isinstance(form, OpenForm)
    assert [i.name for i in form.form.inputs if hasattr(i, "name")] == [
        "text", "impact", "duration", "activities", "resources", "incident_type"]
    values: dict[str, str | tuple[str, ...] | datetime | None] = {
        "text": "Swapped the disk", "impact": "Mail down for 40 staff", "duration": "35 minutes",
              "activities": ("email",), "resources": "Lotte, a spare disk", "incident_type": "outage"}
    done = submit(h.core, h.actor(RESPONDER), form.form.form_id, FormValues(values), form.form.state, "slack:view:V9")
    assert isinstance(done, FormDone)
    again = submit(h.core, h.actor(RESPONDER), form.form.form_id, FormValues(values), form.form.state, "slack:view:V9")
    assert isinstance(again, FormDone)  # the same submission twice: one entry
    with h.core.uow() as uow:
        entries = [e for e in uow.logbook.entries(h.incident(number).id or 0, 50) if e.source is EntrySource.COMMAND]
    assert len(entries) == 1
    details = entries[0].details
    assert (entries[0].text, details.impact, details.duration, details.resources, details.activities) == (
        "Swapped the disk", "Mail down for 40 staff", "35 minutes", "Lotte, a spare disk", ("email",))
    assert (details.incident_type, details.summary, details.team) == ("outage", "Mail server down",
                                                                       "incident_response_team")
    assert h.incident(number).incident_type == "outage"


def test_too_long_details_are_field_errors(h: Harness) -> None:
    _, channel_id = channel_of_new_incident(h)
    form = run_command(h.core, h.actor(RESPONDER, channel_id), "log add")
    assert isinstance(form, OpenForm)
    refused = submit(h.core, h.actor(RESPONDER), form.form.form_id,
                     FormValues({"text": "", "impact": "x" * 1001, "incident_type": "volcano"}), form.form.state)
    assert isinstance(refused, FieldErrors) and set(refused.errors) == {"text", "impact", "incident_type"}


def test_an_entry_is_completed_from_its_button_and_keeps_its_history(h: Harness) -> None:
    number, channel_id = closed_incident(h)  # completing works after closing too (for the review)
    log = run_command(h.core, h.actor(RESPONDER, channel_id), "log 1")
    assert isinstance(log, Notice)
    buttons = [b.button for b in log.spec.blocks if isinstance(b, Section) and isinstance(b.button, Button)]
    assert buttons and buttons[0].action == actions.LOG_COMPLETE and buttons[0].value == f"{number}|1"
    assert isinstance(press(h.core, h.actor("U0STRANGER"), actions.LOG_COMPLETE, buttons[0].value), Notice)
    form = press(h.core, h.actor(RESPONDER), actions.LOG_COMPLETE, buttons[0].value)
    assert isinstance(form, OpenForm)
    done = submit(h.core, h.actor(RESPONDER), form.form.form_id,
                  FormValues({"impact": "Nobody could mail", "duration": "2 hours", "resources": "The IRT",
                              "activities": ("email",)}), form.form.state)
    assert isinstance(done, FormDone)
    with h.core.uow() as uow:
        entry = uow.logbook.by_sequence(h.incident(number).id or 0, 1)
    assert entry is not None and entry.details.impact == "Nobody could mail"
    assert [(r.kind, r.revised_by) for r in entry.revisions] == [(RevisionKind.COMPLETED, RESPONDER)]
    assert isinstance(run_command(h.core, h.actor(EMPLOYEE, channel_id), "log add too late"), Notice)
