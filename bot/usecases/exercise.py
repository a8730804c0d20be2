"""``/incident exercise <scenario> [severity] [--page-all] [with @a @b]``: start a drill.

The drill is a report like any other (``bot.usecases.report.submit_report``) marked as an exercise: its triage
line waits in the helpdesk channel, or, given a severity, the starter classifies it at once. From then on it runs
exactly like an incident; ``bot.domain.exercise`` says whom it may reach.
"""

from __future__ import annotations

import uuid

from bot.core import Actor
from bot.core import Core
from bot.core import FieldErrors
from bot.core import Notice
from bot.core import Outcome
from bot.domain.exercise import Drill
from bot.domain.exercise import ExerciseRequest
from bot.domain.exercise import mention_id
from bot.domain.exercise import parse_exercise
from bot.domain.roles import TRIAGE_ROLES
from bot.domain.severity import Severity
from bot.policy import may_start_exercise
from bot.specs import ChannelLink
from bot.specs import FormValues
from bot.specs import MessageSpec
from bot.specs import Plain
from bot.specs import Section
from bot.specs import Tone
from bot.usecases.classify import classify
from bot.usecases.common import refuse
from bot.usecases.common import who
from bot.usecases.report import submit_report
from bot.views.common import rich
from bot.views.common import role_names
from bot.views.common import severity_label
from bot.views.exercise import dress
from bot.views.report import TITLE_MAX


def start_exercise(core: Core, actor: Actor, args: tuple[str, ...]) -> Outcome:
    request = parse_exercise(args)
    if request.unknown_option is not None:
        return refuse(core, actor, "exercise.unknown_option", option=request.unknown_option,
                      severities=", ".join(f"--{severity.value}" for severity in Severity))
    if not request.scenario:
        return refuse(core, actor, "exercise.usage")
    if len(request.scenario) > TITLE_MAX:
        return refuse(core, actor, "exercise.too_long", limit=str(TITLE_MAX))
    if not may_start_exercise(core.directory, actor):
        return _not_allowed(core, actor)
    people, unknown = _people(core, actor.platform, request)
    if unknown:
        return refuse(core, actor, "exercise.unknown_people", names=", ".join(unknown))
    participants = frozenset({actor.user_id, *people})
    names = ", ".join(who(core, actor.platform, user) for user in [actor.user_id, *people])
    drill = Drill(participants, request.page_all, names)
    key = f"exercise:{uuid.uuid4()}"
    values = {"title": request.scenario, "description": "", "detected_at": core.now(), "activities": (),
              "reporter_kind": "employee", "reporter_name": "", "suggested_severity": None}
    if request.severity is not None:
        values["suggested_severity"] = request.severity.value
    outcome = submit_report(core, actor, _form(values), key, drill=drill)
    if isinstance(outcome, FieldErrors):
        return refuse(core, actor, "exercise.usage")
    with core.uow(read_only=True) as uow:
        incident = uow.incidents.by_idempotency_key(key)
    assert incident is not None
    if request.severity is not None:
        refused = classify(core, actor, incident.number, request.severity, checked=False)
        if refused is not None:
            return refused
    return _started(core, actor, incident.number, request, names)


def _form(values: dict[str, object]) -> FormValues:
    return FormValues(values)  # type: ignore[arg-type]


def _not_allowed(core: Core, actor: Actor) -> Notice:
    tr = core.translator(actor.platform, actor.user_id)
    roles = role_names(tr, sorted(TRIAGE_ROLES))
    reviewer = core.plan.reviewer
    owner = core.plan.people[reviewer].name if reviewer and reviewer in core.plan.people else None
    if owner is None:
        return refuse(core, actor, "exercise.not_allowed", roles=roles)
    return refuse(core, actor, "exercise.not_allowed_or_owner", roles=roles, owner=owner)


def _people(core: Core, platform: str, request: ExerciseRequest) -> tuple[list[str], list[str]]:
    """The user ids of the people named (a mention, or a plan person's key, e-mail name or id); the names
    nobody answers to."""
    found: list[str] = []
    unknown: list[str] = []
    for word in request.people:
        user = mention_id(word) or _by_name(core, platform, word.lstrip("@").lower())
        if user is None:
            unknown.append(word)
        elif user not in found:
            found.append(user)
    return found, unknown


def _by_name(core: Core, platform: str, name: str) -> str | None:
    for key, person in core.plan.people.items():
        local = (person.email or "").split("@")[0].lower()
        platform_id = person.platform_id(platform) or ""
        if name in (key.lower(), local, platform_id.lower()):
            return core.directory.user_id(platform, key)
    return None


def _started(core: Core, actor: Actor, number: str, request: ExerciseRequest, names: str) -> Notice:
    tr = core.translator(actor.platform, actor.user_id)
    helpdesk = ChannelLink(core.plan.helpdesk_channel.get(actor.platform, ""))
    reach = tr.t("exercise.reach_all") if request.page_all or core.plan.exercises.page_everyone \
        else tr.t("exercise.reach_participants", people=names)
    if request.severity is None:
        text = rich(tr, "exercise.started", number=number, scenario=request.scenario, channel=helpdesk, reach=reach)
    else:
        text = rich(tr, "exercise.started_classified", number=number, scenario=request.scenario,
                    severity=severity_label(tr, request.severity), reach=reach)
    summary = "".join(part.text for part in text if isinstance(part, Plain))
    return Notice(dress(tr, MessageSpec(summary, (Section(text),), Tone.GOOD)))
