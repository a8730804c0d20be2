"""Text helpers every platform renderer shares."""

from __future__ import annotations

ELLIPSIS = "…"


def truncate(text: str, limit: int) -> str:
    """Plain text cut to ``limit`` characters, ending with "…" when cut."""
    if len(text) <= limit:
        return text
    return (text[: limit - 1] + ELLIPSIS) if limit > 0 else ""
