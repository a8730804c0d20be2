"""Reports that are possibly about the same event: reported close together and naming the same essential
activities, or with titles sharing their main words. The plan sets the window and how many words must be
shared (``similar_reports``)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import timedelta

from bot.domain.incident import Incident

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
_LITTLE_WORDS = frozenset({
    "the", "and", "for", "not", "are", "was", "were", "has", "have", "with", "from", "since", "this", "that",
    "our", "all", "any", "can", "cannot", "down", "again", "een", "het", "van", "voor", "niet", "met", "naar",
    "bij", "sinds", "dat", "die", "deze", "zijn", "werkt", "geen", "ook", "nog", "les", "des", "une", "pour",
    "pas", "avec", "dans", "sur", "depuis", "est", "sont", "plus", "aucun", "aucune", "fonctionne",
})
"""Words too common to tell two titles apart (English, Dutch, French)."""


def main_words(title: str) -> frozenset[str]:
    return frozenset(w for w in (m.group(0).lower() for m in _WORD.finditer(title)) if w not in _LITTLE_WORDS)


def similar(report: Incident, other: Incident, within: timedelta, shared_words: int) -> bool:
    if abs(report.reported_at - other.reported_at) > within:
        return False
    if set(report.activities) & set(other.activities):
        return True
    return len(main_words(report.title) & main_words(other.title)) >= shared_words


def possibly_same(report: Incident, others: Iterable[Incident], within: timedelta, shared_words: int,
                  limit: int = 3) -> list[Incident]:
    """The open incidents reported before ``report`` that are possibly the same event, earliest first (the one a
    duplicate would join), at most ``limit``."""
    found = [other for other in others
             if other.id != report.id and other.is_open and not other.duplicate_of
             and other.reported_at <= report.reported_at and similar(report, other, within, shared_words)]
    return sorted(found, key=lambda other: (other.reported_at, other.number))[:limit]
