"""Helpers for the review tests: an incident taken to closed, and a review filled in through its forms."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot import actions
from bot.core import FormDone
from bot.core import OpenForm
from bot.core import Outcome
from bot.domain.review_sections import SECTIONS
from bot.domain.review_sections import Kind
from bot.specs import FormSpec
from bot.specs import FormValues
from bot.specs import RadioInput
from bot.specs import SelectInput
from bot.specs import TextInput
from bot.usecases.command import run_command
from bot.usecases.interaction import press
from bot.usecases.interaction import submit
from tests.core.harness import CMP_MANAGER
from tests.core.harness import HELPDESK
from tests.core.harness import IRP_MANAGER
from tests.core.harness import OPERATOR
from tests.core.harness import Harness


def closed_incident(h: Harness, severity: str = "major") -> tuple[str, str]:
    """A reported, classified incident, closed by the IRP manager's approval; its number and channel."""
    number = h.report()
    press(h.core, h.actor(OPERATOR, HELPDESK), actions.CLASSIFY, actions.value(number, severity))
    h.run_jobs()
    channel_id = h.incident(number).channel_id or ""
    assert run_command(h.core, h.actor(OPERATOR, channel_id), "deactivate") is None
    h.run_jobs()
    round_ = actions.value(number, h.incident(number).deactivation_round)
    for approver in (IRP_MANAGER, CMP_MANAGER) if severity == "crisis" else (IRP_MANAGER,):
        assert press(h.core, h.actor(approver, channel_id), actions.APPROVE, round_) is None
    h.run_jobs()
    return number, channel_id


def answers_for(form: FormSpec, tag: str = "") -> dict[str, Any]:
    """An answer for every question of a section form: text for texts, the first choice for choices."""
    values: dict[str, Any] = {}
    section_id = form.state.split("|")[1]
    section = next(s for s in SECTIONS if s.id == section_id)
    for question in section.questions:
        if question.kind is Kind.CHOICE:
            values[question.id] = question.choices[-1]
        elif question.kind is Kind.PLANS:
            values[question.id] = ("bcp",)
        elif question.kind is Kind.INCIDENT_TYPE:
            values[question.id] = "outage"
        else:
            values[question.id] = f"{section_id}/{question.id}{tag}"
    return values


def shown_values(form: FormSpec) -> dict[str, Any]:
    """What the form shows (its initial values), as a platform would send them back untouched."""
    values: dict[str, Any] = {}
    for item in form.inputs:
        if isinstance(item, TextInput | SelectInput | RadioInput):
            values[item.name] = item.initial
    return values


def send(h: Harness, who: str, form: FormSpec, values: dict[str, Any], move: str | None = None) -> Outcome:
    return submit(h.core, h.actor(who), form.form_id, FormValues(values), form.state, None, move)


def section_of(outcome: Outcome) -> str:
    assert isinstance(outcome, OpenForm), outcome
    return outcome.form.state.split("|")[1]


def fill_all(h: Harness, number: str, who: str = IRP_MANAGER, follow_up: tuple[str, str, datetime] | None = None
             ) -> FormDone:
    """Open the review and answer every section in order with Save and next."""
    outcome = press(h.core, h.actor(who), actions.REVIEW_OPEN, number)
    for _ in SECTIONS:
        assert isinstance(outcome, OpenForm), outcome
        values = answers_for(outcome.form)
        if follow_up and section_of(outcome) == "prevention":
            values |= {"fu1_text": follow_up[0], "fu1_owner": follow_up[1], "fu1_due": follow_up[2]}
        outcome = send(h, who, outcome.form, values)
    assert isinstance(outcome, FormDone), outcome
    return outcome
