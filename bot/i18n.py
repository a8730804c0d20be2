"""Message catalogs (English, Dutch, French) and locale-aware formatting of dates and durations.

Every word a user reads comes from ``bot/locales/<lang>.yaml``. A key is a dotted name
(``triage.title``); a value is a ``str.format`` template with named placeholders.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta
from functools import cache
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from babel.dates import format_datetime
from babel.dates import format_time
from babel.dates import format_timedelta

LANGUAGES: tuple[str, ...] = ("en", "nl", "fr")
_BABEL_LOCALES = {"en": "en_GB", "nl": "nl_BE", "fr": "fr_BE"}


@cache
def load_catalog(language: str) -> Mapping[str, str]:
    """The flat ``key → template`` catalog of ``language`` (read once).

    A language is a folder ``bot/locales/<language>/`` of YAML files, one per part of Sirene
    (``core.yaml``, …); their top-level sections must not overlap.
    """
    flat: dict[str, str] = {}
    for part, data in catalog_parts(language).items():
        for section in data:
            if any(key == section or key.startswith(f"{section}.") for key in flat):
                raise ValueError(f"locales/{language}/{part}: section {section!r} is defined twice")
        _flatten("", data, flat)
    return flat


def catalog_parts(language: str) -> dict[str, dict[str, Any]]:
    """The parsed YAML files of one language, by file name."""
    folder = resources.files("bot").joinpath("locales", language)
    parts: dict[str, dict[str, Any]] = {}
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".yaml"):
            parts[entry.name] = yaml.safe_load(entry.read_text(encoding="utf-8")) or {}
    return parts


def _flatten(prefix: str, node: Any, out: dict[str, str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            _flatten(f"{prefix}{key}.", value, out)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            _flatten(f"{prefix}{index}.", item, out)
    else:
        out[prefix[:-1]] = str(node)


def placeholders(template: str) -> frozenset[str]:
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


class MissingMessage(KeyError):
    """A key that the catalog does not have: a programming error, caught by the catalog tests."""


@dataclass(frozen=True)
class Translator:
    """Messages and formats for one language and one time zone."""

    language: str
    zone: ZoneInfo

    def t(self, key: str, **params: Any) -> str:
        catalog = load_catalog(self.language)
        try:
            template = catalog[key]
        except KeyError:
            raise MissingMessage(key) from None
        return template.format(**params) if params else template

    def has(self, key: str) -> bool:
        return key in load_catalog(self.language)

    def keys_under(self, prefix: str) -> list[str]:
        """Keys ``prefix.0``, ``prefix.1``... in order (lists in the catalog)."""
        catalog = load_catalog(self.language)
        found: list[str] = []
        while f"{prefix}.{len(found)}" in catalog:
            found.append(f"{prefix}.{len(found)}")
        return found

    @property
    def locale(self) -> str:
        return _BABEL_LOCALES.get(self.language, "en_GB")

    def when(self, moment: datetime) -> str:
        """A date and time in the plan's zone, e.g. ``27 Nov 2026, 14:30 CET``."""
        return format_datetime(moment.astimezone(self.zone), "d MMM yyyy, HH:mm zzz", locale=self.locale)

    def clock_time(self, moment: datetime) -> str:
        return format_time(moment.astimezone(self.zone), "HH:mm", locale=self.locale)

    def duration(self, delta: timedelta) -> str:
        return format_timedelta(delta, threshold=1.5, locale=self.locale)

    def relative(self, moment: datetime, now: datetime) -> str:
        """``in 35 minutes`` / ``12 minutes ago``."""
        return format_timedelta(moment - now, add_direction=True, threshold=1.5, locale=self.locale)
