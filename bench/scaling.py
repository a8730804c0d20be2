"""How the cost grows with the number of incidents a company accumulates: ``/incident list`` at
1k, 10k and 100k stored incidents (a tenth of them open), on SQLite and PostgreSQL.

    .venv/bin/python -m bench.scaling [--sizes 1000 10000 100000] [--database sqlite|postgresql|both]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterable
from collections.abc import Iterator
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy import Table
from sqlalchemy import insert

from bench.harness import add_database_option
from bench.harness import chosen_databases
from bench.harness import fresh_postgres
from bench.harness import report
from bot.clock import FixedClock
from bot.core import Actor
from bot.core import Core
from bot.directory import Directory
from bot.domain.incident import Incident
from bot.domain.incident import incident_number
from bot.domain.phase import Phase
from bot.domain.severity import Severity
from bot.plan_loader import load_plan
from bot.usecases.queries import show_list
from storage.engine import make_engine
from storage.mapping import incident_values
from storage.migrate import upgrade
from storage.tables import INCIDENT
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.e2e.server import REPO

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def database(kind: str, folder: Path) -> str:
    """A new database of ``kind`` (an SQLite file in ``folder``), migrated to the newest schema; its URL."""
    url = f"sqlite:///{folder / f'scale-{uuid.uuid4().hex[:6]}.db'}" if kind == "sqlite" else fresh_postgres()
    upgrade(url)
    return url


def insert_batched(engine: Engine, table: Table, rows: Iterable[dict[str, Any]], size: int = 5000) -> None:
    """Insert ``rows`` into ``table``, ``size`` per transaction (seeding large databases)."""
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            with engine.begin() as connection:
                connection.execute(insert(table), batch)
            batch = []
    if batch:
        with engine.begin() as connection:
            connection.execute(insert(table), batch)


def seed(url: str, count: int) -> None:
    """``count`` incidents over the years, one in ten still open."""
    engine = make_engine(url)

    def rows() -> Iterator[dict[str, Any]]:
        for n in range(1, count + 1):
            year = 2026 - (count - n) * 5 // max(count, 1)
            reported = NOW - timedelta(minutes=count - n)
            open_ = n % 10 == 0
            incident = Incident(number=incident_number(year, n), platform="slack", title=f"Incident {n}",
                                description="", detected_at=reported, reported_at=reported, reporter_id="U0EMPLOYEE",
                                severity=Severity.MINOR, phase=Phase.ACTIVATION if open_ else Phase.CLOSED,
                                owner_id="U0DRIES", sla_due=reported + timedelta(hours=8), channel_id=f"C{n:09d}")
            yield {**incident_values(incident), "version": 0}

    insert_batched(engine, INCIDENT, rows())
    engine.dispose()


def time_list(url: str, repeats: int = 30) -> float:
    plan = load_plan(REPO / "plan.example.yaml")
    core = Core(plan, Directory(plan), SqlUnitOfWorkFactory(make_engine(url)), FixedClock(NOW))
    actor = Actor("slack", "U0EMPLOYEE", "C0GENERAL")
    show_list(core, actor)
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        show_list(core, actor)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    add_database_option(parser)
    args = parser.parse_args()
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as folder:
        for kind in chosen_databases(args):
            for size in args.sizes:
                url = database(kind, Path(folder))
                seed(url, size)
                rows.append({"database": kind, "incidents": size, "open": size // 10,
                             "list_ms_median": time_list(url)})
    report("scaling", rows, {"/incident list": "flat as incidents accumulate"})


if __name__ == "__main__":
    main()
