"""Group commit: callers that arrive together share one transaction.

A busy incident channel produces bursts of tagged messages, each delivered on its own request
thread. Written one transaction each, they queue on the database's write lock and pay a commit
apiece. Here the first caller to find the writer free becomes the writer: it takes everything
queued so far (up to ``limit``) and hands it to ``write`` as one batch; the others wait for their
own result. Each caller still returns only once its item is committed, so the platform is answered
after the data is safe, as before. A batch that fails is retried item by item, so one bad item
cannot take its neighbours down with it; an error reaches only the caller whose item caused it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


class _Slot(Generic[Item, Result]):
    __slots__ = ("done", "error", "item", "result")

    def __init__(self, item: Item) -> None:
        self.item = item
        self.done = False
        self.result: Result | None = None
        self.error: Exception | None = None


class GroupCommit(Generic[Item, Result]):
    def __init__(self, limit: int = 200) -> None:
        self._limit = limit
        self._queue: list[_Slot[Item, Result]] = []
        self._busy = False
        self._turn = threading.Condition()

    def submit(self, item: Item, write: Callable[[Sequence[Item]], Sequence[Result]]) -> Result:
        """``write(items)`` must return one result per item, in order, all in one transaction.

        Every caller of one instance must pass an equivalent ``write``: whoever becomes the writer
        uses its own for the whole batch.
        """
        slot: _Slot[Item, Result] = _Slot(item)
        with self._turn:
            self._queue.append(slot)
        while True:
            with self._turn:
                while not slot.done and self._busy:
                    self._turn.wait()
                if slot.done:
                    break
                self._busy = True
                batch = self._queue[: self._limit]
                del self._queue[: len(batch)]
            try:
                _write_batch(batch, write)
            finally:
                with self._turn:
                    self._busy = False
                    self._turn.notify_all()
        if slot.error is not None:
            raise slot.error
        return slot.result  # type: ignore[return-value]


def _write_batch(batch: list[_Slot[Item, Result]],
                 write: Callable[[Sequence[Item]], Sequence[Result]]) -> None:
    for slot, (result, error) in zip(batch, write_each([slot.item for slot in batch], write), strict=True):
        slot.result, slot.error, slot.done = result, error, True


def write_each(items: Sequence[Item],
               write: Callable[[Sequence[Item]], Sequence[Result]]) -> list[tuple[Result | None, Exception | None]]:
    """``write(items)`` in one go; when that fails, each item alone (so one bad item cannot take its
    neighbours down with it). Per item, its result or the error it met."""
    try:
        results = write(items)
    except Exception as error:
        if len(items) == 1:
            return [(None, error)]
        outcomes: list[tuple[Result | None, Exception | None]] = []
        for item in items:  # find the culprit: each item alone
            try:
                outcomes.append((write([item])[0], None))
            except Exception as alone:  # handed to its own caller
                outcomes.append((None, alone))
        return outcomes
    return [(result, None) for result in results]
