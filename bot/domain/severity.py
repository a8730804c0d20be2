"""The four severities of the plan (docs/irp.md §4, phase 2)."""

from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    WEAK = "weak"
    MINOR = "minor"
    MAJOR = "major"
    CRISIS = "crisis"

    @property
    def emoji(self) -> str:
        return _EMOJI[self]

    @classmethod
    def parse(cls, text: str) -> Severity | None:
        """Accept the code name or its Dutch/French word (``groot``, ``majeur``...)."""
        word = text.strip().lower()
        for severity in cls:
            if word == severity.value or word in _ALIASES[severity]:
                return severity
        return None


_EMOJI = {Severity.WEAK: "⚪", Severity.MINOR: "🟡", Severity.MAJOR: "🟠", Severity.CRISIS: "🔴"}
_ALIASES = {
    Severity.WEAK: {"zwak", "faible"},
    Severity.MINOR: {"klein", "mineur"},
    Severity.MAJOR: {"groot", "majeur"},
    Severity.CRISIS: {"crise"},
}
