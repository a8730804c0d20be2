"""Keeping up with a platform's event stream (Mattermost's websocket): which channels to catch up
after a gap, and how far the stream has been read. The events themselves go to
:mod:`bot.usecases.logbook` like any other."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core import Core

PAGE = 200


@dataclass(frozen=True)
class WatchedChannel:
    """An open incident's channel whose messages may go into its logbook."""

    channel_id: str
    since: datetime
    """Nothing there before this moment can be in the logbook (the incident was reported then)."""


def watched_channels(core: Core, platform: str) -> list[WatchedChannel]:
    """The channels of the open incidents of ``platform``."""
    found: list[WatchedChannel] = []
    offset = 0
    while True:
        with core.uow() as uow:
            page = uow.incidents.open_incidents(PAGE, offset)
        for incident in page:
            if incident.platform == platform and incident.channel_id:
                found.append(WatchedChannel(incident.channel_id, incident.reported_at))
        if len(page) < PAGE:
            return found
        offset += PAGE


def read_up_to(core: Core, platform: str, stream: str) -> int | None:
    """Where reading ``stream`` stopped (the platform's own clock), or ``None`` if never read."""
    with core.uow() as uow:
        return uow.cursors.get(platform, stream)


def mark_read(core: Core, platform: str, stream: str, value: int) -> None:
    """Everything of ``stream`` up to ``value`` is handled (the cursor never moves back)."""
    with core.uow() as uow:
        uow.cursors.advance(platform, stream, value)
        uow.commit()
