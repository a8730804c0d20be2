"""Jobs of a plan's activation: a direct message to each member of its team, the crisis proposal."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Mapping

from bot.core import Core
from bot.domain.incident import Incident
from bot.domain.roles import ContinuityPlan
from bot.domain.roles import Role
from bot.jobs.kind import JobKind
from bot.ports import ChatPort
from bot.views.contacts import department_note
from bot.views.mobilise import crisis_proposal
from bot.views.mobilise import mobilise_message


def _mobilise(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    user = payload["user"]
    spec = mobilise_message(core.translator(incident.platform, user), incident, ContinuityPlan(payload["plan"]),
                            Role(payload["team"]), payload.get("by", ""))
    chat.send_direct(user, spec)


def _crisis_proposal(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    home = incident.home_channel
    if home is None:
        return
    chat.post_message(home, crisis_proposal(core.team_translator(), incident, payload.get("by", "")),
                      incident.home_thread)


def _department(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    department = next((d for d in core.plan.departments if d.id == payload["department"]), None)
    if department is None:
        return
    user = payload["user"]
    chat.send_direct(user, department_note(core.translator(incident.platform, user), core.plan, incident,
                                           department))


MOBILISE_ACTIONS: Mapping[JobKind, Callable[[Core, ChatPort, Incident, Mapping[str, str]], None]] = {
    JobKind.TEAM_MOBILISE: _mobilise,
    JobKind.CRISIS_PROPOSE: _crisis_proposal,
    JobKind.DEPARTMENT_INFORM: _department,
}
