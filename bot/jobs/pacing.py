"""Posting slots per conversation: about one post a second to one channel (Slack's rate for
``chat.postMessage``), short bursts where granted, and never a worker asleep waiting for its turn.

A post asks for a slot in its conversation under a *holder* name that stays the same when its job runs again
(the post's marker). A free slot is taken at once; otherwise the next free moment is reserved for the holder
and the job learns how long to wait (:class:`Paced`): it goes back to the queue until then, and the worker
runs another conversation's job meanwhile. When the job runs again, its reservation is there: posts to one
conversation go out in the order their slots were given. A holder that finds nothing left to post gives its
reservation back (:func:`give_back`).

The rule (:func:`take`) is pure; where the slots live is the caller's business: in the process
(:class:`bot.jobs.outbox.Pacer`, one process on SQLite) or in the database, shared by every replica.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

POST_INTERVAL = 1.0
"""Seconds between two posts to the same conversation."""
DIRECT_BURST = 3
"""Direct messages to one person that may go at once (pages for incidents falling due together)."""
UPDATE_BURST = 20
"""Updates of storm cards in one channel that may go at once (a card's worth of reports joining it one by one)."""
UPDATE_SPACING = 1.2
"""Then one update per this many post intervals: fifty a minute at one post a second. Slack counts
``chat.update`` apart from the posts, per workspace rather than per channel (Tier 3: fifty and more a minute)."""
REACTION_BURST = 10
"""✅ reactions in one channel that may go at once; then one per :data:`UPDATE_SPACING` post intervals (Slack
allows about fifty ``reactions.add`` a minute). Confirmations beyond that wait together and are confirmed by
one line for their burst."""
ON_TIME = 0.05
"""A reservation this close (seconds) counts as due: the job was put back until then and has come back."""


class Paced(Exception):
    """The post's conversation has no free slot now: the job goes back to the queue for ``wait`` seconds."""

    def __init__(self, conversation: str, wait: float) -> None:
        super().__init__(f"{conversation}: next slot in {wait:.2f}s")
        self.conversation = conversation
        self.wait = wait


@dataclass(frozen=True)
class Slot:
    moment: float
    """Seconds (on the pacer's clock) at which the post may go."""
    holder: str


class PostSlots(Protocol):
    """Where posts get their slot: :meth:`claim` answers 0 (post now) or the seconds until the holder's slot."""

    def claim(self, conversation: str, holder: str, burst: int = 1, spacing: float = 1.0) -> float:
        """``spacing``: the interval between two slots, in post intervals."""

    def release(self, conversation: str, holder: str) -> None:
        """Give back the holder's reservation, if any (its post will not be made: nothing left to show)."""


def take(slots: Sequence[Slot], now: float, holder: str, burst: int = 1,
         interval: float = POST_INTERVAL) -> tuple[list[Slot], float]:
    """The conversation's slots after ``holder`` asked for one at ``now``, and how long it must wait.

    ``burst`` posts may go at once, the average staying one per ``interval``: a new slot is no earlier than
    the latest one given, nor than ``interval`` × ``burst`` after the ``burst``-th latest. Slots older than
    that window are forgotten (a reservation forgotten so gets a new slot, at the end of the queue).
    """
    kept = [slot for slot in slots if slot.moment >= now - burst * interval]
    for slot in kept:
        if slot.holder == holder:
            wait = slot.moment - now
            return kept, (0.0 if wait <= ON_TIME else wait)
    moment = now
    if kept:
        moment = max(moment, kept[-1].moment)
    if len(kept) >= burst:
        moment = max(moment, kept[-burst].moment + burst * interval)
    kept.append(Slot(moment, holder))
    wait = moment - now
    return kept, (0.0 if wait <= ON_TIME else wait)


def give_back(slots: Sequence[Slot], holder: str) -> list[Slot]:
    """The conversation's slots without ``holder``'s reservation. The latest reservation given back, the next
    claim may come a slot earlier; one given back from the middle leaves a gap (the later holders were told
    their moment), which is forgotten with its neighbours."""
    return [slot for slot in slots if slot.holder != holder]
