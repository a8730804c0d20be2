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
    try:
        results = write([slot.item for slot in batch])
    except Exception as error:
        if len(batch) == 1:
            _settle(batch[0], None, error)
            return
        for slot in batch:  # find the culprit: each item alone
            try:
                _settle(slot, write([slot.item])[0], None)
            except Exception as alone:  # handed to its own caller
                _settle(slot, None, alone)
        return
    for slot, result in zip(batch, results, strict=True):
        _settle(slot, result, None)


def _settle(slot: _Slot[Item, Result], result: Result | None, error: Exception | None) -> None:
    slot.result, slot.error, slot.done = result, error, True
