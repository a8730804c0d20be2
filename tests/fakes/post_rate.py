"""Posting rates per conversation as a platform counts them, and whether they kept to Slack's allowance.

Slack lets an app post about one message per second to one channel, "with short bursts of more than 1
allowed" (``chat.postMessage``'s special rate limit). The allowance is read here as a bucket of
:data:`BURST` posts refilled at :data:`PER_SECOND`: a run of posts that empties the bucket is over it.
Both fakes (Slack's ``chat.postMessage``, Mattermost's ``POST /posts``) record when each call arrived;
:func:`over_allowance` reads those moments.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass

PER_SECOND = 1.0
BURST = 4
"""Posts that may go at once to one conversation (the bucket's size)."""
SLACK = 0.05
"""Seconds of jitter forgiven per refill (network and scheduling between the sender and the fake)."""


@dataclass(frozen=True)
class Excess:
    conversation: str
    at: float
    posts: int
    """Posts to the conversation so far."""


def by_conversation(posts: Iterable[tuple[str, float]]) -> dict[str, list[float]]:
    found: dict[str, list[float]] = defaultdict(list)
    for conversation, at in posts:
        found[conversation].append(at)
    return {conversation: sorted(moments) for conversation, moments in found.items()}


def over_allowance(posts: Iterable[tuple[str, float]], per_second: float = PER_SECOND,
                   burst: int = BURST) -> list[Excess]:
    """The posts that found the conversation's bucket empty."""
    excess = []
    for conversation, moments in by_conversation(posts).items():
        tokens, last = float(burst), moments[0]
        for count, at in enumerate(moments, start=1):
            tokens = min(float(burst), tokens + (at - last + SLACK) * per_second)
            last = at
            if tokens < 1.0:
                excess.append(Excess(conversation, at, count))
                continue
            tokens -= 1.0
    return excess


def busiest_second(moments: Sequence[float]) -> int:
    """The most posts within any one second."""
    best, start = 0, 0
    for end, at in enumerate(moments):
        while at - moments[start] >= 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


def mean_rate(moments: Sequence[float]) -> float:
    """Posts per second from the first to the last (0 for fewer than two)."""
    if len(moments) < 2 or moments[-1] == moments[0]:
        return 0.0
    return (len(moments) - 1) / (moments[-1] - moments[0])
