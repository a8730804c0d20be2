"""The annex's contact list: ``/incident contacts``, and the departments told when an incident affects their
essential activities (template 4.2.3: inform all stakeholders responsible for the affected area)."""

from __future__ import annotations

from bot.core import Actor
from bot.core import Core
from bot.core import Notice
from bot.core import Outcome
from bot.domain.incident import Incident
from bot.jobs.kind import JobKind
from bot.ports import UnitOfWork
from bot.scheduler.exercise_reach import informs
from bot.usecases.common import enqueue
from bot.usecases.common import log_bot_action
from bot.views.contacts import contacts_message


def show_contacts(core: Core, actor: Actor) -> Outcome:
    return Notice(contacts_message(core.translator(actor.platform, actor.user_id), core.plan))


def inform_departments(core: Core, uow: UnitOfWork, incident: Incident, actor_id: str) -> None:
    """Queue a direct message to the contact of each department whose activities ``incident`` affects (once
    per incident and department: the job's key), and log who was told."""
    told: list[str] = []
    for department in core.plan.departments_affected(incident.activities):
        if not department.inform:
            continue
        directory = core.directory
        user = directory.user_id(incident.platform, department.primary) \
            or directory.user_id(incident.platform, department.backup)
        if user is None or not informs(core, uow, incident, user):
            continue
        enqueue(core, uow, JobKind.DEPARTMENT_INFORM, incident, dedupe_key=f"department:{incident.id}:{department.id}",
                user=user, department=department.id)
        told.append(f"{department.name} ({directory.display_name(incident.platform, user)})")
    if told:
        log_bot_action(core, uow, incident, actor_id, "contacts.logbook", departments=", ".join(told))
