"""Group commit: callers that arrive together share one transaction, whatever way they arrive.

A busy incident channel produces bursts of tagged messages. Written one transaction each, they queue on
the database's write lock and pay a commit apiece. Here every caller joins one queue, and whoever writes
takes everything queued so far (up to ``limit``) and hands it to ``write`` as one batch. Each caller still
returns only once its own item is committed, so the platform is answered after the data is safe. A batch
that fails is written again item by item (:func:`write_each`), so an error reaches only the caller whose
item caused it.

Callers come in two shapes, and share the same queue and the same batches:

- :meth:`GroupCommit.submit`, from a thread (Socket Mode's and Mattermost's listeners, the sandbox, the
  job runner): the first caller to find the writer free becomes the writer for one batch; the others wait.
- :meth:`GroupCommit.submit_async`, from an event loop (Slack's HTTP endpoint): the request awaits its
  item's future, never blocking the loop; batches are then written by the instance's own writer thread,
  which goes on while anything is queued. A thread's caller that waits finds its item written by either.

See ``docs/decisions/0001-group-commit.md``.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Generic
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
Write = Callable[[Sequence[Item]], Sequence[Result]]


class _Slot(Generic[Item, Result]):
    __slots__ = ("done", "error", "future", "item", "result")

    def __init__(self, item: Item, future: asyncio.Future[Result] | None = None) -> None:
        self.item = item
        self.future = future
        """Set for a caller on an event loop: resolved on its loop once the item is written."""
        self.done = False
        self.result: Result | None = None
        self.error: BaseException | None = None


class GroupCommit(Generic[Item, Result]):
    def __init__(self, limit: int = 200, name: str = "sirene-intake") -> None:
        self._limit = limit
        self._name = name
        self._queue: list[_Slot[Item, Result]] = []
        self._busy = False
        self._turn = threading.Condition()
        self._executor: ThreadPoolExecutor | None = None

    def submit(self, item: Item, write: Write[Item, Result]) -> Result:
        """Wait until ``item`` is written; its result, or the error its write met.

        ``write(items)`` must return one result per item, in order, all in one transaction. Every caller of
        one instance must pass an equivalent ``write``: whoever writes uses its own for the whole batch.
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
                batch = self._take()
            try:
                _write_batch(batch, write)
            finally:
                with self._turn:
                    self._busy = False
                    self._hand_over(write)
                    self._turn.notify_all()
        if slot.error is not None:
            raise slot.error
        return slot.result  # type: ignore[return-value]

    async def submit_async(self, item: Item, write: Write[Item, Result]) -> Result:
        """:meth:`submit` for a caller on an event loop: the loop is never blocked."""
        future: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        with self._turn:
            self._queue.append(_Slot(item, future))
            if not self._busy:
                self._busy = True
                self._start_writer(write)
        return await future

    def _take(self) -> list[_Slot[Item, Result]]:
        batch = self._queue[: self._limit]
        del self._queue[: len(batch)]
        return batch

    def _hand_over(self, write: Write[Item, Result]) -> None:
        """After a thread's batch (the lock held): what is still queued goes on. A waiting thread takes it
        itself when woken; items of event loops alone need the writer thread."""
        if self._queue and all(slot.future is not None for slot in self._queue):
            self._busy = True
            self._start_writer(write)

    def _start_writer(self, write: Write[Item, Result]) -> None:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(1, self._name)
        self._executor.submit(self._drain, write)

    def _drain(self, write: Write[Item, Result]) -> None:
        """The writer thread: batch after batch while anything is queued."""
        while True:
            with self._turn:
                batch = self._take()
                if not batch:
                    self._busy = False
                    self._turn.notify_all()
                    return
            try:
                _write_batch(batch, write)
            finally:
                with self._turn:
                    self._turn.notify_all()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True)


def _write_batch(batch: list[_Slot[Item, Result]], write: Write[Item, Result]) -> None:
    """Write ``batch``; every slot gets its result or error, and every future is resolved on its loop."""
    outcomes: Sequence[tuple[Result | None, BaseException | None]]
    try:
        outcomes = write_each([slot.item for slot in batch], write)
    except BaseException as failure:  # not an item's (write_each hands those to their items): every caller's
        outcomes = [(None, failure)] * len(batch)
    waiting: dict[asyncio.AbstractEventLoop, list[_Slot[Item, Result]]] = {}
    for slot, (result, error) in zip(batch, outcomes, strict=True):
        slot.result, slot.error, slot.done = result, error, True
        if slot.future is not None:
            waiting.setdefault(slot.future.get_loop(), []).append(slot)
    for loop, slots in waiting.items():
        with contextlib.suppress(RuntimeError):  # a closed loop: nobody awaits these any more
            loop.call_soon_threadsafe(_settle, slots)


def _settle(slots: list[_Slot[Item, Result]]) -> None:
    for slot in slots:
        future = slot.future
        if future is None or future.done():  # a request that went away meanwhile
            continue
        if slot.error is not None:
            future.set_exception(slot.error)
        else:
            future.set_result(slot.result)  # type: ignore[arg-type]


def write_each(items: Sequence[Item], write: Write[Item, Result]) -> list[tuple[Result | None, Exception | None]]:
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
