"""The chat side of merging incident B into A: B's channel gets a pointer to A's and is archived; B's reporters
are told where to follow it (and invited to A's channel when the plan keeps it public)."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from bot.core import Core
from bot.domain.incident import Incident
from bot.jobs.space import refresh
from bot.ports import ChatError
from bot.ports import ChatPort
from bot.views.merge import merged_pointer
from bot.views.merge import merged_told

log = logging.getLogger("sirene.jobs")


def _kept(core: Core, merged: Incident) -> Incident | None:
    if merged.duplicate_of is None:
        return None
    with core.uow(read_only=True) as uow:
        return uow.incidents.by_number(merged.duplicate_of)


def close_merged(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    kept = _kept(core, incident)
    if kept is None or incident.channel_id is None:
        return
    refresh(core, chat, incident)
    chat.post_message(incident.channel_id,
                      merged_pointer(core.team_translator(), incident.number, kept.number, kept.channel_id))
    try:
        chat.archive_channel(incident.channel_id)
    except ChatError as exc:  # archived already (a retried job), or the platform refuses: the pointer stays
        log.warning("could not archive %s after merging it into %s: %s", incident.channel_id, kept.number, exc.code)


def tell_merged(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    kept = _kept(core, incident)
    reporter_id = payload.get("reporter", "")
    if kept is None or not reporter_id:
        return
    channel_id = kept.channel_id
    if channel_id and kept.severity is not None and not core.plan.policy(kept.severity).private \
            and reporter_id not in kept.invited:
        try:
            chat.invite(channel_id, [reporter_id])
        except ChatError as exc:  # already a member, or the platform refuses: the message still tells where
            log.warning("could not invite a reporter of %s to %s: %s", incident.number, channel_id, exc.code)
    tr = core.translator(incident.platform, reporter_id)
    chat.send_direct(reporter_id, merged_told(tr, incident.number, kept.number, channel_id, reporter_id))
