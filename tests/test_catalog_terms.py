"""One word per thing, one register per language: every role has a single name in each catalog (its
``role.*`` label; Dutch uses the template's own terms), Dutch says "ernst" and "databank", and the whole
catalog, the sandbox's texts included, addresses the reader as "u" (Dutch) and "vous" (French)."""

from __future__ import annotations

import re

import pytest

from bot.i18n import load_catalog

ROLE_VARIANTS: dict[str, tuple[str, ...]] = {
    # Other names once used for a role; the catalog's ``role.*`` label is the only one.
    "en": (r"\bIRP manager", r"\bincident managers?\b", r"\bcrisis manager", r"\bIRT manager",
           r"\bBCP leader", r"\bIRP backup"),
    "nl": (r"beheerder van het (IRP|Incident Response Plan|incident management team|BCP|CMP|DRP)\b",
           r"\bbeheerder (IRP|BCP|CMP|DRP)\b", r"incidentbeheerder", r"crisisbeheerder",
           r"Beheerder (Business Continuity|Crisis Management|Disaster Recovery) Plan \(", r"helpdeskmanager"),
    "fr": (r"responsable (du|de l')\s?(BCP|CMP|DRP|IRP)\b", r"responsable IRP", r"gestionnaire de crise",
           r"gestionnaire d'incident"),
}
WORDS: dict[str, tuple[str, ...]] = {
    "en": (),
    "nl": (r"ernstniveau", r"\bdatabase\b", r"\bje\b", r"\bjij\b", r"\bjou\b", r"\bjouw\b", r"\bjezelf\b",
           r"\bjullie\b"),
    "fr": (r"\btu\b", r"\btoi\b", r"\bton\b", r"\bta\b", r"\btes\b"),
}


def offending(language: str, patterns: tuple[str, ...]) -> list[str]:
    found: list[str] = []
    for key, text in load_catalog(language).items():
        for pattern in patterns:
            flags = 0 if pattern.startswith(r"\bdatabase") or pattern[0].isupper() else re.IGNORECASE
            if re.search(pattern, text, flags):
                found.append(f"{key}: {pattern!r} in {text!r}")
    return found


@pytest.mark.parametrize("language", sorted(ROLE_VARIANTS))
def test_each_role_has_one_name(language: str) -> None:
    assert offending(language, ROLE_VARIANTS[language]) == []


@pytest.mark.parametrize("language", sorted(WORDS))
def test_one_word_per_thing_and_one_register(language: str) -> None:
    assert offending(language, WORDS[language]) == []


@pytest.mark.parametrize("language", sorted(ROLE_VARIANTS))
def test_role_labels_are_distinct(language: str) -> None:
    labels = {key: text for key, text in load_catalog(language).items() if key.startswith("role.")}
    assert len(set(labels.values())) == len(labels)
