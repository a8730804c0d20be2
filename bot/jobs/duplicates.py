"""Telling a duplicate report's reporter which incident their report joined (and inviting them to its channel
when the plan's severity keeps the channel public)."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from bot.core import Core
from bot.domain.incident import Incident
from bot.ports import ChatError
from bot.ports import ChatPort
from bot.views.duplicates import duplicate_told

log = logging.getLogger("sirene.jobs")


def tell_reporter(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    if incident.duplicate_of is None:
        return
    with core.uow(read_only=True) as uow:
        target = uow.incidents.by_number(incident.duplicate_of)
    if target is None:
        return
    channel_id = target.channel_id
    if channel_id and target.severity is not None and not core.plan.policy(target.severity).private \
            and incident.reporter_id not in target.invited:
        try:
            chat.invite(channel_id, [incident.reporter_id])
        except ChatError as exc:  # already in the channel, or the platform refuses: the message still tells where
            log.warning("could not invite the reporter of %s to %s: %s", incident.number, channel_id, exc.code)
    tr = core.translator(incident.platform, incident.reporter_id)
    chat.send_direct(incident.reporter_id, duplicate_told(tr, incident.number, target.number, channel_id))
