"""Hostile input to the notifications' and the communication plan's buttons and forms: forged values and
states, garbage in every field. Each gets an answer (a refusal, field errors, or nothing changed), never an
exception, and someone who may not act changes nothing."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from bot import actions
from bot.core import FieldErrors
from bot.core import FormDone
from bot.core import Notice
from bot.core import OpenForm
from bot.ports import UnitOfWorkFactory
from bot.specs import FormValues
from bot.usecases.interaction import press
from bot.usecases.interaction import submit
from tests.core.harness import EMPLOYEE
from tests.core.harness import IRP_MANAGER
from tests.core.harness import Harness
from tests.core.scheduling import english_harness
from tests.core.scheduling import new_incident
from tests.core.test_inform import COMMUNICATION
from tests.core.test_inform import CONTACTS
from tests.core.test_inform import RecordingMail
from tests.core.test_notifications import REGULATION

BUTTONS = (actions.NOTIFY, actions.NOTIFY_MARK, actions.NOTIFY_SUBMIT, actions.NOTIFY_DRAFT, actions.INFORM)
FORMS = (actions.FORM_NOTIFY_MARK, actions.FORM_NOTIFY_SUBMIT, actions.FORM_INFORM)
text = st.text(max_size=60)
value = st.one_of(text, st.none(), st.tuples(text), st.datetimes(min_value=datetime(1, 1, 2),
                                                                 timezones=st.just(UTC)))


@pytest.fixture
def h(sqlite_uow_factory: UnitOfWorkFactory, tmp_path: Path) -> Harness:
    harness = english_harness(sqlite_uow_factory, tmp_path, regulation=REGULATION, external_contacts=CONTACTS,
                              communication=COMMUNICATION)
    harness.core.mail = RecordingMail()
    return harness


@pytest.fixture
def number(h: Harness) -> str:
    """One incident for every example (hypothesis runs the examples inside one use of the fixtures)."""
    return new_incident(h, "major")


def counts(h: Harness, number: str) -> tuple[int, int]:
    with h.core.uow() as uow:
        incident_id = h.incident(number).id or 0
        return len(uow.regulation.cases(incident_id)), len(uow.communications.of_incident(incident_id))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(action=st.sampled_from(BUTTONS), parts=st.lists(text, max_size=4), form=st.sampled_from(FORMS),
       state=st.lists(text, max_size=3), values=st.dictionaries(
           st.sampled_from(("aware_at", "high_risk", "facts", "step", "submitted_at", "reference", "method",
                            "recipients", "subject", "text")), value))
def test_forged_buttons_and_forms_get_an_answer_never_an_exception(
        h: Harness, number: str, action: str, parts: list[str], form: str, state: list[str],
        values: dict[str, str | tuple[str, ...] | datetime | None]) -> None:
    for user in (EMPLOYEE, IRP_MANAGER):
        for raw in (actions.value(*parts) if parts else "", actions.value(number, *parts)):
            outcome = press(h.core, h.actor(user), action, raw)
            assert outcome is None or isinstance(outcome, Notice | OpenForm)
    for raw_state in (actions.value(*state) if state else "", actions.value(number, *state)):
        before = counts(h, number)
        outcome = submit(h.core, h.actor(EMPLOYEE), form, FormValues(dict(values)), raw_state)
        assert outcome is None or isinstance(outcome, Notice | FieldErrors)
        assert counts(h, number) == before  # someone in no role changes nothing
        outcome = submit(h.core, h.actor(IRP_MANAGER), form, FormValues(dict(values)), raw_state)
        assert outcome is None or isinstance(outcome, Notice | FieldErrors | FormDone)
