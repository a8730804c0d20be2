"""The expected resolution time: set by the owner (``/incident eta 2h``, ``17:30``, or the form) and
compared with the RTO: beyond it, the incident is escalated to the BCP manager (arrow 7, docs/irp.md §4)."""

from __future__ import annotations

from datetime import datetime

from bot.core import Actor
from bot.core import Core
from bot.core import FieldErrors
from bot.core import FormDone
from bot.core import Notice
from bot.core import OpenForm
from bot.core import Outcome
from bot.domain.incident import Incident
from bot.domain.page import PageKind
from bot.domain.roles import ContinuityPlan
from bot.domain.roles import Role
from bot.jobs.kind import JobKind
from bot.policy import may_steer
from bot.ports import ConcurrentUpdate
from bot.ports import UnitOfWork
from bot.scheduler.deadlines import parse_eta
from bot.scheduler.deadlines import rto_due
from bot.scheduler.deadlines import stamp
from bot.scheduler.paging import open_page
from bot.scheduler.schedule import reschedule
from bot.specs import FormValues
from bot.usecases.common import enqueue
from bot.usecases.common import incident_for
from bot.usecases.common import log_bot_action
from bot.usecases.common import refuse
from bot.usecases.common import who
from bot.views.schedule import eta_form


def steerable(core: Core, uow: UnitOfWork, actor: Actor, number: str | None, not_open: str = "eta.not_open",
              not_allowed: str = "eta.not_allowed") -> Incident | Outcome:
    """The open, classified incident the actor may steer; else the answer they read (the catalog keys
    ``not_open`` and ``not_allowed``)."""
    incident = incident_for(core, uow, actor, number)
    if isinstance(incident, Notice):
        return incident
    if not incident.is_open or incident.severity is None:
        return refuse(core, actor, not_open, number=incident.number)
    if not may_steer(core.directory, actor, incident):
        return refuse(core, actor, not_allowed, number=incident.number)
    return incident


def eta_command(core: Core, actor: Actor, number: str | None, text: str) -> Outcome:
    if not text:
        return open_eta_form(core, actor, number)
    eta = parse_eta(text, core.now(), core.plan.zone)
    if eta is None:
        return refuse(core, actor, "eta.usage")
    return set_eta(core, actor, number, eta)


def open_eta_form(core: Core, actor: Actor, number: str | None) -> Outcome:
    with core.uow() as uow:
        checked = steerable(core, uow, actor, number)
    if not isinstance(checked, Incident):
        return checked
    initial = checked.eta or checked.sla_due or core.now()
    return OpenForm(eta_form(core.translator(actor.platform, actor.user_id), checked, initial))


def submit_eta(core: Core, actor: Actor, values: FormValues, number: str) -> Outcome:
    tr = core.translator(actor.platform, actor.user_id)
    eta = values.moment("eta")
    if eta is None:
        return FieldErrors({"eta": tr.t("error.required")})
    if eta <= core.now():
        return FieldErrors({"eta": tr.t("eta.past")})
    outcome = set_eta(core, actor, number, eta)
    return outcome if outcome is not None else FormDone()


def set_eta(core: Core, actor: Actor, number: str | None, eta: datetime) -> Outcome:
    if eta <= core.now():
        return refuse(core, actor, "eta.past")
    with core.uow() as uow:
        checked = steerable(core, uow, actor, number)
        if not isinstance(checked, Incident):
            return checked
        incident = checked
        apply_eta(core, uow, incident, eta, actor.user_id)
        try:
            uow.incidents.save(incident)
        except ConcurrentUpdate:
            return refuse(core, actor, "error.changed_meanwhile", number=incident.number)
        reschedule(core, uow, incident)
        uow.commit()
    core.wake_jobs()
    return None


def apply_eta(core: Core, uow: UnitOfWork, incident: Incident, eta: datetime, actor_id: str) -> None:
    """Record a new expected resolution time (the caller saves the incident and reschedules)."""
    assert incident.id is not None
    incident.eta, incident.eta_set_by, incident.eta_set_at = eta, actor_id, core.now()
    team = core.team_translator()
    params = {"who": who(core, incident.platform, actor_id), "eta": team.when(eta)}
    log_bot_action(core, uow, incident, actor_id, "eta.logbook", **params)
    enqueue(core, uow, JobKind.NOTICE_POST, incident, key="eta.notice", **params)
    enqueue(core, uow, JobKind.SPACE_REFRESH, incident)
    rto = rto_due(core.plan, incident)
    if rto is not None and eta > rto and ContinuityPlan.BCP not in incident.activated_plans:
        open_page(core, uow, incident, PageKind.RTO_EXCEEDED, platform=incident.platform, role=Role.BCP_MANAGER,
                  cause="eta", key=f"{incident.id}:rto:{stamp(rto)}")
