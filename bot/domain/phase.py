"""The phases an incident moves through in the chat, and which moves are legal.

The plan's six phases (docs/irp.md §4) map onto an incident's life as: *notification*
(reported, waiting for the helpdesk), *activation* (activation & handling),
*eradication*, *deactivation requested* (waiting for the approvers), *closed*
(deactivated; lessons learned follow).
"""

from __future__ import annotations

from enum import StrEnum


class Phase(StrEnum):
    NOTIFICATION = "notification"
    ACTIVATION = "activation"
    ERADICATION = "eradication"
    DEACTIVATION_REQUESTED = "deactivation_requested"
    CLOSED = "closed"

    @classmethod
    def parse(cls, text: str) -> Phase | None:
        word = text.strip().lower().replace("-", "_").replace(" ", "_")
        for phase in cls:
            if word == phase.value or word in _ALIASES.get(phase, set()):
                return phase
        return None

    @property
    def is_open(self) -> bool:
        return self is not Phase.CLOSED


_ALIASES = {
    Phase.ACTIVATION: {"handling", "activering", "behandeling", "traitement"},
    Phase.ERADICATION: {"éradication"},
    Phase.DEACTIVATION_REQUESTED: {"deactivation", "deactivering", "désactivation", "desactivation"},
    Phase.CLOSED: {"close", "gesloten", "clos", "clôturé"},
}

# Moves the owner can make by hand. Deactivation is requested through its own use case
# (it needs approvers); closing only happens when every approver agreed.
MANUAL_MOVES: dict[Phase, frozenset[Phase]] = {
    Phase.ACTIVATION: frozenset({Phase.ERADICATION}),
    Phase.ERADICATION: frozenset({Phase.ACTIVATION}),
}
