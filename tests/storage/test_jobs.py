from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC
from datetime import datetime
from datetime import timedelta

import pytest

from bot.ports import Job
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.storage.builders import T0
from tests.storage.builders import new_incident


def _incident(uow_factory: SqlUnitOfWorkFactory) -> int:
    with uow_factory() as uow:
        incident_id = uow.incidents.add(new_incident()).id
        uow.commit()
    assert incident_id is not None
    return incident_id


def _claim(uow_factory: SqlUnitOfWorkFactory, now: datetime, limit: int = 10, lease: float = 60) -> list[Job]:
    with uow_factory() as uow:
        jobs = uow.jobs.claim_due(now, limit, lease)
        uow.commit()
    return jobs


def test_due_jobs_are_claimed_in_queue_order_with_their_payload(uow_factory: SqlUnitOfWorkFactory) -> None:
    incident_id = _incident(uow_factory)
    with uow_factory() as uow:
        uow.jobs.enqueue(Job("b", incident_id, {"n": "2"}), T0 + timedelta(seconds=2))
        uow.jobs.enqueue(Job("a", incident_id, {"n": "1", "text": "é ✓"}), T0 + timedelta(seconds=1))
        uow.jobs.enqueue(Job("later", None, {}), T0 + timedelta(hours=1))
        uow.commit()

    assert _claim(uow_factory, T0) == []
    claimed = _claim(uow_factory, T0 + timedelta(seconds=5))
    assert [(job.kind, job.incident_id, job.payload, job.attempts) for job in claimed] == [
        ("b", incident_id, {"n": "2"}, 1),
        ("a", incident_id, {"n": "1", "text": "é ✓"}, 1),
    ]
    assert all(job.id is not None for job in claimed)
    with uow_factory() as uow:
        assert uow.jobs.pending() == 3 and uow.jobs.pending(incident_id) == 2


def test_the_limit_is_honoured(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        for n in range(5):
            uow.jobs.enqueue(Job("k", None, {"n": str(n)}), T0)
        uow.commit()
    assert [job.payload["n"] for job in _claim(uow_factory, T0, limit=2)] == ["0", "1"]
    assert [job.payload["n"] for job in _claim(uow_factory, T0, limit=10)] == ["2", "3", "4"]
    assert _claim(uow_factory, T0, limit=0) == []


def test_a_leased_job_comes_back_when_its_lease_runs_out(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.jobs.enqueue(Job("k", None, {}), T0)
        uow.commit()
    (first,) = _claim(uow_factory, T0, lease=30)
    assert _claim(uow_factory, T0 + timedelta(seconds=10)) == []
    assert _claim(uow_factory, T0 + timedelta(seconds=30)) == []
    (again,) = _claim(uow_factory, T0 + timedelta(seconds=31), lease=30)
    assert again.id == first.id and (first.attempts, again.attempts) == (1, 2)


def test_retry_releases_the_lease_until_not_before_and_complete_ends_it(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    with uow_factory() as uow:
        uow.jobs.enqueue(Job("k", None, {}), T0)
        uow.commit()
    (job,) = _claim(uow_factory, T0, lease=300)
    assert job.id is not None
    with uow_factory() as uow:
        uow.jobs.retry(job.id, T0 + timedelta(seconds=20), "rate limited")
        uow.commit()
    assert _claim(uow_factory, T0 + timedelta(seconds=19)) == []
    (retried,) = _claim(uow_factory, T0 + timedelta(seconds=20))  # well within the old lease
    assert retried.id == job.id and retried.attempts == 2
    with uow_factory() as uow:
        uow.jobs.complete(job.id)
        uow.commit()
    with uow_factory() as uow:
        assert uow.jobs.pending() == 0
    assert _claim(uow_factory, T0 + timedelta(days=1)) == []


def test_a_dedupe_key_enqueues_once(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.jobs.enqueue(Job("k", None, {"v": "1"}), T0, dedupe_key="once")
        uow.jobs.enqueue(Job("k", None, {"v": "2"}), T0, dedupe_key="once")
        uow.jobs.enqueue(Job("k", None, {"v": "3"}), T0, dedupe_key="other")
        uow.commit()
    with uow_factory() as uow:
        uow.jobs.enqueue(Job("k", None, {"v": "4"}), T0, dedupe_key="once")  # a later transaction too
        uow.jobs.enqueue(Job("k", None, {"v": "5"}), T0)
        uow.commit()
    assert [job.payload["v"] for job in _claim(uow_factory, T0)] == ["1", "3", "5"]


def test_a_rolled_back_enqueue_leaves_nothing(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.jobs.enqueue(Job("k", None, {}), T0, dedupe_key="k1")
    with uow_factory() as uow:
        assert uow.jobs.pending() == 0
        uow.jobs.enqueue(Job("k", None, {}), T0, dedupe_key="k1")
        uow.commit()
    with uow_factory() as uow:
        assert uow.jobs.pending() == 1


def test_concurrent_claimers_never_get_the_same_job(uow_factory: SqlUnitOfWorkFactory) -> None:
    jobs, threads = 60, 8
    with uow_factory() as uow:
        for n in range(jobs):
            uow.jobs.enqueue(Job("k", None, {"n": str(n)}), T0)
        uow.commit()
    start = threading.Barrier(threads)
    claimed: list[int] = []
    lock = threading.Lock()

    def claimer(_: int) -> None:
        start.wait()
        for _round in range(jobs):  # bounded; ends as soon as everything is taken
            batch = _claim(uow_factory, T0 + timedelta(seconds=1), limit=3, lease=600)
            with lock:
                claimed.extend(job.id for job in batch if job.id is not None)
                if len(claimed) >= jobs:
                    return

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(claimer, range(threads)))

    duplicates = [job_id for job_id, times in Counter(claimed).items() if times > 1]
    assert duplicates == []
    assert len(claimed) == jobs
    assert _claim(uow_factory, T0 + timedelta(seconds=2)) == []


def test_a_lane_runs_in_order_and_waits_for_its_earlier_jobs(uow_factory: SqlUnitOfWorkFactory) -> None:
    incident_id = _incident(uow_factory)
    with uow_factory() as uow:
        uow.jobs.enqueue(Job("first", incident_id, {}, lane="incident:1"), T0)
        uow.jobs.enqueue(Job("second", incident_id, {}, lane="incident:1"), T0)
        uow.jobs.enqueue(Job("other-lane", incident_id, {}, lane="incident:2"), T0)
        uow.jobs.enqueue(Job("no-lane", incident_id, {}), T0)
        uow.commit()
    claimed = _claim(uow_factory, T0)
    assert [job.kind for job in claimed] == ["first", "other-lane", "no-lane"]
    first = claimed[0]
    assert first.id is not None
    with uow_factory() as uow:  # the first job fails and is postponed: the second must keep waiting
        uow.jobs.retry(first.id, T0 + timedelta(minutes=1), "ratelimited")
        for done in claimed[1:]:
            assert done.id is not None
            uow.jobs.complete(done.id)
        uow.commit()
    assert _claim(uow_factory, T0 + timedelta(seconds=30)) == []
    assert [job.kind for job in _claim(uow_factory, T0 + timedelta(minutes=2))] == ["first"]
    with uow_factory() as uow:
        uow.jobs.complete(first.id)
        uow.commit()
    assert [job.kind for job in _claim(uow_factory, T0 + timedelta(minutes=2))] == ["second"]


def test_jobs_enqueued_in_a_batch_are_stored_together_and_not_at_all_when_it_fails(
        uow_factory: SqlUnitOfWorkFactory) -> None:
    now = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    with uow_factory() as uow:
        with uow.jobs.batched():
            uow.jobs.enqueue(Job("log.confirm", None, {"n": "1"}), now, "key-1")
            uow.jobs.enqueue(Job("log.confirm", None, {"n": "2"}), now)
            uow.jobs.enqueue(Job("log.confirm", None, {"n": "1 again"}), now, "key-1")  # the key was used
            assert uow.jobs.pending() == 0  # held until the block ends
        assert uow.jobs.pending() == 2
        with pytest.raises(RuntimeError), uow.jobs.batched():
            uow.jobs.enqueue(Job("log.confirm", None, {"n": "3"}), now)
            raise RuntimeError("the firing failed")
        uow.commit()
    with uow_factory() as uow:
        claimed = uow.jobs.claim_due(now, 10, 60)
    assert sorted(job.payload["n"] for job in claimed) == ["1", "2"]
