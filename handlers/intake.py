"""Group commit for requests answered on the event loop: deliveries that arrive while a batch is being
written wait for the next batch, and the next batch goes as soon as the writer is free.

Everything here runs on the event loop's thread (no locks, no thread per waiting request); only the
write itself runs on the batcher's own thread. Each request is answered once its item is committed.
A batch that fails is written again item by item (:func:`bot.group_commit.write_each`): an error
reaches only the request whose item caused it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Generic, TypeVar

from bot.group_commit import write_each

Item = TypeVar("Item")
Result = TypeVar("Result")


class AsyncBatcher(Generic[Item, Result]):
    def __init__(self, write: Callable[[Sequence[Item]], Sequence[Result]], limit: int = 200,
                 name: str = "sirene-intake") -> None:
        self._write = write
        self._limit = limit
        self._name = name
        self._executor: ThreadPoolExecutor | None = None
        self._waiting: list[tuple[Item, asyncio.Future[Result]]] = []
        self._busy = False

    async def submit(self, item: Item) -> Result:
        """Returns ``item``'s result once its batch is committed; raises the error its write met."""
        future: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, future))
        if not self._busy:
            self._next()
        return await future

    def _next(self) -> None:
        batch, self._waiting = self._waiting[: self._limit], self._waiting[self._limit:]
        if not batch:
            self._busy = False
            return
        self._busy = True
        if self._executor is None:
            self._executor = ThreadPoolExecutor(1, self._name)
        items = [item for item, _ in batch]
        running = asyncio.get_running_loop().run_in_executor(self._executor, write_each, items, self._write)
        running.add_done_callback(lambda done: self._settle(batch, done))

    def _settle(self, batch: list[tuple[Item, asyncio.Future[Result]]],
                done: asyncio.Future[list[tuple[Result | None, Exception | None]]]) -> None:
        error = done.exception()
        outcomes = done.result() if error is None else [(None, error)] * len(batch)
        for (_, future), (result, failure) in zip(batch, outcomes, strict=True):
            if future.cancelled():
                continue
            if failure is not None:
                future.set_exception(failure)
            else:
                future.set_result(result)  # type: ignore[arg-type]
        self._next()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True)
