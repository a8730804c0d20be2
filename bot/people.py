"""Names, not ids: a reporter the plan does not name is shown by the name their chat platform gives them.

The platform is asked once, by the job that posts the report's triage line (never on the 3-second
acknowledgement path); the name is stored with the incident (``Incident.reporter_display``) and noted in
the logbook. The same person's later reports take it from there when they are stored. When the platform
cannot answer, the reporter stays shown by their id.
"""

from __future__ import annotations

import logging
import re

from bot.core import Core
from bot.domain.incident import Incident
from bot.domain.text import clean
from bot.ports import ChatError
from bot.ports import ChatPort
from bot.ports import ChatUnavailable
from bot.ports import ConcurrentUpdate
from bot.ports import UnitOfWork
from bot.sources import source_name
from bot.usecases.common import log_bot_action
from bot.usecases.common import who

log = logging.getLogger(__name__)

NAME_MAX = 80
_MARKUP = re.compile(r"[<>@*_~`|\[\]#!&:]")
"""Characters that make mentions, links or formatting on one platform or another."""


def neutral_name(name: str | None) -> str:
    """``name`` as plain text: no control characters, no mention or markup characters, one line, short."""
    text = _MARKUP.sub("", clean(name or ""))
    return " ".join(text.split())[:NAME_MAX].strip()


def reporter_called(core: Core, incident: Incident) -> str:
    """How logbook lines and notices name the reporter: their stored platform name, else as the plan names
    them, else their id."""
    return incident.reporter_display or who(core, incident.platform, incident.reporter_id)


def known_name(core: Core, uow: UnitOfWork, platform: str, user_id: str) -> str:
    """The name stored with an earlier report of this chat user, if the plan does not name them: a new report
    takes it at once (its "Reported by" line names them, and the platform is not asked again)."""
    if source_name(user_id) is not None or core.directory.person(platform, user_id) is not None:
        return ""
    return uow.incidents.reporter_display(platform, user_id)


def needs_name(core: Core, incident: Incident) -> bool:
    """A chat user the plan does not name, not yet named."""
    return (not incident.reporter_display and source_name(incident.reporter_id) is None
            and core.directory.person(incident.platform, incident.reporter_id) is None)


def name_reporter(core: Core, chat: ChatPort, incident: Incident) -> None:
    """Ask the platform for the reporter's name and store it with ``incident`` (updated in place)."""
    if incident.id is None or not needs_name(core, incident):
        return
    try:
        name = neutral_name(chat.user_display_name(incident.reporter_id))
    except (ChatError, ChatUnavailable) as exc:
        log.info("no name for the reporter of %s: %s", incident.number, exc)
        return
    if not name or name == incident.reporter_id:
        return
    for _ in range(10):
        with core.uow() as uow:
            fresh = uow.incidents.get(incident.id)
            if fresh is None:
                return
            if not fresh.reporter_display:
                fresh.reporter_display = name
                try:
                    uow.incidents.save(fresh)
                except ConcurrentUpdate:
                    continue
                log_bot_action(core, uow, fresh, fresh.reporter_id, "people.logbook_named",
                               who=fresh.reporter_id, name=name)
                uow.commit()
            incident.reporter_display, incident.version = fresh.reporter_display, fresh.version
            return
