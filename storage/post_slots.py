"""Posting slots in the database: every replica on one PostgreSQL keeps to one post a second per conversation.

The rule is the core's (:func:`bot.jobs.pacing.take`); here the conversation's slots are one row, read and
written back with a conditional update on its version: when another process changed the row meanwhile,
nothing is written and the claim is made again on the fresh row. Moments are seconds since the epoch (the
replicas' clocks are assumed in step, as for every other time Sirene stores).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import Engine
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects import sqlite

from bot.jobs.pacing import POST_INTERVAL
from bot.jobs.pacing import Slot
from bot.jobs.pacing import give_back
from bot.jobs.pacing import take
from storage.post_slot_tables import POST_SLOT
from storage.unit_of_work import outage_as_unavailable

ATTEMPTS = 20
"""Claims made again at most this often when other processes keep changing the row (then: try again a slot
later)."""


class DatabasePostSlots:
    """:class:`bot.jobs.pacing.PostSlots` on a database table, each claim in a short transaction of its own."""

    def __init__(self, engine: Engine, interval: float = POST_INTERVAL, clock: Callable[[], float] = time.time) -> None:
        self._engine = engine
        self._interval = interval
        self._clock = clock
        dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
        key = POST_SLOT.c.conversation
        self._insert = dialect.insert(POST_SLOT).on_conflict_do_nothing(index_elements=[key]).returning(key)
        """Inserts a conversation's first slots; a row comes back only when it was written (``rowcount`` is not
        to be trusted for an insert on PostgreSQL with psycopg: it answers -1)."""

    def claim(self, conversation: str, holder: str, burst: int = 1, spacing: float = 1.0) -> float:
        with outage_as_unavailable():
            return self._claim(conversation, holder, burst, spacing)

    def release(self, conversation: str, holder: str) -> None:
        with outage_as_unavailable():
            self._release(conversation, holder)

    def _claim(self, conversation: str, holder: str, burst: int, spacing: float) -> float:
        for _ in range(ATTEMPTS):
            with self._engine.begin() as connection:
                row = connection.execute(select(POST_SLOT.c.slots, POST_SLOT.c.version)
                                         .where(POST_SLOT.c.conversation == conversation)).first()
                now = self._clock()
                before = [Slot(float(moment), str(who)) for moment, who in row.slots] if row is not None else []
                slots, wait = take(before, now, holder, burst, self._interval * spacing)
                if slots == before:
                    return wait  # the holder's reservation, nothing to write
                stored = [[slot.moment, slot.holder] for slot in slots]
                if row is None:
                    inserted = connection.execute(self._insert, {"conversation": conversation, "slots": stored,
                                                                 "version": 0})
                    written = 1 if inserted.first() is not None else 0
                else:
                    written = connection.execute(
                        update(POST_SLOT).where(POST_SLOT.c.conversation == conversation,
                                                POST_SLOT.c.version == row.version)
                        .values(slots=stored, version=row.version + 1)).rowcount
                if written == 1:
                    return wait
        return self._interval

    def _release(self, conversation: str, holder: str) -> None:
        for _ in range(ATTEMPTS):
            with self._engine.begin() as connection:
                row = connection.execute(select(POST_SLOT.c.slots, POST_SLOT.c.version)
                                         .where(POST_SLOT.c.conversation == conversation)).first()
                if row is None:
                    return
                before = [Slot(float(moment), str(who)) for moment, who in row.slots]
                slots = give_back(before, holder)
                if slots == before:
                    return
                written = connection.execute(
                    update(POST_SLOT).where(POST_SLOT.c.conversation == conversation,
                                            POST_SLOT.c.version == row.version)
                    .values(slots=[[slot.moment, slot.holder] for slot in slots], version=row.version + 1)).rowcount
                if written == 1:
                    return
