"""Reporting an incident: any employee (for themselves, a customer or a supplier), or a plan source from
outside the chat (``bot.usecases.intake``), through the same :func:`submit_report`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from bot.core import Actor
from bot.core import Core
from bot.core import FieldErrors
from bot.core import FormDone
from bot.core import OpenForm
from bot.core import Outcome
from bot.domain.exercise import Drill
from bot.domain.incident import Incident
from bot.domain.incident import ReporterKind
from bot.domain.incident import incident_number
from bot.domain.severity import Severity
from bot.i18n import Translator
from bot.jobs.kind import JobKind
from bot.people import known_name
from bot.plan_version import plan_stamp
from bot.ports import UnitOfWork
from bot.specs import FormValues
from bot.usecases.common import check_text
from bot.usecases.common import enqueue
from bot.usecases.common import log_bot_action
from bot.views.report import DESCRIPTION_MAX
from bot.views.report import NAME_MAX
from bot.views.report import TITLE_MAX
from bot.views.report import report_form
from bot.views.report import report_received

FUTURE_TOLERANCE = timedelta(minutes=5)


def open_report(core: Core, actor: Actor, title: str = "") -> OpenForm:
    tr = core.translator(actor.platform, actor.user_id)
    return OpenForm(report_form(tr, core.plan, title, core.now()))


@dataclass(frozen=True)
class ReportOrigin:
    """A report from outside the chat: its reporter is a plan source, not a chat user."""

    who: str
    """How the logbook names the reporter."""
    translator: Translator
    """The language of the answers (field errors) given to the reporter."""
    filed: Callable[[UnitOfWork, Incident], None]
    """Called in the report's transaction, once the incident exists (to keep what the source sent)."""


def validate_report(core: Core, tr: Translator, values: FormValues) -> dict[str, str]:
    errors: dict[str, str] = {}
    title = values.text("title")
    check_text(tr, errors, "title", title, TITLE_MAX)
    if len(values.text("description")) > DESCRIPTION_MAX:
        errors["description"] = tr.t("error.too_long", limit=DESCRIPTION_MAX)
    detected = values.moment("detected_at")
    if detected is None:
        errors["detected_at"] = tr.t("error.required")
    elif detected > core.now() + FUTURE_TOLERANCE:
        errors["detected_at"] = tr.t("report.error.future")
    unknown = [a for a in values.choices("activities") if core.plan.activity(a) is None]
    if unknown:
        errors["activities"] = tr.t("error.unknown_choice")
    kind = values.choice("reporter_kind") or ReporterKind.EMPLOYEE.value
    if kind not in {k.value for k in ReporterKind}:
        errors["reporter_kind"] = tr.t("error.unknown_choice")
    elif kind != ReporterKind.EMPLOYEE.value and not values.text("reporter_name"):
        errors["reporter_name"] = tr.t("report.error.name_needed")
    if len(values.text("reporter_name")) > NAME_MAX:
        errors["reporter_name"] = tr.t("error.too_long", limit=NAME_MAX)
    suggested = values.choice("suggested_severity")
    if suggested and Severity.parse(suggested) is None:
        errors["suggested_severity"] = tr.t("error.unknown_choice")
    return errors


def submit_report(core: Core, actor: Actor, values: FormValues, idempotency_key: str | None,
                  origin: ReportOrigin | None = None, drill: Drill | None = None) -> Outcome:
    """Store the report and queue its triage message; a second submission of the same form is a no-op.
    ``drill``: the report starts an exercise (``bot.usecases.exercise``; its starter is answered there)."""
    tr = origin.translator if origin else core.translator(actor.platform, actor.user_id)
    errors = validate_report(core, tr, values)
    if errors:
        return FieldErrors(errors)
    helpdesk = core.plan.helpdesk_channel.get(actor.platform, "")
    with core.uow() as uow:
        existing = uow.incidents.by_idempotency_key(idempotency_key) if idempotency_key else None
        if existing is not None:
            return _received(tr, existing.number, helpdesk)
        now = core.now()
        year = now.astimezone(core.plan.zone).year
        detected = values.moment("detected_at") or now
        kind = ReporterKind(values.choice("reporter_kind") or ReporterKind.EMPLOYEE.value)
        known = known_name(core, uow, actor.platform, actor.user_id) if origin is None else ""
        suggested = values.choice("suggested_severity")
        incident = Incident(
            number=incident_number(year, uow.incidents.next_sequence(year)),
            platform=actor.platform,
            title=values.text("title"),
            description=values.text("description"),
            detected_at=detected,
            reported_at=now,
            reporter_id=actor.user_id,
            reporter_kind=kind,
            reporter_name=values.text("reporter_name") if kind is not ReporterKind.EMPLOYEE or origin else "",
            activities=values.choices("activities"),
            suggested_severity=Severity.parse(suggested) if suggested else None,
            plan_version=plan_stamp(core.plan),
            reporter_display=known,
        )
        if drill is not None:
            incident.exercise, incident.exercise_participants = True, drill.participants
            incident.exercise_page_all = drill.page_all
        incident = uow.incidents.add(incident, idempotency_key)
        named = known or core.directory.display_name(actor.platform, actor.user_id)
        log_bot_action(core, uow, incident, actor.user_id, "logbook.reported", who=origin.who if origin else named)
        # The reporter's confirmation first: it never waits behind the helpdesk channel's pace. The triage line
        # is in the helpdesk channel's lane (JobKind.TRIAGE_POST): while it waits for its turn there (or is shown on
        # a card meanwhile), a classification's jobs (the channel, then the line's refresh, which posts it if
        # still needed) go ahead. A report from outside the chat has no reporter to confirm to.
        if origin is not None:
            origin.filed(uow, incident)
        elif drill is not None:
            log_bot_action(core, uow, incident, actor.user_id, drill.logbook_key, who=named, people=drill.names)
        else:
            enqueue(core, uow, JobKind.REPORTER_CONFIRM, incident)
        enqueue(core, uow, JobKind.TRIAGE_POST, incident)
        uow.commit()
    core.wake_jobs()
    return _received(tr, incident.number, helpdesk)


def _received(tr: Translator, number: str, helpdesk: str) -> FormDone:
    return FormDone(report_received(tr, number, helpdesk), tr.t("report.form.heading"), tr.t("form.close"))
