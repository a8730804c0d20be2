"""Classifying a report into one of the four severities, and reclassifying it later."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

from bot import actions
from bot.core import Actor
from bot.core import Core
from bot.core import FieldErrors
from bot.core import FormDone
from bot.core import OpenForm
from bot.core import Outcome
from bot.domain.incident import Incident
from bot.domain.incident import SeverityChange
from bot.domain.phase import Phase
from bot.domain.roles import ContinuityPlan
from bot.domain.severity import Severity
from bot.domain.text import clean
from bot.jobs.kind import JobKind
from bot.policy import may_classify
from bot.policy import may_reclassify
from bot.ports import ConcurrentUpdate
from bot.ports import UnitOfWork
from bot.scheduler.deadlines import sla_clock
from bot.scheduler.deadlines import status_cadence
from bot.scheduler.paging import on_plan_activated
from bot.scheduler.paging import refresh_pages
from bot.scheduler.rules import may_raise_to_crisis
from bot.scheduler.schedule import reschedule
from bot.specs import Choice
from bot.specs import FormSpec
from bot.specs import FormValues
from bot.specs import SelectInput
from bot.specs import TextInput
from bot.usecases.common import check_text
from bot.usecases.common import find_incident
from bot.usecases.common import log_bot_action
from bot.usecases.common import not_found
from bot.usecases.common import refuse
from bot.usecases.common import show_change
from bot.usecases.common import who
from bot.usecases.contacts import inform_departments
from bot.usecases.incident_type import add_checklist
from bot.usecases.incident_type import apply_type_or_refuse
from bot.usecases.incident_type import type_inputs
from bot.views.common import person
from bot.views.common import severity_label

REASON_MAX = 1000


def _activate_crisis_plan(core: Core, uow: UnitOfWork, incident: Incident, actor: Actor) -> None:
    """A crisis activates the Crisis Management Plan (docs/irp.md §4): its manager is paged, and must then
    approve deactivation."""
    if incident.severity is Severity.CRISIS and ContinuityPlan.CMP not in incident.activated_plans:
        incident.activated_plans = incident.activated_plans | {ContinuityPlan.CMP}
        log_bot_action(core, uow, incident, actor.user_id, "logbook.plan_activated", plan="CMP")
        on_plan_activated(core, uow, incident, ContinuityPlan.CMP, actor.user_id)


def _may_reclassify(core: Core, actor: Actor, incident: Incident, severity: Severity | None) -> bool:
    if severity is Severity.CRISIS:
        return may_raise_to_crisis(core.directory, actor, incident)
    return may_reclassify(core.directory, actor, incident)


def _start_clocks(core: Core, incident: Incident, severity: Severity, now: datetime) -> None:
    """The SLA (restarted or kept on reclassification, as the plan says) and the status-update cadence."""
    incident.sla_started_at, incident.sla_due = sla_clock(core.plan, incident, severity, now)
    cadence = status_cadence(core.plan, severity)
    incident.status_due = now + cadence if cadence else None


SAVE_ATTEMPTS = 3
"""Times a classification is tried when the incident changed between reading and saving it (on PostgreSQL the
triage job stores its message on the incident the instant before a quick click)."""


def classify(core: Core, actor: Actor, number: str, severity: Severity, checked: bool = True) -> Outcome:
    """``checked=False``: the actor's right was checked otherwise (an exercise started with its severity)."""
    if checked and not may_classify(core.directory, actor):
        return refuse(core, actor, "classify.not_allowed")
    for _ in range(SAVE_ATTEMPTS):
        outcome = _classify_once(core, actor, number, severity)
        if outcome is not _Again.CHANGED:
            return outcome
    return refuse(core, actor, "error.changed_meanwhile", number=number)


class _Again(Enum):
    CHANGED = "changed"
    """The incident changed between reading and saving it; nothing was written: read it again."""


def _classify_once(core: Core, actor: Actor, number: str, severity: Severity) -> Outcome | _Again:
    with core.uow() as uow:
        incident = uow.incidents.by_number(number)
        if incident is None:
            return refuse(core, actor, "error.unknown_incident", number=number)
        if incident.severity is not None:
            tr = core.translator(actor.platform, actor.user_id)
            return refuse(core, actor, "classify.already", number=number,
                          severity=severity_label(tr, incident.severity), by=person(incident.classified_by),
                          when=tr.clock_time(incident.classified_at or core.now()))
        now = core.now()
        _start_clocks(core, incident, severity, now)
        incident.severity = severity
        incident.classified_by = actor.user_id
        incident.classified_at = now
        incident.owner_id = actor.user_id
        incident.phase = Phase.ACTIVATION
        _activate_crisis_plan(core, uow, incident, actor)
        try:
            uow.incidents.save(incident)
        except ConcurrentUpdate:
            return _Again.CHANGED  # rolled back on leaving the unit of work
        assert incident.id is not None
        uow.incidents.add_severity_change(SeverityChange(incident.id, None, severity, "", actor.user_id, now))
        reschedule(core, uow, incident)
        add_checklist(core, uow, incident)
        log_bot_action(core, uow, incident, actor.user_id, "logbook.classified", who=who(core, actor.platform,
                       actor.user_id), severity=core.team_translator().t(f"severity.{severity.value}.name"))
        inform_departments(core, uow, incident, actor.user_id)
        show_change(core, uow, incident, JobKind.SPACE_SETUP)
        uow.commit()
    core.wake_jobs()
    return None


def reclassify_form(core: Core, actor: Actor, number: str, preset: Severity | None = None) -> Outcome:
    """The reclassification form; ``preset``: the severity already chosen (*Raise to crisis…*)."""
    tr = core.translator(actor.platform, actor.user_id)
    with core.uow() as uow:
        incident = uow.incidents.by_number(number)
    if incident is None:
        return refuse(core, actor, "error.unknown_incident", number=number)
    if not _may_reclassify(core, actor, incident, preset):
        return refuse(core, actor, "reclassify.not_allowed", number=number)
    choices = tuple(Choice(s.value, severity_label(tr, s)) for s in Severity if s is not incident.severity)
    return OpenForm(FormSpec(
        actions.FORM_RECLASSIFY, tr.t("reclassify.form.heading"), tr.t("reclassify.form.submit"), tr.t("form.cancel"),
        (SelectInput("severity", tr.t("reclassify.form.severity"), choices,
                     initial=(preset.value,) if preset is not None and preset is not incident.severity else ()),
         TextInput("reason", tr.t("reclassify.form.reason"), multiline=True, max_length=REASON_MAX),
         *type_inputs(tr, core.plan, incident)),
        state=number,
    ))


def submit_reclassify(core: Core, actor: Actor, values: FormValues, number: str) -> Outcome:
    tr = core.translator(actor.platform, actor.user_id)
    errors: dict[str, str] = {}
    severity = Severity.parse(values.choice("severity") or "")
    if severity is None:
        errors["severity"] = tr.t("error.required")
    check_text(tr, errors, "reason", values.text("reason"), REASON_MAX, "reclassify.error.reason")
    type_id = values.choice("incident_type") or ""
    if type_id and core.plan.incident_type(type_id) is None:
        errors["incident_type"] = tr.t("error.unknown_choice")
    if errors or severity is None:
        return FieldErrors(errors)
    outcome = reclassify(core, actor, number, severity, values.text("reason"), type_id)
    return outcome if outcome is not None else FormDone()


def reclassify(core: Core, actor: Actor, number: str | None, severity: Severity, reason: str,
               type_id: str = "") -> Outcome:
    """Raise or lower the severity: needs a reason; restarts the SLA; invites whoever it adds; ``type_id``: the
    incident type named in the same form (the scenario's steps follow the new severity either way)."""
    with core.uow() as uow:
        incident = find_incident(uow, actor, number)
        if incident is None:
            return not_found(core, actor, number)
        if not _may_reclassify(core, actor, incident, severity):
            return refuse(core, actor, "reclassify.not_allowed", number=incident.number)
        if not incident.is_open or incident.severity is None:
            return refuse(core, actor, "reclassify.not_open", number=incident.number)
        reason = clean(reason)
        if not reason.strip():
            return refuse(core, actor, "reclassify.error.reason")
        if len(reason.strip()) > REASON_MAX:
            return refuse(core, actor, "error.too_long", limit=str(REASON_MAX))
        if severity is incident.severity:
            tr = core.translator(actor.platform, actor.user_id)
            return refuse(core, actor, "reclassify.same", severity=severity_label(tr, severity))
        now = core.now()
        previous = incident.severity
        _start_clocks(core, incident, severity, now)
        incident.severity = severity
        _activate_crisis_plan(core, uow, incident, actor)
        try:
            uow.incidents.save(incident)
        except ConcurrentUpdate:
            return refuse(core, actor, "error.changed_meanwhile", number=incident.number)
        assert incident.id is not None
        uow.incidents.add_severity_change(SeverityChange(incident.id, previous, severity, reason.strip(),
                                                         actor.user_id, now))
        reschedule(core, uow, incident)
        refresh_pages(core, uow, incident, uow.pages.of_incident(incident.id))
        add_checklist(core, uow, incident)
        team = core.team_translator()
        params = {"who": who(core, actor.platform, actor.user_id), "reason": reason.strip(),
                  "before": team.t(f"severity.{previous.value}.name"),
                  "after": team.t(f"severity.{severity.value}.name")}
        log_bot_action(core, uow, incident, actor.user_id, "logbook.reclassified", **params)
        show_change(core, uow, incident, JobKind.SPACE_SETUP, "notice.reclassified", **params)
        if (refusal := apply_type_or_refuse(core, uow, incident, type_id, actor)) is not None:
            return refusal
        uow.commit()
    core.wake_jobs()
    return None

