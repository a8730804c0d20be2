"""The event loop's group commit: deliveries arriving while a batch is written share the next batch,
each request gets its own answer, a failing item fails only its own request."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence

import pytest

from handlers.intake import AsyncBatcher
from tests.core.test_group_commit import Writer


async def _wait(event: threading.Event) -> None:
    while not event.is_set():
        await asyncio.sleep(0.005)


def test_requests_arriving_during_a_write_share_the_next_batch_and_each_gets_its_answer() -> None:
    writer = Writer()
    batcher: AsyncBatcher[int, int] = AsyncBatcher(writer)

    async def scenario() -> list[int]:
        first = asyncio.ensure_future(batcher.submit(0))
        await _wait(writer.entered)
        others = [asyncio.ensure_future(batcher.submit(n)) for n in range(1, 20)]
        await asyncio.sleep(0.05)
        writer.release.set()
        return [await first, *[await other for other in others]]

    try:
        assert asyncio.run(scenario()) == [n * 10 for n in range(20)]
    finally:
        batcher.close()
    assert writer.batches == [[0], list(range(1, 20))]
    assert writer.threads == {"sirene-intake_0"}  # writes leave the event loop's thread


def test_a_failing_item_fails_only_its_own_request() -> None:
    writer = Writer()
    writer.release.set()
    batcher: AsyncBatcher[int, int] = AsyncBatcher(writer)

    async def scenario() -> list[int | str]:
        async def one(item: int) -> int | str:
            try:
                return await batcher.submit(item)
            except ValueError as error:
                return str(error)
        return list(await asyncio.gather(*(one(item) for item in (1, 99, 3))))

    try:
        assert asyncio.run(scenario()) == [10, "unlucky item", 30]
    finally:
        batcher.close()


def test_a_batch_never_exceeds_the_limit() -> None:
    writer = Writer()
    batcher: AsyncBatcher[int, int] = AsyncBatcher(writer, limit=4)

    async def scenario() -> list[int]:
        first = asyncio.ensure_future(batcher.submit(0))
        await _wait(writer.entered)
        others = [asyncio.ensure_future(batcher.submit(n)) for n in range(1, 10)]
        await asyncio.sleep(0.05)
        writer.release.set()
        return [await first, *[await other for other in others]]

    try:
        assert asyncio.run(scenario()) == [n * 10 for n in range(10)]
    finally:
        batcher.close()
    assert writer.batches == [[0], [1, 2, 3, 4], [5, 6, 7, 8], [9]]


def test_an_error_that_is_not_an_exception_reaches_every_request_of_the_batch() -> None:
    def write(items: Sequence[int]) -> list[int]:
        raise KeyboardInterrupt

    batcher: AsyncBatcher[int, int] = AsyncBatcher(write)

    async def scenario() -> None:
        await batcher.submit(1)

    try:
        with pytest.raises(KeyboardInterrupt):
            asyncio.run(scenario())
    finally:
        batcher.close()
