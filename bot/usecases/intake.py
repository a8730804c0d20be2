"""Reports from outside the chat (a plan source: the intake API, a monitoring webhook, the report page).

A new report goes through :func:`bot.usecases.report.submit_report`, the use case of ``/incident``: same
numbering, same triage. A report whose deduplication key matches the source's open incident is not a new
report: that incident's logbook records "signal received again", and the signals are counted.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from contextlib import AbstractContextManager
from contextlib import nullcontext
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace
from datetime import datetime

from bot.core import Actor
from bot.core import Core
from bot.core import FieldErrors
from bot.domain.external_report import ExternalReport
from bot.domain.external_report import OutsideStatus
from bot.domain.incident import Incident
from bot.domain.incident import ReporterKind
from bot.domain.text import clean
from bot.i18n import LANGUAGES
from bot.i18n import Translator
from bot.jobs.kind import JobKind
from bot.ports import UnitOfWork
from bot.sources import Source
from bot.sources import SourceKind
from bot.specs import FormValues
from bot.usecases.common import enqueue
from bot.usecases.common import log_bot_action
from bot.usecases.report import ReportOrigin
from bot.usecases.report import submit_report
from bot.usecases.report import validate_report
from bot.views.report import NAME_MAX

EMAIL_MAX = 254
DEDUP_KEY_MAX = 200
LABELS_MAX = 20
LABEL_NAME_MAX = 64
LABEL_VALUE_MAX = 200
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_KINDS = {SourceKind.CUSTOMER: ReporterKind.CUSTOMER, SourceKind.SUPPLIER: ReporterKind.SUPPLIER}

@dataclass(frozen=True)
class IncomingReport:
    """What a source sent, as parsed by its handler."""

    title: str
    description: str = ""
    detected_at: datetime | None = None
    reporter_name: str = ""
    reporter_email: str = ""
    reporter_organisation: str = ""
    activities: tuple[str, ...] = ()
    suggested_severity: str | None = None
    dedup_key: str | None = None
    labels: Mapping[str, str] = field(default_factory=dict)
    language: str | None = None


@dataclass(frozen=True)
class Received:
    number: str
    status_key: str
    created: bool
    """False when the report was a new signal of an open incident."""
    signals: int = 1


@dataclass(frozen=True)
class OutsideView:
    """The status page: the reference and what outsiders may know, in the reporter's language."""

    number: str
    status: OutsideStatus
    language: str


def translator_for(core: Core, source: Source, language: str | None = None) -> Translator:
    chosen = language if language in LANGUAGES else (source.language or core.plan.language)
    return Translator(chosen or "en", core.plan.zone)


def platform_for(core: Core, source: Source) -> str:
    """Where the source's reports are triaged: its own platform when Sirene runs on it, else the first one."""
    running = core.platforms or tuple(core.plan.helpdesk_channel)
    if source.platform in running:
        return str(source.platform)
    return running[0]


def _extra_errors(tr: Translator, report: IncomingReport) -> dict[str, str]:
    errors: dict[str, str] = {}
    if len(report.reporter_email) > EMAIL_MAX or (report.reporter_email and not _EMAIL.match(report.reporter_email)):
        errors["reporter_email"] = tr.t("intake.error.email")
    if len(report.reporter_organisation) > NAME_MAX:
        errors["reporter_organisation"] = tr.t("error.too_long", limit=NAME_MAX)
    if report.dedup_key is not None and not 0 < len(report.dedup_key) <= DEDUP_KEY_MAX:
        errors["dedup_key"] = tr.t("error.too_long", limit=DEDUP_KEY_MAX)
    if len(report.labels) > LABELS_MAX or any(
            not 0 < len(k) <= LABEL_NAME_MAX or len(v) > LABEL_VALUE_MAX for k, v in report.labels.items()):
        errors["labels"] = tr.t("intake.error.labels", count=LABELS_MAX, name=LABEL_NAME_MAX, value=LABEL_VALUE_MAX)
    return errors


def _values(source: Source, report: IncomingReport) -> FormValues:
    kind = _KINDS.get(source.kind, ReporterKind.EMPLOYEE)
    name = clean(report.reporter_name).strip() or clean(report.reporter_organisation).strip()
    severity = report.suggested_severity or (source.severity.value if source.severity else None)
    return FormValues({
        "title": report.title, "description": report.description, "detected_at": report.detected_at,
        "activities": report.activities, "reporter_kind": kind.value, "reporter_name": name,
        "suggested_severity": severity,
    })


def check_report(core: Core, source: Source, report: IncomingReport) -> dict[str, str]:
    """What is wrong with the report (field → message), without filing it."""
    tr = translator_for(core, source, report.language)
    values = _values(source, replace(report, detected_at=report.detected_at or core.now()))
    return {**validate_report(core, tr, values), **_extra_errors(tr, report)}


def receive_report(core: Core, source: Source, report: IncomingReport, status_base: str = "") -> Received | FieldErrors:
    """File the report, or count it as one more signal of the source's open incident with the same key.

    ``status_base``: where the status pages are (``SIRENE_PUBLIC_URL/report/status/``); with it, and a mail
    server, a reporter who gave an e-mail address is sent a confirmation with the link."""
    tr = translator_for(core, source, report.language)
    if report.detected_at is None:
        report = replace(report, detected_at=core.now())
    with _matching(core, source, report.dedup_key):
        if report.dedup_key:
            again = _signal_again(core, source, report.dedup_key)
            if again is not None:
                return again
        errors = _extra_errors(tr, report)
        if errors:
            return FieldErrors({**validate_report(core, tr, _values(source, report)), **errors})
        actor = Actor(platform_for(core, source), source.reporter_id)
        status_key = secrets.token_urlsafe(18)
        filed: list[str] = []

        def keep(uow: UnitOfWork, incident: Incident) -> None:
            assert incident.id is not None
            uow.external_reports.add(ExternalReport(
                incident_id=incident.id, source=source.name, status_key=status_key, received_at=core.now(),
                dedup_key=report.dedup_key or None, reporter_email=clean(report.reporter_email).strip(),
                reporter_organisation=clean(report.reporter_organisation).strip(),
                labels={clean(k): clean(v) for k, v in report.labels.items()}, language=tr.language))
            if core.mail is not None and status_base and report.reporter_email.strip():
                enqueue(core, uow, JobKind.INTAKE_CONFIRM_MAIL, incident, status_url=f"{status_base}{status_key}")
            filed.append(incident.number)

        origin = ReportOrigin(_who(core, source), tr, keep)
        outcome = submit_report(core, actor, _values(source, report), None, origin)
        if isinstance(outcome, FieldErrors):
            return outcome
        return Received(filed[0], status_key, created=True)


def _matching(core: Core, source: Source, dedup_key: str | None) -> AbstractContextManager[None]:
    """One report with the source's ``dedup_key`` at a time (in every process on the database) is matched
    against the open ones and filed: two copies arriving together never open two incidents. A report without
    a key matches nothing and waits for nobody."""
    return core.key_locks.hold(f"intake:{source.name}:{dedup_key}") if dedup_key else nullcontext()


def _who(core: Core, source: Source) -> str:
    tr = core.team_translator()
    return tr.t("intake.who", source=source.name, kind=tr.t(f"intake.kind.{source.kind.value}"))


def _open_report(uow: UnitOfWork, source: Source, dedup_key: str) -> tuple[ExternalReport, Incident] | None:
    found = uow.external_reports.latest(source.name, dedup_key)
    if found is None:
        return None
    incident = uow.incidents.get(found.incident_id)
    return (found, incident) if incident is not None and incident.is_open else None


def _signal_again(core: Core, source: Source, dedup_key: str) -> Received | None:
    with core.uow() as uow:
        found = _open_report(uow, source, dedup_key)
        if found is None:
            return None
        report, incident = found
        signals = uow.external_reports.count_signal(report.incident_id)
        log_bot_action(core, uow, incident, source.reporter_id, "intake.logbook.again",
                       who=_who(core, source), count=str(signals))
        uow.commit()
    return Received(incident.number, report.status_key, created=False, signals=signals)


def resolved_at_source(core: Core, source: Source, dedup_key: str) -> str | None:
    """The source says the problem is gone: a logbook line and a word to the owner; the incident stays open
    (only people close incidents). The incident's number, or ``None`` when no open incident matches."""
    with _matching(core, source, dedup_key), core.uow() as uow:
        found = _open_report(uow, source, dedup_key)
        if found is None:
            return None
        _, incident = found
        assert incident.id is not None
        uow.external_reports.mark_resolved(incident.id, core.now())
        log_bot_action(core, uow, incident, source.reporter_id, "intake.logbook.resolved", who=_who(core, source))
        enqueue(core, uow, JobKind.INTAKE_RESOLVED, incident, source=source.name)
        uow.commit()
    core.wake_jobs()
    return incident.number


def outside_view(core: Core, status_key: str) -> OutsideView | None:
    with core.uow(read_only=True) as uow:
        report = uow.external_reports.by_status_key(status_key)
        incident = uow.incidents.get(report.incident_id) if report else None
    if report is None or incident is None:
        return None
    return OutsideView(incident.number, OutsideStatus.of(incident), report.language)
