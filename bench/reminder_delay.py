"""From a reminder's due time to its delivery at the (fake) platform (#8; target: the tick period + 1 s).

    .venv/bin/python -m bench.reminder_delay [--groups 3] [--per-group 3] [--spacing 8] [--sla 20s]
        [--reminders 25%,50%,75%,100%] [--acknowledge-within 8s] [--tick 2.0] [--load 5]
        [--database sqlite|postgresql]

The plan's minor SLA is seconds long, so its reminders, the escalation when it passes (a page to the IRP
manager and the owner) and the escalation waits (the backup paged, then the channel told nobody answered)
come due while the bench watches. Incidents are reported first, then classified minor in ``--groups``
bursts of ``--per-group``, ``--spacing`` seconds apart: the timers of one burst come due together, those
of different bursts interleave (with the defaults, 84 timers due between 5 s and 52 s after the first
burst). The scheduler runs at its production period (``SIRENE_TICK_SECONDS``, ``--tick``).

For every timer that fired, the due time is read from the database (``timer.due_at``) and the delivery is
the first bot message carrying its marker (the neutral spec's marker, in the message's first block id)
that the fake Slack received at or after that time (the message's ``ts``: the fake's clock when the call
came in). ``fired_*`` is the part of it before the tick fired the timer (``timer.fired_at``); the rest is
the job queue and the platform call. Two runs: idle, and with ``--load`` tagged messages per second into
the incident channels. Exit status 1 when a delivery is missing or later than the target.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine
from sqlalchemy import select

from bench.harness import fake_slack
from bench.harness import percentile
from bench.harness import report
from bench.harness import sirene
from bench.logbook_throughput import fresh_postgres
from bench.slack_client import AsyncSlack
from bench.slack_client import Timings
from storage.tables import INCIDENT
from storage.tables import PAGE
from storage.tables import TIMER
from tests.e2e.scheduler_world import OPERATOR
from tests.e2e.scheduler_world import driver
from tests.e2e.scheduler_world import fast_plan
from tests.e2e.scheduler_world import make_world
from tests.e2e.scheduler_world import marker_of
from tests.e2e.scheduler_world import reported
from tests.e2e.test_slack_story import triage_message
from tests.e2e.world import World
from tests.e2e.world import button
from tests.e2e.world import populate
from tests.e2e.world import wait_for
from tests.fakes.slack.http_driver import SlackDriver
from tests.fakes.slack.server import FakeSlack

MEASURED = ("reminder", "breach", "ack_wait")
TAGGER = "U0LOTTE"


@dataclass
class Delivery:
    kind: str
    key: str
    due: float
    fired: float
    delivered: float | None


class BackgroundTags:
    """``rate`` tagged messages per second, round robin over the incident channels known so far (own thread)."""

    def __init__(self, fake: FakeSlack, url: str, rate: float, channels: Callable[[], list[str]]) -> None:
        self.fake, self.url, self.rate, self.channels = fake, url, rate, channels
        self.timings = Timings()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._send()), name="background-tags")

    def __enter__(self) -> BackgroundTags:
        if self.rate > 0:
            self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    async def _send(self) -> None:
        async with httpx.AsyncClient(timeout=30) as client:
            slack = AsyncSlack(self.fake, self.url, client, self.timings)
            tasks: list[asyncio.Task[Any]] = []
            start = time.monotonic()
            for n in itertools.count():
                if self._stop.is_set():
                    break
                delay = start + n / self.rate - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
                channels = self.channels()
                channel = channels[n % len(channels)]
                self.fake.join(TAGGER, channel)
                tasks.append(asyncio.create_task(slack.tag("tag", TAGGER, channel, f"!action background step {n}")))
            await asyncio.gather(*tasks)


def classify_burst(world: World, slack: SlackDriver, numbers: list[str]) -> list[str]:
    """Click "minor" on each triage message, one right after the other; the incidents' channels."""
    for number in numbers:
        triage = triage_message(world, number)
        value = f"{number}|minor"
        assert slack.click(OPERATOR, world.helpdesk, triage.ts, button(triage, "sirene.classify", value),
                           value).status_code == 200
    return [wait_for(partial(channel_of, world.fake, number), timeout=30, what="the channel") for number in numbers]


def channel_of(fake: FakeSlack, number: str) -> str | None:
    base = f"inc-{number.lower().removeprefix('inc-')}-"
    return next((c.id for c in list(fake.channels.values()) if c.name.startswith(base)), None)


def timers(database_url: str, since: datetime) -> tuple[list[dict[str, Any]], dict[int, tuple[str, str]],
                                                           dict[str, int]]:
    """The measured timers due after ``since`` (not the RTO's, weeks away), incidents (number, channel), pages."""
    engine = create_engine(database_url)
    with engine.connect() as connection:
        rows = [dict(r._mapping) for r in connection.execute(
            select(TIMER.c.key, TIMER.c.kind, TIMER.c.incident_id, TIMER.c.due_at, TIMER.c.fired_at, TIMER.c.payload)
            .where(TIMER.c.kind.in_(MEASURED), TIMER.c.due_at >= since, TIMER.c.cancelled_at.is_(None)))]
        incidents = {int(i): (str(n), str(c)) for i, n, c in connection.execute(
            select(INCIDENT.c.id, INCIDENT.c.number, INCIDENT.c.channel_id))}
        pages = {str(k): int(i) for i, k in connection.execute(select(PAGE.c.id, PAGE.c.key)) if k}
    engine.dispose()
    horizon = since.timestamp() + 900  # the busy major incident's first reminder is an hour away
    return [r for r in rows if r["due_at"].timestamp() < horizon], incidents, pages


def markers(timer: dict[str, Any], incidents: dict[int, tuple[str, str]], pages: dict[str, int]) -> set[str]:
    """The markers of the messages this timer's firing sends."""
    number, _ = incidents[timer["incident_id"]]
    payload = timer["payload"]
    if timer["kind"] == "reminder":
        return {f"{number}:reminder:{payload['clock']}:{payload['percent']}"}
    if timer["kind"] == "breach":
        iid, due = timer["incident_id"], payload["due"]
        found = [pages.get(f"{iid}:{what}:{due}") for what in ("raise:sla", "overdue", "rto")]
        return {f"page:{p}" for p in found if p is not None}
    return {f"page:{payload['page']}", f"page:{payload['page']}:unanswered"}


def deliveries(fake: FakeSlack, database_url: str, since: datetime) -> tuple[list[Delivery], int]:
    """Every measured timer with its first delivery (None: not yet); and how many are still waiting to fire."""
    found, incidents, pages = timers(database_url, since)
    messages = sorted(((marker_of(m), float(m.ts)) for c in list(fake.channels.values())
                       for m in fake.messages(c.id) if m.bot_id), key=lambda pair: pair[1])
    out, pending = [], 0
    for timer in found:
        if timer["fired_at"] is None:
            pending += 1
            continue
        wanted, due = markers(timer, incidents, pages), timer["due_at"].timestamp()
        delivered = next((ts for marker, ts in messages if marker in wanted and ts >= due), None)
        out.append(Delivery(timer["kind"], timer["key"], due, timer["fired_at"].timestamp(), delivered))
    return out, pending


def scenario(database: str, tick: float, groups: int, per_group: int, spacing: float, sla: str,
             reminders: tuple[str, ...], acknowledge_within: str, load: float) -> tuple[list[Delivery], int]:
    """The deliveries, and how many problems were seen (server errors, contract violations, tags not taken)."""
    with tempfile.TemporaryDirectory() as folder, fake_slack() as fake:
        workdir = Path(folder)
        database_url = f"sqlite:///{workdir / 'sirene.db'}" if database == "sqlite" else fresh_postgres()
        helpdesk = populate(fake)
        plan = fast_plan(workdir / "plan.yaml", helpdesk, minor_sla=sla, reminders=reminders,
                         acknowledge_within=acknowledge_within)
        with sirene(fake, workdir, database_url, plan=plan, SIRENE_TICK_SECONDS=str(tick)) as server, \
                driver(server, fake) as slack:
            world = make_world(fake, server, helpdesk)
            busy = reported(world, slack, "Busy incident")  # major: its deadlines are hours away
            triage = triage_message(world, busy)
            assert slack.click(OPERATOR, helpdesk, triage.ts,
                               button(triage, "sirene.classify", f"{busy}|major")).status_code == 200
            channels = [wait_for(lambda: channel_of(fake, busy), what="the busy incident's channel")]
            numbers = [reported(world, slack, f"Reminder bench {n + 1}") for n in range(groups * per_group)]
            since = datetime.now(UTC)
            url = f"{server.url}/slack/events"
            with BackgroundTags(fake, url, load, lambda: list(channels)) as background:
                first = time.monotonic()
                for g in range(groups):
                    wait = first + g * spacing - time.monotonic()
                    if wait > 0:
                        time.sleep(wait)
                    channels += classify_burst(world, slack, numbers[g * per_group:(g + 1) * per_group])
                deadline = time.monotonic() + 600
                while time.monotonic() < deadline:
                    found, pending = deliveries(fake, database_url, since)
                    if found and not pending and all(d.delivered is not None for d in found):
                        break
                    time.sleep(0.5)
            explain(fake, found, f"{database}, {load:g} tags/s", time.time() - (time.monotonic() - first))
            print(f"{database}, {load:g} tags/s: load average (1, 5, 15 min) {os.getloadavg()}")
            errors = [line for line in server.log().splitlines() if " ERROR " in line or "Traceback" in line]
            if errors:
                print(f"{database} load {load}/s: server errors:\n" + "\n".join(errors[:20]))
            if fake.violations:
                print(f"{database} load {load}/s: contract violations:\n" + "\n".join(fake.violations[:20]))
            failures = sum(1 for samples in background.timings.samples.values() for _, s in samples if s != 200)
            if failures:
                print(f"{database} load {load}/s: {failures} background tags not answered 200")
            return found, len(errors) + len(fake.violations) + failures


def explain(fake: FakeSlack, found: list[Delivery], run: str, origin: float) -> None:
    """Print the latest delivery of each kind with the Web API calls the fake received between its due time and
    its delivery (what the job runner was busy with meanwhile). Times in seconds after the first burst."""
    delivered = [d for d in found if d.delivered is not None]
    late = [max((d for d in delivered if d.kind == kind), key=lambda d: (d.delivered or 0) - d.due)
            for kind in MEASURED if any(d.kind == kind for d in delivered)]
    calls = list(fake.calls)
    for d in late:
        assert d.delivered is not None
        between = [c for c in calls if d.due <= c.at <= d.delivered]
        summary = Counter(f"{c.method} {c.args.get('channel', '')}".strip() for c in between)
        print(f"{run}: {d.key} due {d.due - origin:.2f}, fired {d.fired - origin:.2f}, delivered "
              f"{d.delivered - origin:.2f} ({(d.delivered - d.due) * 1000:.0f} ms); meanwhile the fake received "
              f"{len(between)} calls: {dict(summary.most_common(8))}")


def rows_for(name: str, found: list[Delivery], tick: float) -> list[dict[str, Any]]:
    target = tick + 1.0
    rows = []
    for kind in (*MEASURED, "all"):
        chosen = [d for d in found if kind in ("all", d.kind)]
        delays = [(d.delivered - d.due) * 1000 for d in chosen if d.delivered is not None]
        fired = [(d.fired - d.due) * 1000 for d in chosen]
        rows.append({"run": name, "timers": kind, "count": len(chosen), "delivered": len(delays),
                     "p50_ms": percentile(delays, 0.50), "p99_ms": percentile(delays, 0.99),
                     "max_ms": max(delays) if delays else float("nan"),
                     "fired_p50_ms": percentile(fired, 0.50), "fired_max_ms": max(fired, default=float("nan")),
                     "over_target": sum(1 for d in delays if d > target * 1000), "tick_s": tick,
                     "target_ms": target * 1000})
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--groups", type=int, default=3, help="bursts of classifications")
    parser.add_argument("--per-group", type=int, default=3, help="incidents classified together in a burst")
    parser.add_argument("--spacing", type=float, default=8.0, help="seconds between two bursts")
    parser.add_argument("--sla", default="20s", help="the minor SLA of the plan (its reminders and escalation)")
    parser.add_argument("--reminders", default="25%,50%,75%,100%", help="the plan's reminders, in shares of the SLA")
    parser.add_argument("--acknowledge-within", default="8s", help="the escalation wait (off: no waits)")
    parser.add_argument("--tick", type=float, default=2.0, help="SIRENE_TICK_SECONDS (production default 2)")
    parser.add_argument("--load", type=float, default=5.0, help="tagged messages per second in the second run")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    rows: list[dict[str, Any]] = []
    problems = 0
    for load in (0.0, args.load):
        name = f"{args.database}, idle" if not load else f"{args.database}, {load:g} tags/s"
        found, seen = scenario(args.database, args.tick, args.groups, args.per_group, args.spacing, args.sla,
                               tuple(args.reminders.split(",")), args.acknowledge_within, load)
        problems += seen
        rows += rows_for(name, found, args.tick)
    report("reminder_delay", rows, {"max_ms": f"≤ tick period + 1 s ({(args.tick + 1) * 1000:.0f} ms)",
                                    "over_target": "0",
                                    "delivered": "= count"})
    late = sum(r["over_target"] + r["count"] - r["delivered"] for r in rows if r["timers"] == "all")
    return 1 if late or problems else 0


if __name__ == "__main__":
    sys.exit(main())
