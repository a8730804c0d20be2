"""Jobs of reports from outside the chat (``bot.usecases.intake``)."""

from __future__ import annotations

from collections.abc import Mapping

from bot.core import Core
from bot.domain.incident import Incident
from bot.jobs.intake_mail import send_confirmation
from bot.jobs.kind import JobKind
from bot.ports import ChatPort
from bot.views.incident import notice


def _resolved_at_source(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    """Tell the owner (else the incident's home) that the source says the problem is gone."""
    if incident.owner_id:
        tr = core.translator(incident.platform, incident.owner_id)
        chat.send_direct(incident.owner_id, notice(tr, "intake.notice.resolved", number=incident.number,
                                                   title=incident.title, source=payload["source"]))
        return
    home = incident.home_channel
    if home is not None:
        chat.post_message(home, notice(core.team_translator(), "intake.notice.resolved", number=incident.number,
                                       title=incident.title, source=payload["source"]), incident.home_thread)


INTAKE_ACTIONS = {JobKind.INTAKE_RESOLVED: _resolved_at_source, JobKind.INTAKE_CONFIRM_MAIL: send_confirmation}
