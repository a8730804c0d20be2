"""The incident's space in the chat: its channel, members, header, living message and checklist.

Every job here is idempotent: it compares what the incident has with what the chat shows and does
only what is missing, so it may be retried after a crash or a platform error at any point.
"""

from __future__ import annotations

import re
import unicodedata

from bot.core import Core
from bot.domain.exercise import isolated
from bot.domain.exercise import participants
from bot.domain.incident import Incident
from bot.domain.phase import Phase
from bot.domain.roles import Role
from bot.ports import ChatPort
from bot.ports import ConcurrentUpdate
from bot.ports import NameTaken
from bot.procedures import applied_type
from bot.procedures import current_checklist
from bot.scheduler.rules import PLAN_TEAMS
from bot.sources import source_name
from bot.usecases.review import archive_waits_for_review
from bot.views.checklist import checklist_message
from bot.views.common import topic
from bot.views.exercise import channel_prefix
from bot.views.incident import announcement
from bot.views.inform import inform_buttons
from bot.views.inform import summary_fields as inform_fields
from bot.views.notifications import summary_fields

CHANNEL_NAME_MAX = 80


def channel_name(prefix: str, number: str, title: str, attempt: int = 0) -> str:
    """``inc-2026-0007-mail-server-down``: lowercase letters, digits and hyphens, at most 80 characters."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title).strip("-")
    base = f"{prefix}-{number.lower().removeprefix('inc-')}"
    suffix = f"-{attempt + 1}" if attempt else ""
    room = CHANNEL_NAME_MAX - len(base) - len(suffix) - 1
    name = f"{base}-{slug[:room].rstrip('-')}" if slug and room > 0 else base
    return f"{name}{suffix}"


def _invitees(core: Core, incident: Incident) -> list[str]:
    assert incident.severity is not None
    roles: list[Role] = list(core.plan.policy(incident.severity).invite)
    roles += [plan.manager for plan in sorted(incident.activated_plans)]  # an activated plan's manager joins
    roles += [PLAN_TEAMS[plan] for plan in sorted(incident.activated_plans) if plan in PLAN_TEAMS]  # and its team
    wanted: list[str] = []
    for role in roles:
        for user_id in core.directory.invitees(incident.platform, role):
            if user_id not in wanted:
                wanted.append(user_id)
    for person_id in (incident.owner_id, incident.reporter_id):
        if person_id and person_id not in wanted and source_name(person_id) is None:
            wanted.append(person_id)
    if incident.exercise:  # a drill's participants join its channel; the plan's roles only with --page-all
        everyone = not isolated(incident, core.plan.exercises.page_everyone)
        wanted = [u for u in wanted if everyone or u in participants(incident)]
        wanted += sorted(u for u in incident.exercise_participants if u not in wanted)
    return wanted


def ensure_channel(core: Core, chat: ChatPort, incident: Incident) -> None:
    assert incident.severity is not None
    policy = core.plan.policy(incident.severity)
    if incident.channel_id or not policy.create_channel:
        return
    for attempt in range(20):
        prefix = core.plan.channels.prefix
        name = channel_name(channel_prefix(core.team_translator(), prefix) if incident.exercise else prefix,
                            incident.number, incident.title, attempt)
        try:
            channel_id: str | None = chat.create_channel(name, policy.private)
        except NameTaken:
            channel_id = _own_unbound_channel(core, chat, incident, name)
            if channel_id is None:
                continue  # a person's channel, or one of another incident: try the next name
        store_refs(core, incident, channel_id=channel_id, channel_name=name)
        return
    raise NameTaken()


def _own_unbound_channel(core: Core, chat: ChatPort, incident: Incident, name: str) -> str | None:
    """The channel named ``name`` when the bot created it and no other incident has it: an earlier attempt of
    this job created it and lost the platform's answer (or was killed before it stored the channel's id)."""
    channel_id = chat.find_own_channel(name)
    if channel_id is None:
        return None
    with core.uow() as uow:
        holder = uow.incidents.by_channel(incident.platform, channel_id)
    return channel_id if holder is None or holder.id == incident.id else None


def store_refs(core: Core, incident: Incident, **changes: object) -> None:
    """Write chat references back onto the incident, retrying over concurrent changes of other fields."""
    for _ in range(10):
        with core.uow() as uow:
            fresh = uow.incidents.get(incident.id or 0)
            assert fresh is not None
            for key, value in changes.items():
                setattr(fresh, key, value)
            try:
                uow.incidents.save(fresh)
            except ConcurrentUpdate:
                continue
            uow.commit()
        for key, value in changes.items():
            setattr(incident, key, value)
        incident.version = fresh.version
        return
    raise RuntimeError("incident kept changing")


def ensure_members(core: Core, chat: ChatPort, incident: Incident) -> None:
    if not incident.channel_id:
        return
    missing = [u for u in _invitees(core, incident) if u not in incident.invited]
    if missing:
        chat.invite(incident.channel_id, missing)
        store_refs(core, incident, invited=incident.invited | frozenset(missing))


def refresh(core: Core, chat: ChatPort, incident: Incident) -> None:
    """Header and living message reflect the incident as it is now."""
    tr = core.team_translator()
    now = core.now()
    assert incident.id is not None
    with core.uow() as uow:
        checklist = current_checklist(core.plan, incident, uow.incidents.checklist(incident.id))
        cases = uow.regulation.cases(incident.id)
        communications = uow.communications.of_incident(incident.id)
    if incident.channel_id:
        chat.set_header(incident.channel_id, topic(tr, core.directory, incident, now))
    home = incident.home_channel
    if home is None:
        return
    names = {c.by: core.directory.display_name(incident.platform, c.by) for c in communications}
    told = inform_fields(tr, core.plan, incident, communications, names)
    spec = announcement(tr, core.plan, core.directory, incident, checklist, now,
                        summary_fields(tr, cases, now) + told, inform_buttons(tr, core.plan, incident, communications))
    if incident.announcement_ref:
        chat.update_message(incident.announcement_ref, spec)
    else:
        ref = chat.post_message(home, spec, incident.home_thread)
        store_refs(core, incident, announcement_ref=ref)
        if incident.channel_id:
            chat.pin(ref)


def ensure_checklist(core: Core, chat: ChatPort, incident: Incident) -> None:
    home = incident.home_channel
    assert incident.id is not None
    if home is None or incident.severity is None:
        return
    with core.uow() as uow:
        items = current_checklist(core.plan, incident, uow.incidents.checklist(incident.id))
    if not items:
        return
    spec = checklist_message(core.team_translator(), core.plan, incident, items)
    type_id = applied_type(core.plan, incident)
    if (incident.checklist_ref and incident.checklist_severity is incident.severity
            and incident.checklist_type == type_id):
        chat.update_message(incident.checklist_ref, spec)
        return
    ref = chat.post_message(home, spec, incident.home_thread)
    store_refs(core, incident, checklist_ref=ref, checklist_severity=incident.severity, checklist_type=type_id)


def close_space(core: Core, chat: ChatPort, incident: Incident) -> None:
    refresh(core, chat, incident)
    ensure_checklist(core, chat, incident)
    if incident.phase is Phase.CLOSED and incident.channel_id and core.plan.channels.archive_on_close:
        if archive_waits_for_review(core, incident):
            return  # archived when the review is complete (it lives in this channel)
        chat.archive_channel(incident.channel_id)
