"""Follow-up actions of the review ("how to avoid recurrence, and who acts"): each has an owner and a due
date; the owner is told at once and reminded from the due date on, until it is done. ``/incident followups``
lists the open ones."""

from __future__ import annotations

from datetime import datetime

from bot import actions
from bot.core import Actor
from bot.core import Core
from bot.core import Notice
from bot.core import Outcome
from bot.domain.incident import Incident
from bot.domain.review import FollowUp
from bot.jobs.kind import JobKind
from bot.jobs.kind import queue
from bot.policy import may_close_follow_up
from bot.ports import UnitOfWork
from bot.specs import FormValues
from bot.usecases.common import check_text
from bot.usecases.common import enqueue
from bot.usecases.common import find_incident
from bot.usecases.common import log_bot_action
from bot.usecases.common import refuse
from bot.usecases.common import who
from bot.views.followups import LIST_LIMIT
from bot.views.followups import follow_ups_message
from bot.views.review import FOLLOW_UP_ROWS
from bot.views.review import FOLLOW_UP_TEXT_MAX
from bot.views.review import follow_up_fields


def new_follow_ups(core: Core, actor: Actor, incident: Incident, values: FormValues
                   ) -> tuple[list[FollowUp], dict[str, str]]:
    """The follow-up rows filled in a review form: an action needs an owner and a due date."""
    assert incident.id is not None
    tr = core.translator(actor.platform, actor.user_id)
    found: list[FollowUp] = []
    errors: dict[str, str] = {}
    for row in range(1, FOLLOW_UP_ROWS + 1):
        text_name, owner_name, due_name = follow_up_fields(row)
        text, owner, due = values.text(text_name), values.choice(owner_name), values.moment(due_name)
        if not text and not owner and due is None:
            continue
        check_text(tr, errors, text_name, text, FOLLOW_UP_TEXT_MAX, "followup.error.text")
        if owner is None:
            errors[owner_name] = tr.t("followup.error.owner")
        elif core.directory.person(incident.platform, owner) is None:
            errors[owner_name] = tr.t("error.unknown_choice")
        if due is None:
            errors[due_name] = tr.t("followup.error.due")
        if text and owner and due is not None and not errors:
            found.append(FollowUp(incident.id, text, owner, due, actor.user_id, core.now()))
    return found, errors


def reminder_time(core: Core, follow_up: FollowUp, now: datetime) -> datetime:
    """From the due date on, every ``follow_up_remind_every``."""
    return max(follow_up.due_at, now + core.plan.review.follow_up_remind_every)


def schedule_reminder(core: Core, uow: UnitOfWork, follow_up: FollowUp, first: bool = False) -> None:
    """Queue the owner's next message: the assignment now (``first``), then a reminder when due."""
    assert follow_up.id is not None
    if first:
        queue(uow, JobKind.FOLLOWUP_ASSIGNED, follow_up.incident_id, {"followup": str(follow_up.id)}, core.now(),
              dedupe_key=f"followup.assigned:{follow_up.id}")
        at = max(follow_up.due_at, core.now())
    else:
        at = reminder_time(core, follow_up, core.now())
    number = follow_up.reminders + 1
    queue(uow, JobKind.FOLLOWUP_REMIND, follow_up.incident_id, {"followup": str(follow_up.id), "reminder": str(number)},
          at, dedupe_key=f"followup.remind:{follow_up.id}:{number}")


def list_follow_ups(core: Core, actor: Actor, number: str | None) -> Outcome:
    """In an incident's channel (or with its number): that incident's; elsewhere: every open one."""
    with core.uow(read_only=True) as uow:
        incident = find_incident(uow, actor, number)
        if number and incident is None:
            return refuse(core, actor, "error.unknown_incident", number=number.upper())
        items = uow.reviews.follow_ups(incident.id if incident else None, open_only=True, limit=LIST_LIMIT + 1)
        numbers = {}
        for item in items:
            if item.incident_id not in numbers:
                found = uow.incidents.get(item.incident_id)
                numbers[item.incident_id] = found.number if found else "?"
    tr = core.translator(actor.platform, actor.user_id)
    return Notice(follow_ups_message(tr, core.directory, actor.platform, items, numbers, core.now(),
                                     incident.number if incident else None))


def mark_done(core: Core, actor: Actor, value: str) -> Outcome:
    parts = actions.parts(value)
    if len(parts) != 2 or not parts[1].isdigit():
        return refuse(core, actor, "error.stale_button")
    with core.uow() as uow:
        follow_up = uow.reviews.follow_up(int(parts[1]))
        incident = uow.incidents.get(follow_up.incident_id) if follow_up else None
        if follow_up is None or incident is None or incident.number != parts[0]:
            return refuse(core, actor, "error.stale_button")
        tr = core.translator(actor.platform, actor.user_id)
        if follow_up.done:
            return refuse(core, actor, "followup.already", by=who(core, actor.platform, follow_up.done_by or ""),
                          when=tr.when(follow_up.done_at or core.now()))
        if not may_close_follow_up(core.directory, actor, incident, follow_up.owner_id):
            return refuse(core, actor, "followup.not_allowed", owner=who(core, actor.platform, follow_up.owner_id))
        follow_up.done_at, follow_up.done_by = core.now(), actor.user_id
        uow.reviews.save_follow_up(follow_up)
        log_bot_action(core, uow, incident, actor.user_id, "followup.logbook.done",
                       who=who(core, actor.platform, actor.user_id), action=follow_up.text)
        if uow.reviews.get(incident.id or 0) is not None:
            enqueue(core, uow, JobKind.REVIEW_REFRESH, incident)
        uow.commit()
    core.wake_jobs()
    return refuse(core, actor, "followup.marked_done", action=follow_up.text)
