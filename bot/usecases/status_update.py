"""Status updates: the owner answers the plan's regular prompt with a short form; the update goes to the
incident's channel and to every manager who must be kept informed (docs/irp.md §2: regular reporting)."""

from __future__ import annotations

from bot.core import Actor
from bot.core import Core
from bot.core import FieldErrors
from bot.core import FormDone
from bot.core import OpenForm
from bot.core import Outcome
from bot.domain.incident import Incident
from bot.domain.page import PageKind
from bot.domain.roles import Role
from bot.domain.severity import Severity
from bot.jobs.kind import JobKind
from bot.ports import ConcurrentUpdate
from bot.ports import UnitOfWork
from bot.scheduler.deadlines import status_cadence
from bot.scheduler.exercise_reach import informs
from bot.scheduler.paging import open_page
from bot.scheduler.paging import open_raise_page
from bot.scheduler.rules import kept_informed
from bot.scheduler.schedule import reschedule
from bot.specs import FormValues
from bot.usecases.common import check_text
from bot.usecases.common import enqueue
from bot.usecases.common import log_bot_action
from bot.usecases.common import refuse
from bot.usecases.common import who
from bot.usecases.eta import apply_eta
from bot.usecases.eta import steerable
from bot.views.schedule import IMPACTS
from bot.views.schedule import SUMMARY_MAX
from bot.views.schedule import status_form


def open_status_form(core: Core, actor: Actor, number: str | None) -> Outcome:
    with core.uow() as uow:
        incident = steerable(core, uow, actor, number, "status_update.not_open", "status_update.not_allowed")
    if not isinstance(incident, Incident):
        return incident
    return OpenForm(status_form(core.translator(actor.platform, actor.user_id), incident))


def submit_status(core: Core, actor: Actor, values: FormValues, number: str) -> Outcome:
    tr = core.translator(actor.platform, actor.user_id)
    errors: dict[str, str] = {}
    summary = values.text("summary")
    check_text(tr, errors, "summary", summary, SUMMARY_MAX)
    impact = values.choice("impact") or "stable"
    if impact not in IMPACTS:
        errors["impact"] = tr.t("error.unknown_choice")
    eta = values.moment("eta")
    if eta is not None and eta <= core.now():
        errors["eta"] = tr.t("eta.past")
    if errors:
        return FieldErrors(errors)
    with core.uow() as uow:
        incident = steerable(core, uow, actor, number, "status_update.not_open", "status_update.not_allowed")
        if not isinstance(incident, Incident):
            return incident
        now = core.now()
        team = core.team_translator()
        log_bot_action(core, uow, incident, actor.user_id, "status_update.logbook",
                       who=who(core, actor.platform, actor.user_id),
                       impact=team.t(f"status_update.impacts.{impact}"), summary=summary)
        if eta is not None and eta != incident.eta:
            apply_eta(core, uow, incident, eta, actor.user_id)
        cadence = status_cadence(core.plan, incident.severity)
        incident.last_status_at = now
        incident.status_due = now + cadence if cadence else None
        try:
            uow.incidents.save(incident)
        except ConcurrentUpdate:
            return refuse(core, actor, "error.changed_meanwhile", number=incident.number)
        reschedule(core, uow, incident)
        _share(core, incident, actor, summary, impact, uow)
        if impact == "growing" and incident.severity is Severity.MINOR and not open_raise_page(uow, incident):
            open_page(core, uow, incident, PageKind.RAISE_TO_MAJOR, platform=incident.platform,
                      role=Role.IRP_MANAGER, also=(incident.owner_id,), cause="growing",
                      key=f"{incident.id}:raise:growing:{now.isoformat()}")
        uow.commit()
    core.wake_jobs()
    return FormDone()


def _share(core: Core, incident: Incident, actor: Actor, summary: str, impact: str, uow: UnitOfWork) -> None:
    """Queue the update for the channel and a direct message to each manager kept informed."""
    payload = {"author": actor.user_id, "summary": summary, "impact": impact}
    enqueue(core, uow, JobKind.STATUS_SHARE, incident, **payload)
    sent: set[str] = {actor.user_id}
    for role in kept_informed(incident):
        user = core.directory.primary(incident.platform, role)
        if user is not None and user not in sent and informs(core, uow, incident, user):
            sent.add(user)
            enqueue(core, uow, JobKind.STATUS_DIRECT, incident, user=user, **payload)
