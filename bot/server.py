"""A running Sirene: what it is made of (built by the composition root) and what starts and stops with its
HTTP server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from collections.abc import Awaitable
from collections.abc import Callable
from collections.abc import MutableMapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractAsyncContextManager
from contextlib import asynccontextmanager
from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler

from bot.core import Core
from bot.jobs.runner import JobRunner
from bot.ports import ChatPort
from bot.scheduler.tick import prepare
from bot.settings import Settings

Message = MutableMapping[str, Any]
AsgiApp = Callable[[MutableMapping[str, Any], Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]],
                   Awaitable[None]]
"""What an ASGI server serves (scope, receive, send)."""


@dataclass
class Sirene:
    """Everything a running Sirene is made of; ``asgi`` is what the HTTP server serves."""

    settings: Settings
    core: Core
    runner: JobRunner
    asgi: AsgiApp
    chats: dict[str, ChatPort]
    executor: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(8, "sirene-reply"))
    starters: list[Callable[[], Callable[[], None]]] = field(default_factory=list)
    """Connections started with the server (Socket Mode); each returns its stop function."""
    closers: list[Callable[[], None]] = field(default_factory=list)
    """What to close when the server stops (after the HTTP server has stopped taking requests)."""
    sandbox_url: str | None = None
    """Where the local sandbox is served, when it runs."""
    periodic: list[tuple[str, float, Callable[[], object]]] = field(default_factory=list)
    """Housekeeping run every so many seconds while the server runs (id, seconds, what)."""


def lifespan(sirene: Sirene) -> Callable[[object], AbstractAsyncContextManager[None]]:
    """What starts and stops with the HTTP server: the tick's wake-ups, housekeeping, the job runner, the
    platforms' connections; on the way out, what has to be closed."""
    @asynccontextmanager
    async def serving(_: object) -> AsyncIterator[None]:
        prepare(sirene.core)
        # This job only wakes the runner's tick thread, which fires what is due and wakes the job workers.
        # Everything that matters is in the database: a missed wake-up delays, it never skips.
        scheduler = BackgroundScheduler(timezone="UTC")
        scheduler.add_job(sirene.runner.wake_tick, "interval", seconds=sirene.settings.sirene_tick_seconds,
                          id="sirene-tick", coalesce=True, max_instances=1, next_run_time=datetime.now(UTC))
        for job_id, seconds, work in sirene.periodic:
            scheduler.add_job(work, "interval", seconds=seconds, id=job_id, coalesce=True, max_instances=1,
                              next_run_time=datetime.now(UTC) + timedelta(seconds=60))
        sirene.runner.start(poll_seconds=sirene.settings.sirene_tick_seconds)
        scheduler.start()
        sirene.runner.wake()
        stops = [start() for start in sirene.starters]
        try:
            yield
        finally:
            scheduler.shutdown(wait=False)
            for stop in stops:
                stop()
            sirene.runner.stop()
            for close in sirene.closers:
                close()
            sirene.executor.shutdown(wait=False)

    return serving
