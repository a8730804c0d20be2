"""The Post Incident Review (docs/irp.md §4, phase 6): opened when an incident closes (the IRP manager gets
*Start review*) or with ``/incident review``; filled section by section, by several people, in as many
sittings as needed; complete when every section is done."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core import Actor
from bot.core import Core
from bot.core import FieldErrors
from bot.core import FormDone
from bot.core import OpenForm
from bot.core import Outcome
from bot.domain.incident import Incident
from bot.domain.review import Answer
from bot.domain.review import FollowUp
from bot.domain.review import Review
from bot.domain.review import done_sections
from bot.domain.review_sections import PLANS_ALLOWED
from bot.domain.review_sections import SECTIONS
from bot.domain.review_sections import Kind
from bot.domain.review_sections import Question
from bot.domain.review_sections import Section
from bot.domain.review_sections import section
from bot.domain.roles import Role
from bot.jobs.kind import JobKind
from bot.jobs.kind import queue
from bot.policy import may_contribute_review
from bot.ports import ConcurrentUpdate
from bot.ports import UnitOfWork
from bot.register import related
from bot.scheduler.exercise_reach import informs
from bot.scheduler.exercise_reach import may_reach
from bot.specs import FormSpec
from bot.specs import FormValues
from bot.specs import MessageSpec
from bot.specs import Plain
from bot.specs import Section as MessageSection
from bot.specs import Tone
from bot.usecases.common import enqueue
from bot.usecases.common import find_incident
from bot.usecases.common import log_bot_action
from bot.usecases.common import not_found
from bot.usecases.common import refuse
from bot.usecases.common import who
from bot.usecases.followups import new_follow_ups
from bot.usecases.followups import schedule_reminder
from bot.usecases.incident_type import apply_type
from bot.usecases.register import REGISTER_MAX
from bot.views.inform import told_lines
from bot.views.logbook_form import incident_type_choices
from bot.views.review import ANSWER_MAX
from bot.views.review import LINE_MAX
from bot.views.review import answer_value
from bot.views.review import continue_message
from bot.views.review import current_value
from bot.views.review import fingerprint
from bot.views.review import prefill
from bot.views.review import section_form


def review_needed(core: Core, incident: Incident) -> bool:
    return incident.severity in core.plan.review.severities


def start_on_close(core: Core, uow: UnitOfWork, incident: Incident) -> None:
    """Called in the transaction that closes ``incident``: open its review when the plan asks for one."""
    if review_needed(core, incident):
        _open(core, uow, incident)


def _open(core: Core, uow: UnitOfWork, incident: Incident) -> Review:
    assert incident.id is not None
    existing = uow.reviews.get(incident.id)
    if existing is not None:
        return existing
    review = Review(incident.id, core.now())
    if uow.reviews.open(review):
        enqueue(core, uow, JobKind.REVIEW_POST, incident)
        if not _irp_manager_reached(core, uow, incident):
            return uow.reviews.get(incident.id) or review  # a drill's review without its IRP manager: in the channel
        enqueue(core, uow, JobKind.REVIEW_INVITE, incident)
        remind_at = core.now() + core.plan.review.remind_every
        queue(uow, JobKind.REVIEW_REMIND, incident.id, {"reminder": "1"}, remind_at,
              dedupe_key=f"review.remind:{incident.id}:1")
    return uow.reviews.get(incident.id) or review


def _irp_manager_reached(core: Core, uow: UnitOfWork, incident: Incident) -> bool:
    """Whether the IRP manager is invited to the review (and reminded): not for a drill they take no part in
    (the logbook says so), unless it reaches everyone."""
    manager = core.directory.primary(incident.platform, Role.IRP_MANAGER)
    return manager is None or informs(core, uow, incident, manager)


def archive_waits_for_review(core: Core, incident: Incident) -> bool:
    """The incident's channel stays open while its review is under way (the review lives there)."""
    if incident.id is None:
        return False
    with core.uow() as uow:
        review = uow.reviews.get(incident.id)
    return review is not None and not review.complete


@dataclass(frozen=True)
class _Context:
    incident: Incident
    review: Review
    follow_ups: list[FollowUp]
    related: str = ""
    """The register's related or similar incidents (same type or activity, last twelve months)."""
    told: tuple[str, ...] = ()
    """Who was informed when, and the notifications submitted (pre-fills the communication section)."""


def _load(core: Core, uow: UnitOfWork, actor: Actor, incident: Incident | None, number: str | None,
          create: bool) -> _Context | Outcome:
    if incident is None or incident.id is None:
        return not_found(core, actor, number)
    if not may_contribute_review(core.directory, actor, incident):
        return refuse(core, actor, "pir.not_allowed", number=incident.number)
    review = uow.reviews.get(incident.id)
    if review is None:
        if incident.is_open:
            return refuse(core, actor, "pir.not_closed", number=incident.number)
        if not create:
            return refuse(core, actor, "error.stale_form")
        review = _open(core, uow, incident)
        uow.commit()
        core.wake_jobs()
    similar = related(incident, uow.incidents.register(REGISTER_MAX))
    communications = uow.communications.of_incident(incident.id)
    names = {c.by: core.directory.display_name(incident.platform, c.by) for c in communications}
    told = told_lines(core.translator(actor.platform, actor.user_id), core.plan, names, communications,
                      uow.regulation.cases(incident.id), core.now())
    return _Context(incident, review, uow.reviews.follow_ups(incident.id, open_only=False),
                    ", ".join(f"{other.number} ({other.title})" for other in similar), told)


def open_review(core: Core, actor: Actor, number: str | None, section_id: str | None = None) -> Outcome:
    """Open the review at ``section_id``, else at the first section not done yet (resume)."""
    with core.uow() as uow:
        loaded = _load(core, uow, actor, find_incident(uow, actor, number), number, create=True)
    if not isinstance(loaded, _Context):
        return loaded
    done = set(done_sections(loaded.review))
    chosen = section(section_id or "") or next((s for s in SECTIONS if s.id not in done), SECTIONS[0])
    return OpenForm(_form(core, actor, loaded, chosen))


def _form(core: Core, actor: Actor, loaded: _Context, chosen: Section, submitted: FormValues | None = None,
          errors: dict[str, str] | None = None) -> FormSpec:
    tr = core.translator(actor.platform, actor.user_id)
    return section_form(tr, core.plan, core.directory, loaded.incident, loaded.review, chosen, loaded.follow_ups,
                        core.now(), submitted, errors, loaded.related, loaded.told)


def _validate(core: Core, actor: Actor, chosen: Section, values: FormValues) -> dict[str, str]:
    tr = core.translator(actor.platform, actor.user_id)
    errors: dict[str, str] = {}
    types = {c.value for c in incident_type_choices(tr, core.plan)}
    for question in chosen.questions:
        value = answer_value(question, values)
        limit = LINE_MAX if question.kind is Kind.LINE else ANSWER_MAX
        if question.kind in (Kind.TEXT, Kind.LINE) and len(value) > limit:
            errors[question.id] = tr.t("error.too_long", limit=limit)
        elif not _offered(question, value, types):
            errors[question.id] = tr.t("error.unknown_choice")
    return errors


def _offered(question: Question, value: str, types: set[str]) -> bool:
    """A chosen answer is one the form offered."""
    if not value or question.kind in (Kind.TEXT, Kind.LINE):
        return True
    if question.kind is Kind.PLANS:
        return set(value.split(",")) <= PLANS_ALLOWED
    return value in (types if question.kind is Kind.INCIDENT_TYPE else question.choices)


def submit_review(core: Core, actor: Actor, values: FormValues, state: str, move: str | None,
                  idempotency_key: str | None = None) -> Outcome:
    """Save one section; then the next section (submit), the previous one (``back``) or a confirmation
    (``close``, or after the last section). Only answers the user changed are written, so several people
    can work on the review at once; the same submission twice (``idempotency_key``) adds its follow-up
    actions once."""
    number, section_id, shown = [*state.split("|"), "", ""][:3]
    chosen = section(section_id)
    if chosen is None:
        return refuse(core, actor, "error.stale_form")
    errors = _validate(core, actor, chosen, values)
    with core.uow() as uow:
        loaded = _load(core, uow, actor, uow.incidents.by_number(number), number, create=False)
        if not isinstance(loaded, _Context):
            return loaded
        follow_ups, follow_up_errors = new_follow_ups(core, actor, loaded.incident, values) if chosen.follow_ups \
            else ([], {})
        errors |= follow_up_errors
        if errors:
            return FieldErrors(errors, _form(core, actor, loaded, chosen, values, errors))
        if follow_ups and idempotency_key:
            digest = fingerprint([f"{f.text}|{f.owner_id}|{f.due_at.isoformat()}" for f in follow_ups])
            if not uow.events.first_time(actor.platform, f"{idempotency_key}:follow-ups:{digest}"):
                follow_ups = []  # this submission came before: its follow-up actions exist already
        completed = _save(core, uow, actor, loaded, chosen, values, shown, follow_ups)
        uow.commit()
        loaded = _load(core, uow, actor, loaded.incident, number, create=False)
    core.wake_jobs()
    assert isinstance(loaded, _Context)
    index = SECTIONS.index(chosen)
    if move == "back" and index > 0:
        return _next(core, actor, loaded, chosen, SECTIONS[index - 1])
    if move is None and index + 1 < len(SECTIONS):
        return _next(core, actor, loaded, chosen, SECTIONS[index + 1])
    return _saved(core, actor, loaded, completed)


def _next(core: Core, actor: Actor, loaded: _Context, saved: Section, following: Section) -> OpenForm:
    tr = core.translator(actor.platform, actor.user_id)
    return OpenForm(_form(core, actor, loaded, following),
                    continue_message(tr, loaded.incident, loaded.review, saved, following))


def _save(core: Core, uow: UnitOfWork, actor: Actor, loaded: _Context, chosen: Section, values: FormValues,
          shown: str, follow_ups: list[FollowUp]) -> bool:
    """Store the changed answers and the new follow-ups; complete the review when every section is done."""
    incident, review = loaded.incident, loaded.review
    assert incident.id is not None
    now = core.now()
    tr = core.translator(actor.platform, actor.user_id)
    prefills = prefill(tr, core.plan, core.directory, incident, loaded.related, loaded.told)
    before = [current_value(review, prefills, chosen.id, q.id) for q in chosen.questions]
    shown_digests = shown.split(".") if shown else []
    changed: list[Answer] = []
    for index, question in enumerate(chosen.questions):
        value = answer_value(question, values)
        untouched = index < len(shown_digests) and fingerprint([value]) == shown_digests[index]
        unsaved = chosen.id not in review.saved
        if (untouched and not unsaved) or (value == before[index] and (chosen.id, question.id) in review.answers):
            continue
        changed.append(Answer(chosen.id, question.id, value, actor.user_id, now))
    uow.reviews.put_answers(incident.id, changed)
    uow.reviews.mark_saved(incident.id, chosen.id, actor.user_id, now)
    if chosen.id == "administration":
        kind = answer_value(next(q for q in chosen.questions if q.id == "incident_type"), values)
        apply_type(core, uow, incident, kind, actor)
    for follow_up in follow_ups:
        uow.reviews.add_follow_up(follow_up)
        schedule_reminder(core, uow, follow_up, first=True)
        log_bot_action(core, uow, incident, actor.user_id, "pir.logbook.follow_up", who=who(
            core, actor.platform, actor.user_id), action=follow_up.text, owner=who(core, actor.platform,
            follow_up.owner_id), due=core.team_translator().when(follow_up.due_at))
    fresh = uow.reviews.get(incident.id)
    assert fresh is not None
    completed = False
    if not fresh.complete and len(done_sections(fresh)) == len(SECTIONS):
        fresh.completed_at, fresh.completed_by = now, actor.user_id
        try:
            uow.reviews.save(fresh)
        except ConcurrentUpdate:
            pass  # completed by someone else at the same moment
        else:
            completed = True
            log_bot_action(core, uow, incident, actor.user_id, "pir.logbook.completed",
                           who=who(core, actor.platform, actor.user_id))
            manager = core.directory.primary(incident.platform, Role.IRP_MANAGER)
            if manager is None or may_reach(core, incident, manager):
                enqueue(core, uow, JobKind.REVIEW_INVITE, incident)
            for fmt in ("md", "pdf"):  # the finished report, posted before the channel is archived
                enqueue(core, uow, JobKind.EXPORT_UPLOAD, incident, format=fmt, requested_by=actor.user_id)
            enqueue(core, uow, JobKind.SPACE_CLOSE, incident)
    enqueue(core, uow, JobKind.REVIEW_REFRESH, incident)
    return completed


def _saved(core: Core, actor: Actor, loaded: _Context, completed: bool) -> FormDone:
    tr = core.translator(actor.platform, actor.user_id)
    done = len(done_sections(loaded.review))
    key = "pir.saved.completed" if completed or loaded.review.complete else "pir.saved.progress"
    text = tr.t(key, number=loaded.incident.number, done=done, total=len(SECTIONS))
    return FormDone(MessageSpec(text, (MessageSection((Plain(text),)),), Tone.GOOD), tr.t("pir.form.title"),
                    tr.t("form.close"))
