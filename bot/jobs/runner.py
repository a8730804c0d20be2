"""Runs queued jobs: claims what is due, does it through the platform's ChatPort, retries what failed.

A platform outage or a 429 delays a job (``retry_after`` honoured); it is never dropped. A job
that fails for good (the platform says the request itself is wrong) is kept with its error.
Each run talks to the chat through an :class:`~bot.jobs.outbox.OutboxChat`: a retried job does not
post again what an earlier attempt posted, and posts to one channel are paced.

The runner's thread also runs the scheduler's tick (``tick``) each time it wakes up, before the jobs:
timers that fire queue jobs, which then run at once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import timedelta

from bot.core import Core
from bot.jobs.kinds import JOB_ACTIONS
from bot.jobs.outbox import OutboxChat, Pacer
from bot.jobs.schedule_kinds import PLAN_ACTIONS
from bot.ports import ChatError, ChatPort, ChatUnavailable, Job, StorageUnavailable

log = logging.getLogger("sirene.jobs")

LEASE_SECONDS = 60.0
BATCH = 50
MAX_BACKOFF = timedelta(minutes=5)
GIVE_UP_AFTER = 8
"""Attempts after which a job failing with a permanent platform error is set aside."""


def backoff(attempts: int) -> timedelta:
    """1 s after a first failed attempt, then 2, 4, 8… up to :data:`MAX_BACKOFF`."""
    return min(timedelta(seconds=2 ** min(max(attempts - 1, 0), 10)), MAX_BACKOFF)


class JobRunner:
    def __init__(self, core: Core, chats: Callable[[str], ChatPort], tick: Callable[[], int] | None = None,
                 pacer: Pacer | None = None) -> None:
        self._core = core
        self._chats = chats
        self._tick = tick
        self._pacer = pacer or Pacer()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._running = threading.Lock()
        """One ``run_due`` at a time per runner (it keeps the batch's finished jobs)."""
        self._finished: list[int] = []

    def wake(self) -> None:
        self._wake.set()

    def run_due(self) -> int:
        """Run every job that is due now; return how many ran (succeeded or not)."""
        with self._running:
            return self._run_due()

    def _run_due(self) -> int:
        ran = 0
        while not self._stop.is_set():
            with self._core.uow() as uow:
                jobs = uow.jobs.claim_due(self._core.now(), BATCH, LEASE_SECONDS)
                uow.commit()
            if not jobs:
                return ran
            blocked: set[int] = set()
            self._finished = []
            try:
                for job in jobs:
                    if job.incident_id is not None and job.incident_id in blocked:
                        self._postpone(job, timedelta(seconds=0), "waiting for an earlier job")
                        continue
                    if not self._run(job) and job.incident_id is not None:
                        blocked.add(job.incident_id)
                    ran += 1
            finally:
                self._flush_finished()
        return ran

    def _flush_finished(self) -> None:
        """Mark the batch's finished jobs done in one transaction (one disk flush, not one per job).

        A crash before this commit runs them again: every job is idempotent, and a post is found by
        its marker rather than sent twice."""
        if not self._finished:
            return
        with self._core.uow() as uow:
            for job_id in self._finished:
                uow.jobs.complete(job_id)
            uow.commit()
        self._finished = []

    def _run(self, job: Job) -> bool:
        assert job.id is not None
        action = JOB_ACTIONS.get(job.kind)
        try:
            if job.incident_id is None:
                plan_action = PLAN_ACTIONS.get(job.kind)
                if plan_action is None:
                    raise ChatError(f"unknown job kind {job.kind}")
                plan_action(self._core, self._outbox(job.payload["platform"], job), job.payload)
            else:
                if action is None:
                    raise ChatError(f"unknown job kind {job.kind}")
                with self._core.uow() as uow:
                    incident = uow.incidents.get(job.incident_id)
                if incident is None:
                    raise ChatError("incident gone")
                action(self._core, self._outbox(incident.platform, job), incident, job.payload)
        except StorageUnavailable:
            raise  # nothing can be recorded now: the lease runs out and the job is claimed again later
        except ChatUnavailable as exc:
            delay = timedelta(seconds=exc.retry_after) if exc.retry_after else backoff(job.attempts)
            log.warning("job %s (%s) postponed %ss: %s", job.id, job.kind, delay.total_seconds(), exc)
            self._postpone(job, delay, str(exc))
            return False
        except ChatError as exc:
            if job.attempts >= GIVE_UP_AFTER:
                log.error("job %s (%s) set aside after %s attempts: %s", job.id, job.kind, job.attempts, exc.code)
                self._complete(job)
                return True
            self._postpone(job, backoff(job.attempts), exc.code)
            return False
        except Exception as exc:
            log.exception("job %s (%s) failed", job.id, job.kind)
            self._postpone(job, backoff(job.attempts), type(exc).__name__)
            return False
        self._complete(job)
        return True

    def _outbox(self, platform: str, job: Job) -> OutboxChat:
        return OutboxChat(self._chats(platform), job, self._pacer)

    def _complete(self, job: Job) -> None:
        assert job.id is not None
        self._finished.append(job.id)

    def _postpone(self, job: Job, delay: timedelta, error: str) -> None:
        assert job.id is not None
        with self._core.uow() as uow:
            uow.jobs.retry(job.id, self._core.now() + delay, error)
            uow.commit()

    # ---- background thread ------------------------------------------------------------

    def start(self, poll_seconds: float) -> None:
        self._thread = threading.Thread(target=self._loop, args=(poll_seconds,), name="sirene-jobs", daemon=True)
        self._thread.start()

    def _loop(self, poll_seconds: float) -> None:
        while not self._stop.is_set():
            self._wake.wait(poll_seconds)
            self._wake.clear()
            if self._tick is not None:
                try:
                    self._tick()
                except StorageUnavailable as exc:  # an outage, not a bug: no traceback, the next tick retries
                    log.warning("scheduler tick: the database is unreachable (%s); retrying", exc)
                except Exception:
                    log.exception("scheduler tick failed; retrying")
            try:
                self.run_due()
            except StorageUnavailable as exc:
                log.warning("job runner: the database is unreachable (%s); retrying", exc)
            except Exception:
                log.exception("job runner failed; retrying")

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
