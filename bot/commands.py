"""Reading ``/incident …``: the sub-command and its arguments (platform-neutral)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.text import clean

SUBCOMMANDS = frozenset({"help", "list", "status", "log", "severity", "phase", "deactivate", "report", "review",
                         "followups", "export", "eta", "timers", "update", "activate", "stats", "home",
                         "propose", "contacts", "notify", "inform", "duplicate", "merge", "exercise",
                         "type"})
_ALIASES = {
    "hulp": "help", "aide": "help", "lijst": "list", "liste": "list", "statut": "status",
    "logboek": "log", "journal": "log", "ernst": "severity", "gravite": "severity", "gravité": "severity",
    "fase": "phase", "deactiveer": "deactivate", "desactiver": "deactivate", "désactiver": "deactivate",
    "revue": "review", "evaluatie": "review", "opvolging": "followups", "suivi": "followups",
    "exporteer": "export", "exporter": "export",
    "timer": "timers", "activeer": "activate", "activer": "activate",
    "cijfers": "stats", "chiffres": "stats", "overzicht": "home", "apercu": "home", "aperçu": "home",
    "voorstellen": "propose", "proposer": "propose", "contacten": "contacts",
    "informeer": "inform", "informer": "inform",
    "melden": "notify", "melding": "notify", "notifier": "notify", "notification": "notify",
    "duplicaat": "duplicate", "doublon": "duplicate",
    "samenvoegen": "merge", "fusionner": "merge",
    "oefening": "exercise", "exercice": "exercise",
    "soort": "type", "scenario": "type",
}
NUMBER = re.compile(r"^INC-\d{4}-\d{4,}$", re.IGNORECASE)


@dataclass(frozen=True)
class Command:
    name: str
    """One of :data:`SUBCOMMANDS`; ``report`` when the text is empty or a title."""
    args: tuple[str, ...] = ()
    number: str | None = None
    """An incident number given explicitly (``/incident status INC-2026-0007``)."""

    def rest(self, start: int = 0) -> str:
        return " ".join(self.args[start:]).strip()


def parse_command(text: str) -> Command:
    words = clean(text).strip().split()
    if not words:
        return Command("report")
    first = words[0].lower()
    name = _ALIASES.get(first, first)
    if name not in SUBCOMMANDS:
        return Command("report", tuple(words))
    args = list(words[1:])
    number = None
    for index, word in enumerate(args):
        if NUMBER.match(word):
            number = word.upper()
            del args[index]
            break
    return Command(name, tuple(args), number)
