"""*Notifications…* and ``/incident notify``: a person marks an incident as a NIS2 significant incident, a
personal data breach or a DORA major incident (the decision is theirs, recorded with name and time), which
starts the law's clocks from the moment of awareness; recording "submitted at … reference …" stops a clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot import actions
from bot.core import Actor
from bot.core import Core
from bot.core import FieldErrors
from bot.core import FormDone
from bot.core import Notice
from bot.core import OpenForm
from bot.core import Outcome
from bot.domain.incident import Incident
from bot.domain.regulation import RULE_OF
from bot.domain.regulation import Regime
from bot.domain.regulation import RegulatoryCase
from bot.domain.regulation import Step
from bot.domain.regulation import Submission
from bot.domain.regulation import open_steps
from bot.domain.roles import Role
from bot.i18n import Translator
from bot.jobs.kind import JobKind
from bot.ports import ConcurrentUpdate
from bot.ports import UnitOfWork
from bot.scheduler.notifications import reschedule_notifications
from bot.specs import FormValues
from bot.usecases.common import check_text
from bot.usecases.common import enqueue
from bot.usecases.common import incident_for
from bot.usecases.common import log_bot_action
from bot.usecases.common import refuse
from bot.usecases.common import who
from bot.views.notifications import REFERENCE_MAX
from bot.views.notifications import REGISTER_TEXT_MAX
from bot.views.notifications import mark_form
from bot.views.notifications import overview
from bot.views.notifications import submission_form


def may_notify(core: Core, actor: Actor, regime: Regime | None = None) -> bool:
    """The IRP manager (primary, backup or member), or the one the plan makes responsible for ``regime``."""
    directory = core.directory
    if directory.holds(actor.platform, actor.user_id, Role.IRP_MANAGER):
        return True
    settings = core.plan.regulation
    regimes = (regime,) if regime is not None else settings.regimes()
    for each in regimes:
        role = settings.responsible_role(each)
        if role is not None and directory.holds(actor.platform, actor.user_id, role):
            return True
        person = settings.responsible_person(each)
        if person is not None and directory.person_key(actor.platform, actor.user_id) == person:
            return True
    return False


def _regime(core: Core, text: str) -> Regime | None:
    found = next((r for r in Regime if r.value == text.lower()), None)
    return found if found in core.plan.regulation.regimes() else None


def case_of(uow: UnitOfWork, incident_id: int, regime: Regime) -> RegulatoryCase | None:
    """The incident's case under ``regime``, when it was marked."""
    return _under(uow.regulation.cases(incident_id), regime)


def _under(cases: list[RegulatoryCase], regime: Regime) -> RegulatoryCase | None:
    return next((c for c in cases if c.regime is regime), None)


@dataclass(frozen=True)
class Notifiable:
    """A classified incident, stored, with the regimes it was marked under."""

    incident: Incident
    incident_id: int
    cases: list[RegulatoryCase]

    def case(self, regime: Regime) -> RegulatoryCase | None:
        """The case under ``regime``; ``None`` before the incident is marked under it."""
        return _under(self.cases, regime)


def _notifiable(core: Core, uow: UnitOfWork, actor: Actor, number: str | None,
                submitting: bool = False) -> Notifiable | Notice:
    """The classified incident the actor names and its cases; else the answer they read (``submitting``: a
    drill is refused, nothing of it ever goes to an authority)."""
    incident = incident_for(core, uow, actor, number)
    if isinstance(incident, Notice):
        return incident
    assert incident.id is not None  # a stored incident
    if incident.severity is None:
        return refuse(core, actor, "notify.not_classified", number=incident.number)
    if submitting and incident.exercise:
        return _no_submission(core, actor, incident)
    return Notifiable(incident, incident.id, uow.regulation.cases(incident.id))


def _past_moment(values: FormValues, name: str, now: datetime, tr: Translator,
                 errors: dict[str, str]) -> datetime | None:
    """The moment filled in as ``name``, which must be given and not lie ahead; else its error is added."""
    moment = values.moment(name)
    if moment is None:
        errors[name] = tr.t("error.required")
    elif moment > now:
        errors[name] = tr.t("notify.error.future")
    return moment


def show_notifications(core: Core, actor: Actor, number: str | None) -> Outcome:
    with core.uow(read_only=True) as uow:
        found = _notifiable(core, uow, actor, number)
    if isinstance(found, Notice):
        return found
    tr = core.translator(actor.platform, actor.user_id)
    return Notice(overview(tr, core.plan, found.incident, found.cases, core.now()))


SUBMITTED_WORDS = frozenset({"submitted", "ingediend", "soumis"})


def notify_command(core: Core, actor: Actor, number: str | None, args: tuple[str, ...]) -> Outcome:
    """``/incident notify`` shows the overview; ``/incident notify gdpr`` opens the form to mark a regime;
    ``/incident notify submitted`` the form to record a submission."""
    if not args:
        return show_notifications(core, actor, number)
    if args[0].lower() in SUBMITTED_WORDS:
        return open_submission(core, actor, number)
    return open_mark(core, actor, number, args[0])


def open_mark(core: Core, actor: Actor, number: str | None, regime_text: str) -> Outcome:
    regime = _regime(core, regime_text)
    if regime is None:
        return refuse(core, actor, "notify.unknown_regime", regimes=", ".join(r.value for r in
                                                                               core.plan.regulation.regimes()))
    if not may_notify(core, actor, regime):
        return refuse(core, actor, "notify.not_allowed")
    with core.uow(read_only=True) as uow:
        found = _notifiable(core, uow, actor, number)
    if isinstance(found, Notice):
        return found
    tr = core.translator(actor.platform, actor.user_id)
    return OpenForm(mark_form(tr, core.plan, found.incident, regime, found.case(regime), core.now()))


def submit_mark(core: Core, actor: Actor, values: FormValues, state: str) -> Outcome:
    number, _, regime_text = state.partition("|")
    regime = _regime(core, regime_text)
    tr = core.translator(actor.platform, actor.user_id)
    if regime is None:
        return refuse(core, actor, "error.stale_form")
    if not may_notify(core, actor, regime):
        return refuse(core, actor, "notify.not_allowed")
    now = core.now()
    errors: dict[str, str] = {}
    aware_at = _past_moment(values, "aware_at", now, tr, errors)
    high_risk = values.choice("high_risk") == "yes"
    texts = {name: values.text(name) for name in ("facts", "effects", "remedy")}
    for name, text in texts.items():
        if len(text) > REGISTER_TEXT_MAX:
            errors[name] = tr.t("error.too_long", limit=REGISTER_TEXT_MAX)
    if errors or aware_at is None:
        return FieldErrors(errors)
    with core.uow() as uow:
        found = _notifiable(core, uow, actor, number)
        if isinstance(found, Notice):
            return found
        incident, case = found.incident, found.case(regime)
        team = core.team_translator()
        actor_name = who(core, actor.platform, actor.user_id)
        if case is None:
            case = RegulatoryCase(found.incident_id, regime, actor.user_id, now, aware_at, high_risk, texts["facts"],
                                  texts["effects"], texts["remedy"])
            if not uow.regulation.add_case(case):
                return refuse(core, actor, "error.changed_meanwhile", number=incident.number)
            risk = team.t("notify.high_risk.yes" if high_risk else "notify.high_risk.no")
            log_bot_action(core, uow, incident, actor.user_id, f"notify_log.marked.{regime.value}", who=actor_name,
                           aware=team.when(aware_at), risk=risk)
            enqueue(core, uow, JobKind.NOTICE_POST, incident, key=f"notify_log.marked.{regime.value}", who=actor_name,
                    aware=team.when(aware_at), risk=risk)
        else:
            before = case.aware_at
            changed_risk = regime is Regime.GDPR and case.high_risk != high_risk
            case.aware_at = aware_at
            if regime is Regime.GDPR:
                case.high_risk = high_risk
                case.facts, case.effects, case.remedy = texts["facts"], texts["effects"], texts["remedy"]
            try:
                uow.regulation.save_case(case)
            except ConcurrentUpdate:
                return refuse(core, actor, "error.changed_meanwhile", number=incident.number)
            if before != aware_at:
                log_bot_action(core, uow, incident, actor.user_id, "notify_log.awareness", who=actor_name,
                               regime=regime.value.upper(), before=team.when(before), after=team.when(aware_at))
            if changed_risk:
                log_bot_action(core, uow, incident, actor.user_id, "notify_log.risk", who=actor_name,
                               risk=team.t("notify.high_risk.yes" if high_risk else "notify.high_risk.no"))
        reschedule_notifications(core, uow, incident)
        enqueue(core, uow, JobKind.SPACE_REFRESH, incident)
        uow.commit()
    core.wake_jobs()
    return FormDone()


def open_submission(core: Core, actor: Actor, number: str | None) -> Outcome:
    if not may_notify(core, actor):
        return refuse(core, actor, "notify.not_allowed")
    with core.uow(read_only=True) as uow:
        found = _notifiable(core, uow, actor, number, submitting=True)
    if isinstance(found, Notice):
        return found
    now = core.now()
    waiting = [clock for case in found.cases for clock in open_steps(case, now)]
    if not waiting:
        return refuse(core, actor, "notify.nothing_due", number=found.incident.number)
    return OpenForm(submission_form(core.translator(actor.platform, actor.user_id), found.incident, waiting, now))


def submit_submission(core: Core, actor: Actor, values: FormValues, number: str) -> Outcome:
    tr = core.translator(actor.platform, actor.user_id)
    now = core.now()
    step_text = values.choice("step") or ""
    step = Step(step_text) if step_text in {s.value for s in Step} else None
    reference = values.text("reference")
    errors: dict[str, str] = {}
    if step is None:
        errors["step"] = tr.t("error.required")
    submitted_at = _past_moment(values, "submitted_at", now, tr, errors)
    check_text(tr, errors, "reference", reference, REFERENCE_MAX)
    if errors or step is None or submitted_at is None:
        return FieldErrors(errors)
    regime = RULE_OF[step].regime
    if not may_notify(core, actor, regime):
        return refuse(core, actor, "notify.not_allowed")
    with core.uow() as uow:
        found = _notifiable(core, uow, actor, number, submitting=True)
        if isinstance(found, Notice):
            return found
        incident, case = found.incident, found.case(regime)
        if case is None or step not in {c.rule.step for c in open_steps(case, now)}:
            return FieldErrors({"step": tr.t("notify.error.not_open")})
        if submitted_at < case.aware_at:
            return FieldErrors({"submitted_at": tr.t("notify.error.before_awareness")})
        if not uow.regulation.add_submission(found.incident_id, Submission(step, submitted_at, reference,
                                                                     actor.user_id, now)):
            return FieldErrors({"step": tr.t("notify.error.not_open")})
        team = core.team_translator()
        params = {"who": who(core, actor.platform, actor.user_id), "step": team.t(f"notify.step.{step.value}"),
                  "when": team.when(submitted_at), "reference": reference}
        log_bot_action(core, uow, incident, actor.user_id, "notify_log.submitted", **params)
        enqueue(core, uow, JobKind.NOTICE_POST, incident, key="notify_log.submitted", **params)
        reschedule_notifications(core, uow, incident)
        enqueue(core, uow, JobKind.SPACE_REFRESH, incident)
        uow.commit()
    core.wake_jobs()
    return FormDone()


def _no_submission(core: Core, actor: Actor, incident: Incident) -> Notice:
    """A drill never notifies a regulator: recording a submission would put a false one in its logbook."""
    return refuse(core, actor, "drill.no_submission", number=incident.number)


def press_notifications(core: Core, actor: Actor, action: str, parts: list[str]) -> Outcome:
    number = parts[0] if parts else ""
    if action == actions.NOTIFY:
        return show_notifications(core, actor, number)
    if action == actions.NOTIFY_MARK and len(parts) > 1:
        return open_mark(core, actor, number, parts[1])
    if action == actions.NOTIFY_SUBMIT:
        return open_submission(core, actor, number)
    return refuse(core, actor, "error.stale_button")


def submit_notifications(core: Core, actor: Actor, form_id: str, values: FormValues, state: str) -> Outcome:
    if form_id == actions.FORM_NOTIFY_MARK:
        return submit_mark(core, actor, values, state)
    return submit_submission(core, actor, values, state)

