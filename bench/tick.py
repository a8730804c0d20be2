"""One scheduler tick with many open incidents and pending reminders, of which a few are due.

    .venv/bin/python -m bench.tick [--incidents 1000 10000] [--due 100] [--database sqlite|postgresql|both]

Each incident holds ten pending reminders (so 10,000 incidents → 100,000 timers); ``--due`` of them are
due now (plus a few fired by a warm-up tick first, as in a running server). The tick claims, fires and
records those (state, logbook, outbox jobs), one transaction per chunk.
The cost must grow with the number due, not with the number stored.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bench.harness import add_database_option
from bench.harness import chosen_databases
from bench.harness import report
from bench.scaling import database
from bench.scaling import insert_batched
from bot.clock import FixedClock
from bot.core import Core
from bot.directory import Directory
from bot.domain.incident import Incident
from bot.domain.incident import incident_number
from bot.domain.phase import Phase
from bot.domain.severity import Severity
from bot.plan_loader import load_plan
from bot.scheduler.deadlines import stamp
from bot.scheduler.tick import tick
from storage.engine import make_engine
from storage.mapping import incident_values
from storage.tables import INCIDENT
from storage.tables import TIMER
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.e2e.server import REPO

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
PER_INCIDENT = 10
WARM_UP = 10
"""Timers fired by a first tick before the measured one: a running server's tick has its statements
compiled and its mappers configured (a cold first tick in a fresh process costs ~0.1 s more)."""


def seed(url: str, incidents: int, due: int) -> None:
    engine = make_engine(url)

    def incidents_rows() -> Iterator[dict[str, Any]]:
        for n in range(1, incidents + 1):
            started = NOW - timedelta(hours=4)
            incident = Incident(number=incident_number(2026, n), platform="slack", title=f"Incident {n}",
                                description="", detected_at=started, reported_at=started, reporter_id="U0EMPLOYEE",
                                severity=Severity.MINOR, phase=Phase.ACTIVATION, owner_id="U0DRIES",
                                classified_by="U0DRIES", classified_at=started, sla_due=started + timedelta(hours=8),
                                channel_id=f"C{n:09d}")
            incident.sla_started_at = started
            yield {**incident_values(incident), "version": 0}

    insert_batched(engine, INCIDENT, incidents_rows())
    with engine.connect() as connection:
        ids = [row[0] for row in connection.execute(select(INCIDENT.c.id).order_by(INCIDENT.c.id))]
    def timer_rows() -> Iterator[dict[str, Any]]:
        sla_due = NOW + timedelta(hours=4)
        for index, incident_id in enumerate(ids):
            for k in range(PER_INCIDENT):
                is_due = k == 0 and index < due + WARM_UP
                overdue = timedelta(seconds=2 if index < WARM_UP else 1)  # the warm-up tick takes the most overdue
                when = NOW - overdue if is_due else NOW + timedelta(minutes=5 + k * 7 + index % 60)
                yield {"key": f"bench:{incident_id}:{k}", "kind": "reminder", "incident_id": incident_id,
                       "due_at": when, "created_at": NOW - timedelta(hours=4), "attempts": 0,
                       "payload": {"clock": "sla", "percent": "50", "due": stamp(sla_due)}}

    insert_batched(engine, TIMER, timer_rows(), size=20000)
    engine.dispose()


def measure(url: str, due: int) -> tuple[float, float, int]:
    plan = load_plan(REPO / "plan.example.yaml")
    core = Core(plan, Directory(plan), SqlUnitOfWorkFactory(make_engine(url)), FixedClock(NOW),
                platforms=("slack",))
    tick(core, limit=WARM_UP)
    started, cpu = time.perf_counter(), time.process_time()
    fired = tick(core, limit=max(due, 1) * 2)
    return (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000, fired


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--incidents", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--due", type=int, default=100)
    add_database_option(parser)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as folder:
        for kind in chosen_databases(args):
            for incidents in args.incidents:
                samples, cpu_samples, fired = [], [], 0
                for _ in range(args.repeats):
                    url = database(kind, Path(folder))
                    seed(url, incidents, args.due)
                    elapsed, cpu, fired = measure(url, args.due)
                    samples.append(elapsed)
                    cpu_samples.append(cpu)
                rows.append({"database": kind, "incidents": incidents, "timers": incidents * PER_INCIDENT,
                             "due": args.due, "fired": fired, "tick_ms_median": statistics.median(samples),
                             "per_timer_ms": statistics.median(samples) / max(fired, 1),
                             "tick_cpu_ms_median": statistics.median(cpu_samples)})
    report("tick", rows, {"tick": "< 50 ms with 10,000 incidents, 100,000 timers, 100 due; grows with the due"})


if __name__ == "__main__":
    main()
