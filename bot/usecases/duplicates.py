"""A report that is a duplicate of an open incident joins it: no second channel, the reporter is told where
to follow it, and both logbooks say so (``/incident duplicate INC-… [INC-…]``)."""

from __future__ import annotations

from bot.core import Actor
from bot.core import Core
from bot.core import Notice
from bot.core import Outcome
from bot.domain.grouping import on_card
from bot.domain.incident import Incident
from bot.domain.phase import Phase
from bot.domain.severity import Severity
from bot.jobs.kind import JobKind
from bot.people import reporter_called
from bot.policy import may_classify
from bot.ports import ConcurrentUpdate
from bot.specs import MessageSpec
from bot.specs import Plain
from bot.specs import Section
from bot.usecases.classify import classify
from bot.usecases.common import enqueue
from bot.usecases.common import find_incident
from bot.usecases.common import log_bot_action
from bot.usecases.common import not_found
from bot.usecases.common import refuse
from bot.usecases.common import who
from bot.views.common import rich

CARD_AMONG = 200
"""The most recent open incidents searched for a card's reports."""


def _refusal(duplicate: Incident, target: Incident) -> str | None:
    """Why ``duplicate`` cannot join ``target`` (a catalog key), or None."""
    if duplicate.id == target.id:
        return "duplicates.same"
    if duplicate.duplicate_of or not duplicate.is_open:
        return "duplicates.not_open"
    if duplicate.severity is not None:
        return "duplicates.already_classified"
    if not target.is_open:
        return "duplicates.target_closed"
    if target.duplicate_of:
        return "duplicates.target_is_duplicate"
    return None


def mark_duplicate(core: Core, actor: Actor, number: str | None, target_number: str | None) -> Outcome:
    """``number`` (a report waiting for triage) joins ``target_number`` (or the incident of the actor's channel)."""
    if not may_classify(core.directory, actor):
        return refuse(core, actor, "duplicates.not_allowed")
    if not number:
        return refuse(core, actor, "duplicates.usage")
    with core.uow() as uow:
        duplicate = uow.incidents.by_number(number.upper())
        if duplicate is None:
            return not_found(core, actor, number)
        target = find_incident(uow, actor, target_number)
        if target is None:
            return not_found(core, actor, target_number) if target_number else refuse(core, actor,
                                                                                      "duplicates.usage")
        reason = _refusal(duplicate, target)
        if reason is not None:
            return refuse(core, actor, reason, number=duplicate.number, target=target.number)
        now = core.now()
        duplicate.duplicate_of = target.number
        duplicate.phase = Phase.CLOSED
        duplicate.closed_at = now
        try:
            uow.incidents.save(duplicate)
        except ConcurrentUpdate:
            return refuse(core, actor, "error.changed_meanwhile", number=duplicate.number)
        by = who(core, actor.platform, actor.user_id)
        log_bot_action(core, uow, duplicate, actor.user_id, "duplicates.log_marked", target=target.number, who=by)
        log_bot_action(core, uow, target, actor.user_id, "duplicates.log_joined", number=duplicate.number,
                       title=duplicate.title, reporter=reporter_called(core, duplicate),
                       who=by)
        enqueue(core, uow, JobKind.TRIAGE_REFRESH, duplicate)
        enqueue(core, uow, JobKind.DUPLICATE_TELL, duplicate)
        enqueue(core, uow, JobKind.NOTICE_POST, target, key="duplicates.notice", number=duplicate.number,
                title=duplicate.title, reporter=reporter_called(core, duplicate))
        uow.commit()
    core.wake_jobs()
    tr = core.translator(actor.platform, actor.user_id)
    text = rich(tr, "duplicates.done", number=duplicate.number, target=target.number)
    return Notice(MessageSpec("".join(p.text for p in text if isinstance(p, Plain)), (Section(text),)))


def classify_all(core: Core, actor: Actor, number: str, severity: Severity) -> Outcome:
    """*Classify all as…* on a grouped card: ``number`` is classified, the card's other reports waiting join it."""
    if not may_classify(core.directory, actor):
        return refuse(core, actor, "classify.not_allowed")
    with core.uow(read_only=True) as uow:
        first = uow.incidents.by_number(number.upper())
        others = uow.incidents.open_incidents(CARD_AMONG)
    if first is None:
        return not_found(core, actor, number)
    joining = [i for i in on_card(first, others)
               if i.id != first.id and i.severity is None and not i.duplicate_of and i.is_open]
    outcome = classify(core, actor, first.number, severity)
    if outcome is not None:
        return outcome
    for report in joining:
        mark_duplicate(core, actor, report.number, first.number)
    return None
