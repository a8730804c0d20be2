"""Setting an incident's type (``/incident type <id>``, the checklist's scenario buttons, the reclassification
form, the logbook form, the review): the logbook records it, and while the incident is open its checklist
becomes the severity's procedure extended or replaced by the type's scenario (``bot.procedures``)."""

from __future__ import annotations

from bot.core import Actor
from bot.core import Core
from bot.core import Notice
from bot.core import Outcome
from bot.domain.incident import Incident
from bot.i18n import Translator
from bot.jobs.kind import JobKind
from bot.plan import Plan
from bot.plan_types import with_procedures
from bot.policy import may_set_type
from bot.ports import ConcurrentUpdate
from bot.ports import UnitOfWork
from bot.procedures import new_items
from bot.procedures import procedure_words
from bot.specs import SelectInput
from bot.usecases.common import enqueue
from bot.usecases.common import find_incident
from bot.usecases.common import log_bot_action
from bot.usecases.common import not_found
from bot.usecases.common import refuse
from bot.usecases.common import who
from bot.views.checklist import procedure_steps
from bot.views.logbook_form import incident_type_choices
from bot.views.logbook_form import incident_type_label


def add_checklist(core: Core, uow: UnitOfWork, incident: Incident) -> None:
    """Store the steps the incident's severity and type call for that are not stored yet."""
    assert incident.id is not None
    if incident.severity is None:
        return
    items = uow.incidents.checklist(incident.id)
    own = procedure_steps(core.team_translator(), core.plan, incident.severity)
    added = new_items(core.plan, incident, items, own)
    if added:
        uow.incidents.add_checklist(added)


def apply_type(core: Core, uow: UnitOfWork, incident: Incident, type_id: str, actor: Actor) -> bool:
    """Give ``incident`` the type ``type_id`` (a known id) in the caller's transaction; False when it had it.
    Raises ``ConcurrentUpdate`` when the incident changed meanwhile."""
    if not type_id or type_id == incident.incident_type:
        return False
    team = core.team_translator()
    before = incident.incident_type
    incident.incident_type = type_id
    uow.incidents.save(incident)
    params = {"who": who(core, actor.platform, actor.user_id), "type": incident_type_label(team, core.plan, type_id),
              "before": incident_type_label(team, core.plan, before) if before else team.t("types.none")}
    open_now = incident.is_open and incident.severity is not None
    if open_now:
        add_checklist(core, uow, incident)
        params["procedure"] = procedure_words(team, core.plan, incident)
    log_bot_action(core, uow, incident, actor.user_id, "types.logbook.set" if open_now else "types.logbook.set_closed",
                   **params)
    if open_now:
        enqueue(core, uow, JobKind.NOTICE_POST, incident, key="types.notice.set", **params)
        enqueue(core, uow, JobKind.CHECKLIST_REFRESH, incident)
        enqueue(core, uow, JobKind.SPACE_REFRESH, incident)
    elif incident.is_open:  # chosen on the triage line, before classifying: the line shows it
        enqueue(core, uow, JobKind.TRIAGE_REFRESH, incident)
    return True


def apply_type_or_refuse(core: Core, uow: UnitOfWork, incident: Incident, type_id: str,
                         actor: Actor) -> Notice | None:
    """:func:`apply_type` for a use case: ``None`` when done (or nothing to do), else the refusal the actor reads
    because the incident changed meanwhile (the caller then commits nothing)."""
    try:
        apply_type(core, uow, incident, type_id, actor)
    except ConcurrentUpdate:
        return refuse(core, actor, "error.changed_meanwhile", number=incident.number)
    return None


def known_types(core: Core, actor: Actor) -> str:
    tr = core.translator(actor.platform, actor.user_id)
    return ", ".join(f"{choice.value} ({choice.label})" for choice in incident_type_choices(tr, core.plan))


def type_command(core: Core, actor: Actor, number: str | None, args: tuple[str, ...]) -> Outcome:
    """``/incident type <id>``; without an id, the incident's type and the valid ids."""
    tr = core.translator(actor.platform, actor.user_id)
    valid = {choice.value for choice in incident_type_choices(tr, core.plan)}
    with core.uow() as uow:
        incident = find_incident(uow, actor, number)
        if incident is None:
            return not_found(core, actor, number)
        if not args:
            current = incident_type_label(tr, core.plan, incident.incident_type) if incident.incident_type else None
            return refuse(core, actor, "types.usage", number=incident.number, current=current or tr.t("types.none"),
                          types=known_types(core, actor))
        type_id = args[0].lower()
        if type_id not in valid:
            return refuse(core, actor, "types.unknown", given=args[0], types=known_types(core, actor))
        if not may_set_type(core.directory, actor, incident):
            return refuse(core, actor, "types.not_allowed", number=incident.number)
        if type_id == incident.incident_type:
            return refuse(core, actor, "types.same", number=incident.number,
                          type=incident_type_label(tr, core.plan, type_id))
        if (refusal := apply_type_or_refuse(core, uow, incident, type_id, actor)) is not None:
            return refusal
        uow.commit()
    core.wake_jobs()
    return refuse(core, actor, "types.done", number=incident.number, type=incident_type_label(tr, core.plan, type_id))


def press_type(core: Core, actor: Actor, number: str, type_id: str) -> Outcome:
    """A scenario button on the checklist."""
    return type_command(core, actor, number, (type_id,))


def type_inputs(tr: Translator, plan: Plan, incident: Incident) -> tuple[SelectInput, ...]:
    """The optional incident type select of a form that classifies, when the plan has scenarios."""
    if not with_procedures(plan.incident_types):
        return ()
    return (SelectInput("incident_type", tr.t("types.form.type"), incident_type_choices(tr, plan), optional=True,
                        initial=(incident.incident_type,) if incident.incident_type else (),
                        hint=tr.t("types.form.type_hint")),)
