"""Durations as the plan writes them: ``45s``, ``30m``, ``4h``, ``2d`` (and combinations like ``1h30m``)."""

from __future__ import annotations

import re
from datetime import timedelta

_PART = re.compile(r"(\d+)\s*([smhdw])")
_WHOLE = re.compile(r"^\s*(?:\d+\s*[smhdw]\s*)+$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


class DurationError(ValueError):
    """A duration that does not read like ``45s``, ``30m``, ``4h`` or ``2d``."""


def parse_duration(text: str) -> timedelta:
    """Read ``text`` as a positive duration; raise :class:`DurationError` otherwise."""
    if not isinstance(text, str) or not _WHOLE.match(text.lower()):
        raise DurationError(text)
    seconds = sum(int(n) * _UNITS[u] for n, u in _PART.findall(text.lower()))
    if seconds <= 0:
        raise DurationError(text)
    return timedelta(seconds=seconds)

