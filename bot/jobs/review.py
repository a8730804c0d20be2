"""Jobs of the review: its message in the incident's channel, the invitation and reminders to the IRP
manager, and the messages to owners of follow-up actions (reminded until done)."""

from __future__ import annotations

from collections.abc import Mapping

from bot.core import Core
from bot.domain.incident import Incident
from bot.domain.review import FollowUp
from bot.domain.review import Review
from bot.domain.roles import Role
from bot.jobs.kind import JobKind
from bot.jobs.kind import queue
from bot.ports import ChatPort
from bot.ports import ConcurrentUpdate
from bot.usecases.followups import schedule_reminder
from bot.views.exercise import dress
from bot.views.followups import follow_up_notice
from bot.views.review import invitation_message
from bot.views.review import review_message


def _review(core: Core, incident: Incident) -> tuple[Review | None, list[FollowUp]]:
    assert incident.id is not None
    with core.uow() as uow:
        return uow.reviews.get(incident.id), uow.reviews.follow_ups(incident.id, open_only=False)


def _store(core: Core, incident: Incident, **changes: object) -> None:
    """Write message references onto the review (retried over concurrent saves)."""
    assert incident.id is not None
    for _ in range(10):
        with core.uow() as uow:
            review = uow.reviews.get(incident.id)
            if review is None:
                return
            for key, value in changes.items():
                setattr(review, key, value)
            try:
                uow.reviews.save(review)
            except ConcurrentUpdate:  # someone saved a section meanwhile
                continue
            uow.commit()
            return


def post_review_message(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    review, follow_ups = _review(core, incident)
    home = incident.home_channel
    if review is None or home is None:
        return
    spec = review_message(core.team_translator(), incident, review, follow_ups)
    if review.message_ref is not None:
        chat.update_message(review.message_ref, spec)
        return
    _store(core, incident, message_ref=chat.post_message(home, spec, incident.home_thread))


def invite_irp_manager(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    review, _ = _review(core, incident)
    manager = core.directory.primary(incident.platform, Role.IRP_MANAGER)
    if review is None or manager is None:
        return
    tr = core.translator(incident.platform, manager)
    spec = invitation_message(tr, incident, review)
    if review.invitation_ref is not None:  # a drill's label in the manager's language, as when it was sent
        chat.update_message(review.invitation_ref, dress(tr, spec) if incident.exercise else spec)
        return
    _store(core, incident, invitation_ref=chat.send_direct(manager, spec))


def remind_irp_manager(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    """Until the review is complete, every ``review.remind_every``."""
    review, _ = _review(core, incident)
    manager = core.directory.primary(incident.platform, Role.IRP_MANAGER)
    if review is None or review.complete or manager is None or incident.id is None:
        return
    reminder = int(payload.get("reminder", "1"))
    chat.send_direct(manager, invitation_message(core.translator(incident.platform, manager), incident, review,
                                                 reminder))
    with core.uow() as uow:
        queue(uow, JobKind.REVIEW_REMIND, incident.id, {"reminder": str(reminder + 1)},
              core.now() + core.plan.review.remind_every, dedupe_key=f"review.remind:{incident.id}:{reminder + 1}")
        uow.commit()


def _follow_up_message(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str],
                       reminder: bool) -> None:
    number = int(payload.get("reminder", "0"))
    with core.uow() as uow:
        follow_up = uow.reviews.follow_up(int(payload["followup"]))
    if follow_up is None or follow_up.done or (reminder and follow_up.reminders >= number):
        return  # done, or this reminder was sent (and the next one queued) before a crash
    tr = core.translator(incident.platform, follow_up.owner_id)
    chat.send_direct(follow_up.owner_id, follow_up_notice(tr, incident, follow_up, reminder, core.now()))
    if not reminder:
        return
    with core.uow() as uow:
        fresh = uow.reviews.follow_up(follow_up.id or 0)
        if fresh is None or fresh.done or fresh.reminders >= number:
            return
        fresh.reminders = number
        uow.reviews.save_follow_up(fresh)
        schedule_reminder(core, uow, fresh)
        uow.commit()


def follow_up_assigned(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    _follow_up_message(core, chat, incident, payload, reminder=False)


def follow_up_reminder(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    _follow_up_message(core, chat, incident, payload, reminder=True)
