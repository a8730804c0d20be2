"""Group commit from an event loop (Slack's HTTP endpoint): deliveries arriving while a batch is written
share the next batch, each request gets its own answer, a failing item fails only its own request; and
callers on threads and on the loop share one queue."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.group_commit import GroupCommit
from tests.core.test_group_commit import Writer


async def _wait(event: threading.Event) -> None:
    while not event.is_set():
        await asyncio.sleep(0.005)


def test_requests_arriving_during_a_write_share_the_next_batch_and_each_gets_its_answer() -> None:
    writer = Writer()
    batcher = GroupCommit[int, int]()

    async def scenario() -> list[int]:
        first = asyncio.ensure_future(batcher.submit_async(0, writer))
        await _wait(writer.entered)
        others = [asyncio.ensure_future(batcher.submit_async(n, writer)) for n in range(1, 20)]
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
    batcher = GroupCommit[int, int]()

    async def scenario() -> list[int | str]:
        async def one(item: int) -> int | str:
            try:
                return await batcher.submit_async(item, writer)
            except ValueError as error:
                return str(error)
        return list(await asyncio.gather(*(one(item) for item in (1, 99, 3))))

    try:
        assert asyncio.run(scenario()) == [10, "unlucky item", 30]
    finally:
        batcher.close()


def test_a_batch_never_exceeds_the_limit() -> None:
    writer = Writer()
    batcher = GroupCommit[int, int](limit=4)

    async def scenario() -> list[int]:
        first = asyncio.ensure_future(batcher.submit_async(0, writer))
        await _wait(writer.entered)
        others = [asyncio.ensure_future(batcher.submit_async(n, writer)) for n in range(1, 10)]
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

    batcher = GroupCommit[int, int]()

    async def scenario() -> None:
        await batcher.submit_async(1, write)

    try:
        with pytest.raises(KeyboardInterrupt):
            asyncio.run(scenario())
    finally:
        batcher.close()


def test_callers_on_threads_and_on_the_loop_share_one_batch() -> None:
    writer = Writer()
    group = GroupCommit[int, int]()

    async def on_the_loop(pool: ThreadPoolExecutor) -> list[int]:
        first = asyncio.ensure_future(group.submit_async(0, writer))
        await _wait(writer.entered)
        threads = [pool.submit(group.submit, n, writer) for n in (1, 2)]
        loop_callers = [asyncio.ensure_future(group.submit_async(n, writer)) for n in (3, 4)]
        while len(group._queue) < 4:
            await asyncio.sleep(0.005)
        writer.release.set()
        return [await first, *[await caller for caller in loop_callers], *[t.result(5) for t in threads]]

    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            assert sorted(asyncio.run(on_the_loop(pool))) == [0, 10, 20, 30, 40]
    finally:
        group.close()
    assert writer.batches[0] == [0]
    assert sorted(writer.batches[1]) == [1, 2, 3, 4]


def test_what_loop_callers_queue_behind_a_thread_is_written_when_the_thread_is_done() -> None:
    writer = Writer()
    group = GroupCommit[int, int]()

    async def scenario(pool: ThreadPoolExecutor) -> list[int]:
        thread = pool.submit(group.submit, 0, writer)
        await _wait(writer.entered)
        loop_callers = [asyncio.ensure_future(group.submit_async(n, writer)) for n in (1, 2)]
        while len(group._queue) < 2:
            await asyncio.sleep(0.005)
        writer.release.set()
        return [thread.result(5), *[await caller for caller in loop_callers]]

    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            assert asyncio.run(scenario(pool)) == [0, 10, 20]
    finally:
        group.close()
    assert writer.batches == [[0], [1, 2]]
