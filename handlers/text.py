"""Text helpers every platform renderer shares."""

from __future__ import annotations

from collections.abc import Callable

from bot.specs import Inline
from bot.specs import Link
from bot.specs import Plain
from bot.specs import Rich
from bot.specs import Strong

ELLIPSIS = "…"


def truncate(text: str, limit: int) -> str:
    """Plain text cut to ``limit`` characters, ending with "…" when cut."""
    if len(text) <= limit:
        return text
    return (text[: limit - 1] + ELLIPSIS) if limit > 0 else ""


def shorter(item: Inline, length: int) -> Inline | None:
    """The same inline with its visible text cut to ``length`` characters (None if it cannot be cut)."""
    if isinstance(item, Plain):
        return Plain(item.text[:length])
    if isinstance(item, Strong):
        return Strong(item.text[:length])
    if isinstance(item, Link):
        return Plain(item.label[:length])
    return None


def fit(rich: Rich, limit: int, render: Callable[[Rich], str]) -> str:
    """``render(rich)`` in at most ``limit`` characters, cut with "…" between pieces.

    Cutting happens on the raw text before ``render`` escapes it, so an entity, a mention or a link is never
    split: whole pieces are kept while they fit, then the longest prefix of the next one that still fits.
    """
    full = render(rich)
    if len(full) <= limit:
        return full
    budget = limit - len(ELLIPSIS)
    kept: Rich = ()
    for item in rich:
        if len(render((*kept, item))) <= budget:
            kept = (*kept, item)
            continue
        raw = item.label if isinstance(item, Link) else getattr(item, "text", "")
        low, high = 0, len(raw)
        while low < high:  # the longest prefix whose rendering fits
            mid = (low + high + 1) // 2
            cut = shorter(item, mid)
            if cut is not None and len(render((*kept, cut))) <= budget:
                low = mid
            else:
                high = mid - 1
        cut = shorter(item, low)
        if low and cut is not None:
            kept = (*kept, cut)
        break
    return render(kept) + ELLIPSIS
