"""*Inform customers…*: the person the communication plan names (or the IRP manager) edits the message
pre-filled from the plan's template and sends it by e-mail, or records that it was done by phone. Every
communication is a logbook entry with its full text; the audience then counts as informed."""

from __future__ import annotations

import re

from bot.core import Actor
from bot.core import Core
from bot.core import FieldErrors
from bot.core import FormDone
from bot.core import OpenForm
from bot.core import Outcome
from bot.domain.communication import Communication
from bot.domain.communication import Method
from bot.domain.communication import due_audiences
from bot.domain.communication import recipients
from bot.domain.exercise import isolated
from bot.domain.incident import Incident
from bot.domain.roles import Role
from bot.jobs.kind import JobKind
from bot.scheduler.communication import reschedule_communication
from bot.specs import FormValues
from bot.usecases.common import check_text
from bot.usecases.common import enqueue
from bot.usecases.common import find_incident
from bot.usecases.common import log_bot_action
from bot.usecases.common import not_found
from bot.usecases.common import refuse
from bot.usecases.common import who
from bot.views.inform import RECIPIENTS_MAX
from bot.views.inform import SUBJECT_MAX
from bot.views.inform import TEXT_MAX
from bot.views.inform import audience_name
from bot.views.inform import inform_form

EMAIL = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")


def may_inform(core: Core, actor: Actor, audience: str) -> bool:
    settings = core.plan.communication.audiences.get(audience)  # type: ignore[call-overload]
    roles = {Role.IRP_MANAGER} | ({settings.informs} if settings is not None else set())
    return any(core.directory.holds(actor.platform, actor.user_id, role) for role in roles)


def _checked(core: Core, actor: Actor, incident: Incident | None, number: str | None,
             audience: str) -> Incident | Outcome:
    if incident is None or incident.id is None:
        return not_found(core, actor, number)
    if audience not in core.plan.communication.audiences:
        return refuse(core, actor, "error.stale_button")
    if not may_inform(core, actor, audience):
        return refuse(core, actor, "inform.not_allowed")
    return incident


def _activities(core: Core, incident: Incident) -> str:
    return ", ".join(a.name if (a := core.plan.activity(key)) else key for key in incident.activities) or "—"


def open_inform(core: Core, actor: Actor, number: str | None, audience: str) -> Outcome:
    with core.uow(read_only=True) as uow:
        checked = _checked(core, actor, find_incident(uow, actor, number), number, audience)
    if not isinstance(checked, Incident):
        return checked
    tr = core.translator(actor.platform, actor.user_id)
    return OpenForm(inform_form(tr, core.plan, checked, audience, tr.language, recipients(core.plan, audience),
                                _activities(core, checked), tr.when(core.now())))


def _addresses(text: str) -> list[str]:
    return [part for part in re.split(r"[\s,;]+", text) if part]


def submit_inform(core: Core, actor: Actor, values: FormValues, state: str) -> Outcome:
    number, _, audience = state.partition("|")
    tr = core.translator(actor.platform, actor.user_id)
    method_text = values.choice("method") or ""
    method = Method(method_text) if method_text in {m.value for m in Method} else None
    addresses, subject, text = _addresses(values.text("recipients")), values.text("subject"), values.text("text")
    errors: dict[str, str] = {}
    if method is None:
        errors["method"] = tr.t("error.required")
    check_text(tr, errors, "text", text, TEXT_MAX)
    if len(subject) > SUBJECT_MAX:
        errors["subject"] = tr.t("error.too_long", limit=SUBJECT_MAX)
    if len(values.text("recipients")) > RECIPIENTS_MAX:
        errors["recipients"] = tr.t("error.too_long", limit=RECIPIENTS_MAX)
    elif method is Method.EMAIL:
        wrong = [a for a in addresses if not EMAIL.match(a)]
        if not addresses:
            errors["recipients"] = tr.t("inform.error.no_recipients")
        elif wrong:
            errors["recipients"] = tr.t("inform.error.address", address=wrong[0])
        elif core.mail is None:
            errors["method"] = tr.t("inform.error.no_mail")
        if not subject:
            errors["subject"] = tr.t("error.required")
    if errors or method is None:
        return FieldErrors(errors)
    with core.uow() as uow:
        checked = _checked(core, actor, find_incident(uow, actor, number), number, audience)
        if not isinstance(checked, Incident):
            return checked
        incident = checked
        assert incident.id is not None
        communication = uow.communications.add(Communication(
            incident.id, audience, method, actor.user_id, core.now(), tuple(addresses), subject, text))
        team = core.team_translator()
        key = "inform_log.email" if method is Method.EMAIL else "inform_log.phone"
        log_bot_action(core, uow, incident, actor.user_id, key, who=who(core, actor.platform, actor.user_id),
                       audience=audience_name(team, audience), recipients=", ".join(addresses) or "—",
                       subject=subject or "—", text=text)
        if method is Method.EMAIL and isolated(incident, core.plan.exercises.page_everyone):
            log_bot_action(core, uow, incident, "", "exercise.not_sent", what=subject)
        elif method is Method.EMAIL:
            enqueue(core, uow, JobKind.INFORM_MAIL, incident, communication=str(communication.id))
        reschedule_communication(core, uow, incident)
        enqueue(core, uow, JobKind.SPACE_REFRESH, incident)
        uow.commit()
    core.wake_jobs()
    return FormDone()


def inform_command(core: Core, actor: Actor, number: str | None, args: tuple[str, ...]) -> Outcome:
    """``/incident inform customers``: the form; without an audience, which ones are due."""
    if args:
        return open_inform(core, actor, number, args[0].lower())
    with core.uow(read_only=True) as uow:
        incident = find_incident(uow, actor, number)
    if incident is None:
        return not_found(core, actor, number)
    tr = core.translator(actor.platform, actor.user_id)
    due = ", ".join(due_audiences(core.plan, incident)) or "—"
    return refuse(core, actor, "inform.usage", audiences=due, number=incident.number,
                  names=", ".join(audience_name(tr, a) for a in due_audiences(core.plan, incident)) or "—")
