"""Group commit: callers arriving together share one write, each gets its own answer, a failing item
fails only its own caller."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.group_commit import GroupCommit


class Writer:
    """Records the batches it was given; the first one waits until ``release`` so others pile up."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []
        self.threads: set[str] = set()
        self.release = threading.Event()
        self.entered = threading.Event()

    def __call__(self, items: Sequence[int]) -> list[int]:
        self.threads.add(threading.current_thread().name)
        self.entered.set()
        self.release.wait(5)
        if 99 in items:
            raise ValueError("unlucky item")
        self.batches.append(list(items))
        return [item * 10 for item in items]


def test_a_lone_caller_writes_its_own_item() -> None:
    writer = Writer()
    writer.release.set()
    assert GroupCommit[int, int]().submit(4, writer) == 40
    assert writer.batches == [[4]]


def test_callers_that_arrive_while_a_write_runs_share_the_next_one() -> None:
    group, writer = GroupCommit[int, int](), Writer()
    with ThreadPoolExecutor(max_workers=20) as pool:
        first = pool.submit(group.submit, 0, writer)
        assert writer.entered.wait(5)
        others = [pool.submit(group.submit, n, writer) for n in range(1, 20)]
        while len(group._queue) < 19:  # all queued behind the running write
            threading.Event().wait(0.01)
        writer.release.set()
        assert first.result(5) == 0
        assert [f.result(5) for f in others] == [n * 10 for n in range(1, 20)]
    assert writer.batches == [[0], list(range(1, 20))]


def test_the_limit_splits_a_long_queue_in_order() -> None:
    group, writer = GroupCommit[int, int](limit=5), Writer()
    with ThreadPoolExecutor(max_workers=13) as pool:
        first = pool.submit(group.submit, 0, writer)
        assert writer.entered.wait(5)
        others = [pool.submit(group.submit, n, writer) for n in range(1, 13)]
        while len(group._queue) < 12:
            threading.Event().wait(0.01)
        writer.release.set()
        assert [f.result(5) for f in [first, *others]] == [n * 10 for n in range(13)]
    assert [len(batch) for batch in writer.batches] == [1, 5, 5, 2]
    assert [n for batch in writer.batches for n in batch] == list(range(13))


def test_a_failing_item_fails_its_caller_only() -> None:
    group, writer = GroupCommit[int, int](), Writer()
    with ThreadPoolExecutor(max_workers=5) as pool:
        first = pool.submit(group.submit, 1, writer)
        assert writer.entered.wait(5)
        others = {n: pool.submit(group.submit, n, writer) for n in (12, 99, 14)}
        while len(group._queue) < 3:
            threading.Event().wait(0.01)
        writer.release.set()
        assert first.result(5) == 10
        assert others[12].result(5) == 120 and others[14].result(5) == 140
        with pytest.raises(ValueError, match="unlucky"):
            others[99].result(5)
    assert writer.batches == [[1], [12], [14]]  # the batch [12, 99, 14] failed and was retried one by one
