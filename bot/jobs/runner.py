"""Runs queued jobs: claims what is due, does it through the platform's ChatPort, retries what failed.

A platform outage or a 429 delays a job (``retry_after`` honoured); it is never dropped. A job
that fails for good (the platform says the request itself is wrong) is kept with its error.
Each run talks to the chat through an :class:`~bot.jobs.outbox.OutboxChat`: a retried job does not
post again what an earlier attempt posted, and posts to one channel are paced: a post whose slot is later
puts its job back in the queue until then (:mod:`bot.jobs.pacing`), and the worker goes on with the jobs
of other conversations; an alarm wakes the workers when the slot comes.

Several worker threads run jobs side by side (one conversation's pacing or a slow platform call does
not hold up the others); jobs of one lane still run one after the other, because a job is not claimed
while an earlier one of its lane is unfinished. Logbook confirmations wait a moment (:data:`GATHER_SECONDS`)
so that a burst of tagged messages gathers, and a pile of them is confirmed by one line
(:func:`bot.jobs.kinds.confirm_burst`). A thread of its own runs the scheduler's tick
(``tick``) every period and whenever woken: timers that fire queue jobs, and wake the workers.
"""

from __future__ import annotations

import heapq
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from datetime import timedelta
from functools import partial

from bot.core import Core
from bot.domain.incident import Incident
from bot.jobs.kind import JobKind
from bot.jobs.kinds import JOB_ACTIONS
from bot.jobs.kinds import JobAction
from bot.jobs.kinds import burst_action
from bot.jobs.outbox import OutboxChat
from bot.jobs.outbox import Pacer
from bot.jobs.pacing import Paced
from bot.jobs.pacing import PostSlots
from bot.jobs.page_outreach import mail_instead
from bot.jobs.schedule_kinds import PLAN_ACTIONS
from bot.mail import MailRejected
from bot.mail import MailUnavailable
from bot.ports import ChatError
from bot.ports import ChatPort
from bot.ports import ChatUnavailable
from bot.ports import Job
from bot.ports import StorageUnavailable
from bot.ports import UnitOfWork
from bot.specs import MessageSpec
from bot.views.exercise import dress

log = logging.getLogger("sirene.jobs")

LEASE_SECONDS = 60.0
BATCH = 50
MAX_BACKOFF = timedelta(minutes=5)
GIVE_UP_AFTER = 8
"""Attempts after which a job failing with a permanent platform error is set aside."""


def backoff(attempts: int) -> timedelta:
    """1 s after a first failed attempt, then 2, 4, 8… up to :data:`MAX_BACKOFF`."""
    return min(timedelta(seconds=2 ** min(max(attempts - 1, 0), 10)), MAX_BACKOFF)


def _dress_drill(core: Core, platform: str, spec: MessageSpec, recipient: str | None) -> MessageSpec:
    """A drill's message with its EXERCISE label: in its recipient's language for a direct or ephemeral one, in
    the team's for a channel."""
    return dress(core.translator(platform, recipient) if recipient else core.team_translator(), spec)


BURST_AT = 20
"""Logbook confirmations of one incident in one claimed batch from which they are confirmed together (the
confirmations are piling up: a ✅ each would trail behind for minutes)."""
GATHER_SECONDS = 0.3
"""How long logbook confirmations wait for others before the workers look (a ✅ shows this much later; a
burst of tagged messages gathers into one pile)."""
BURST_MAX = 5000
"""At most this many confirmations in one."""
BURST_GATHER = timedelta(seconds=10)
"""A pile also takes the incident's confirmations due within this while (waiting for a slot of their own)."""

WORKERS = 3
"""Job threads per process."""
MIN_TICK_SLEEP = 0.1
"""Seconds the tick thread waits at least between two ticks."""


@dataclass
class _Batch:
    """What one claimed batch gathers while its jobs run (each worker thread has its own)."""

    finished: list[tuple[int, list[Callable[[UnitOfWork], None]]]] = field(default_factory=list)
    """Jobs done, with the small writes to make when they are marked done."""
    incidents: dict[int, Incident] = field(default_factory=dict)
    """Incidents read for the batch's logbook confirmations (which need only the platform)."""
    paced: list[tuple[int, float, bool]] = field(default_factory=list)
    """Jobs whose post waits for its slot: (job id, seconds until the slot, whether the run posted nothing)."""


class JobRunner:
    def __init__(self, core: Core, chats: Callable[[str], ChatPort], tick: Callable[[], int] | None = None,
                 pacer: PostSlots | None = None, next_due: Callable[[], float | None] | None = None) -> None:
        self._core = core
        self._chats = chats
        self._tick = tick
        self._next_due = next_due
        """Seconds until the next timer is due: the tick thread wakes then rather than at its next period."""
        self._pacer: PostSlots = pacer or Pacer()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._tick_wake = threading.Event()
        self._threads: list[threading.Thread] = []
        self._soon: threading.Timer | None = None
        self._soon_lock = threading.Lock()
        self._alarms: list[float] = []
        """Moments (monotonic) at which paced jobs come due, earliest first; a timer rings for the first."""
        self._alarm: threading.Timer | None = None

    def wake(self) -> None:
        """Jobs were queued: the workers look now; the tick too (a timer may be due at once)."""
        self._wake.set()
        self._tick_wake.set()

    def wake_soon(self) -> None:
        """Jobs were queued that may wait :data:`GATHER_SECONDS` for others to join them (logbook
        confirmations): the workers look then, once for all that were queued meanwhile."""
        with self._soon_lock:
            if self._soon is not None or self._stop.is_set():
                return
            self._soon = threading.Timer(GATHER_SECONDS, self._gathered)
            self._soon.daemon = True
            self._soon.start()

    def _gathered(self) -> None:
        with self._soon_lock:
            self._soon = None
        self._wake.set()

    def _wake_in(self, seconds: float) -> None:
        """Wake the workers in ``seconds`` (a paced job's slot comes)."""
        with self._soon_lock:
            if self._stop.is_set():
                return
            heapq.heappush(self._alarms, time.monotonic() + seconds)
            self._arm()

    def _arm(self) -> None:
        """(Under ``_soon_lock``.) A timer for the earliest alarm, replacing a later one."""
        if not self._alarms:
            return
        delay = max(self._alarms[0] - time.monotonic(), 0.0)
        if self._alarm is not None:
            self._alarm.cancel()
        self._alarm = threading.Timer(delay, self._ring)
        self._alarm.daemon = True
        self._alarm.start()

    def _ring(self) -> None:
        with self._soon_lock:
            self._alarm = None
            now = time.monotonic()
            while self._alarms and self._alarms[0] <= now + 0.001:
                heapq.heappop(self._alarms)
            if not self._stop.is_set():
                self._arm()
        self._wake.set()

    def wake_tick(self) -> None:
        """The scheduler's period: tick now."""
        self._tick_wake.set()

    def run_due(self) -> int:
        """Run every job that is due now; return how many ran (succeeded or not)."""
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
            batch = _Batch()
            try:
                for job in self._confirm_bursts(jobs, batch):
                    if job.incident_id is not None and job.incident_id in blocked:
                        self._postpone(job, timedelta(seconds=0), "waiting for an earlier job")
                        continue
                    if not self._run(job, batch) and job.incident_id is not None:
                        blocked.add(job.incident_id)
                    ran += 1
            finally:
                self._flush_finished(batch)
        return ran

    def _flush_finished(self, batch: _Batch) -> None:
        """Mark the batch's finished jobs done and put its paced ones back, in one transaction (one disk
        flush, not one per job).

        A crash before this commit runs them again: every job is idempotent, and a post is found by
        its marker rather than sent twice."""
        if not batch.finished and not batch.paced:
            return
        now = self._core.now()
        with self._core.uow() as uow:
            for _, writes in batch.finished:
                for write in writes:
                    write(uow)
            if batch.finished:
                uow.jobs.complete(*(job_id for job_id, _ in batch.finished))
            for job_id, wait, uncount in batch.paced:
                uow.jobs.requeue(job_id, now + timedelta(seconds=wait), uncount)
            uow.commit()
        batch.finished.clear()
        if batch.paced:
            self._wake_in(min(wait for _, wait, _ in batch.paced))
            batch.paced.clear()

    def _confirm_bursts(self, jobs: list[Job], batch: _Batch) -> list[Job]:
        """Run each pile of one incident's logbook confirmations (at least :data:`BURST_AT` in the batch) as
        one, together with the incident's other waiting ones; return the jobs left to run one by one."""
        piles: dict[int, list[Job]] = {}
        for job in jobs:
            if job.kind == JobKind.LOG_CONFIRM and job.incident_id is not None and job.lane is None:
                piles.setdefault(job.incident_id, []).append(job)
        piles = {incident_id: pile for incident_id, pile in piles.items() if len(pile) >= BURST_AT}
        for incident_id, pile in piles.items():
            with self._core.uow() as uow:
                # With those waiting for a slot soon (an earlier pile's, the reactions' allowance): one line for all.
                now = self._core.now()
                pile += uow.jobs.claim_kind(now, JobKind.LOG_CONFIRM, incident_id, BURST_MAX, LEASE_SECONDS,
                                            due_by=now + BURST_GATHER)
                uow.commit()
            pile.sort(key=lambda job: job.id or 0)
            lead, others = pile[0], pile[1:]
            if self._run(lead, batch, burst_action([job.payload for job in pile])):
                batch.finished.extend((job.id, []) for job in others if job.id is not None)
            elif batch.paced and batch.paced[-1][0] == lead.id:
                # The burst's line waits for its slot: the pile waits with it (no attempt counted, no
                # backoff), so the line made then still covers it.
                wait = batch.paced[-1][1]
                batch.paced.extend((job.id, wait, True) for job in others if job.id is not None)
            elif others:
                with self._core.uow() as uow:  # one transaction for the whole pile
                    for job in others:
                        assert job.id is not None
                        uow.jobs.retry(job.id, self._core.now() + backoff(job.attempts),
                                       "waiting for its burst's confirmation")
                    uow.commit()
        return [job for job in jobs if job.kind != JobKind.LOG_CONFIRM or job.incident_id not in piles]

    def _run(self, job: Job, batch: _Batch, action: JobAction | None = None) -> bool:
        """Run ``job`` (with ``action`` rather than its kind's, when given); whether it is done."""
        assert job.id is not None
        kind = JobKind.named(job.kind)
        action = action or (JOB_ACTIONS.get(kind) if kind else None)
        outbox: OutboxChat | None = None
        try:
            if job.incident_id is None:
                plan_action = PLAN_ACTIONS.get(kind) if kind else None
                if plan_action is None:
                    raise ChatError(f"unknown job kind {job.kind}")
                outbox = self._outbox(job.payload["platform"], job)
                plan_action(self._core, outbox, job.payload)
            else:
                if action is None:
                    raise ChatError(f"unknown job kind {job.kind}")
                incident = self._incident(job, batch)
                outbox = self._outbox(incident.platform, job)
                if incident.exercise:  # every message about a drill says so
                    outbox.dress = partial(_dress_drill, self._core, incident.platform)
                action(self._core, outbox, incident, job.payload)
                batch.finished.append((job.id, outbox.deferred))
                return True
        except Paced as paced:
            # Back to the queue until its slot; the worker goes on with other conversations' jobs.
            batch.paced.append((job.id, paced.wait, outbox is None or outbox.sent == 0))
            return False
        except StorageUnavailable:
            raise  # nothing can be recorded now: the lease runs out and the job is claimed again later
        except ChatUnavailable as exc:
            delay = timedelta(seconds=exc.retry_after) if exc.retry_after else backoff(job.attempts)
            log.warning("job %s (%s) postponed %ss: %s", job.id, job.kind, delay.total_seconds(), exc)
            self._postpone(job, delay, str(exc))
            return False
        except MailUnavailable as exc:  # the mail server is away: the same mail (same Message-ID) goes later
            log.warning("job %s (%s) postponed %ss: %s", job.id, job.kind, backoff(job.attempts).total_seconds(), exc)
            self._postpone(job, backoff(job.attempts), str(exc))
            return False
        except (ChatError, MailRejected) as exc:
            code = exc.code if isinstance(exc, ChatError) else str(exc)
            if job.attempts >= GIVE_UP_AFTER:
                log.error("job %s (%s) set aside after %s attempts: %s", job.id, job.kind, job.attempts, code)
                batch.finished.append((job.id, []))
                return True
            self._postpone(job, backoff(job.attempts), code)
            return False
        except Exception as exc:
            log.exception("job %s (%s) failed", job.id, job.kind)
            self._postpone(job, backoff(job.attempts), type(exc).__name__)
            return False
        batch.finished.append((job.id, []))
        return True

    def _incident(self, job: Job, batch: _Batch) -> Incident:
        """The job's incident as it is now; a logbook confirmation (which reads only the platform) reuses
        one read earlier in the batch."""
        assert job.incident_id is not None
        known = batch.incidents.get(job.incident_id)
        if known is not None and job.kind in (JobKind.LOG_CONFIRM, JobKind.LOG_REACTION):
            return known
        with self._core.uow(read_only=True) as uow:
            incident = uow.incidents.get(job.incident_id)
        if incident is None:
            raise ChatError("incident gone")
        batch.incidents[job.incident_id] = incident
        return incident

    def _outbox(self, platform: str, job: Job) -> OutboxChat:
        return OutboxChat(self._chats(platform), job, self._pacer,
                          partial(mail_instead, self._core, platform, job.incident_id))

    def _postpone(self, job: Job, delay: timedelta, error: str) -> None:
        assert job.id is not None
        with self._core.uow() as uow:
            uow.jobs.retry(job.id, self._core.now() + delay, error)
            uow.commit()

    # ---- background thread ------------------------------------------------------------

    def start(self, poll_seconds: float, workers: int = WORKERS) -> None:
        self._threads = [threading.Thread(target=self._loop, args=(poll_seconds,), name=f"sirene-jobs-{n}",
                                          daemon=True) for n in range(workers)]
        if self._tick is not None:
            self._threads.append(threading.Thread(target=self._tick_loop, args=(poll_seconds,),
                                                  name="sirene-tick", daemon=True))
        for thread in self._threads:
            thread.start()

    def _tick_loop(self, poll_seconds: float) -> None:
        assert self._tick is not None
        sleep = poll_seconds
        while not self._stop.is_set():
            self._tick_wake.wait(sleep)
            if self._stop.wait(MIN_TICK_SLEEP):  # wake-ups in a burst (a busy channel) make one tick, not many
                return
            self._tick_wake.clear()
            sleep = poll_seconds
            try:
                if self._tick():
                    self._wake.set()
                upcoming = self._next_due() if self._next_due is not None else None
                if upcoming is not None:
                    sleep = min(poll_seconds, upcoming)
            except StorageUnavailable as exc:
                log.warning("scheduler tick: the database is unreachable (%s); retrying", exc)
            except Exception:
                log.exception("scheduler tick failed (the database is unreachable?); retrying")

    def _loop(self, poll_seconds: float) -> None:
        while not self._stop.is_set():
            self._wake.wait(poll_seconds)
            self._wake.clear()
            try:
                self.run_due()
            except StorageUnavailable as exc:
                log.warning("job runner: the database is unreachable (%s); retrying", exc)
            except Exception:
                log.exception("job runner failed; retrying")

    def stop(self) -> None:
        self._stop.set()
        with self._soon_lock:
            if self._soon is not None:
                self._soon.cancel()
            if self._alarm is not None:
                self._alarm.cancel()
        self._wake.set()
        self._tick_wake.set()
        for thread in self._threads:
            thread.join(timeout=10)
