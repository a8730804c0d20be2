"""Figures for managers and operators at scale: ``sirene report`` over 100,000 incidents of one quarter on SQLite
(the whole command, its start included), and ``GET /metrics`` of a running Sirene holding 10,000 open incidents.

    .venv/bin/python -m bench.figures [--incidents 100000] [--open 10000] [--scrapes 200]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Route
from starlette.testclient import TestClient

from bench.harness import percentile
from bench.harness import report
from bench.scaling import insert_batched
from bot.domain.incident import Incident
from bot.domain.incident import incident_number
from bot.domain.page import PageKind
from bot.domain.phase import Phase
from bot.domain.severity import Severity
from handlers.web.metrics import Metrics
from handlers.web.metrics import MetricsEndpoint
from handlers.web.metrics import RequestTiming
from storage.engine import make_engine
from storage.mapping import incident_values
from storage.migrate import upgrade
from storage.operations import snapshot
from storage.tables import INCIDENT
from storage.tables import PAGE
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.e2e.server import REPO

Q4 = datetime(2026, 9, 30, 22, 0, tzinfo=UTC)
QUARTER_MINUTES = 92 * 24 * 60
SEVERITIES = (Severity.WEAK, Severity.MINOR, Severity.MINOR, Severity.MAJOR, Severity.MAJOR, Severity.CRISIS)
TERMS = {Severity.WEAK: timedelta(days=5), Severity.MINOR: timedelta(hours=8), Severity.MAJOR: timedelta(hours=4),
         Severity.CRISIS: timedelta(hours=2)}
ACTIVITIES = (("email",), ("invoicing",), ("webshop", "email"), ("production",), ())


def incidents(count: int, open_every: int) -> Iterator[dict[str, Any]]:
    for n in range(1, count + 1):
        reported = Q4 + timedelta(minutes=(n * QUARTER_MINUTES) // (count + 1))
        severity = SEVERITIES[n % len(SEVERITIES)]
        classified = reported + timedelta(minutes=5 + n % 55)
        open_ = open_every > 0 and n % open_every == 0
        incident = Incident(
            number=incident_number(2026, n), platform="slack", title=f"Incident {n}", description="",
            detected_at=reported - timedelta(minutes=n % 30), reported_at=reported, reporter_id="U0EMPLOYEE",
            severity=severity, classified_at=classified, sla_due=classified + TERMS[severity],
            phase=Phase.ACTIVATION if open_ else Phase.CLOSED, owner_id="U0DRIES", activities=ACTIVITIES[n % 5],
            closed_at=None if open_ else reported + timedelta(minutes=30 + (n * 37) % 600),
            incident_type=("outage", "security", "supplier")[n % 3], channel_id=f"C{n:09d}")
        yield {**incident_values(incident), "version": 0}


def pages(count: int) -> Iterator[dict[str, Any]]:
    """An escalation for one incident in twenty."""
    for n in range(20, count + 1, 20):
        yield {"kind": PageKind.RTO_EXCEEDED.value, "platform": "slack", "incident_id": n, "role": "bcp_manager",
               "also": [], "cause": "rto", "level": n % 3, "paged": [], "refs": [], "created_at": Q4, "reason": "",
               "key": f"bench-{n}", "acknowledged_by": "U0IRIS" if n % 3 != 2 else None, "version": 0}


def seed(url: str, count: int, open_every: int) -> None:
    upgrade(url)
    engine = make_engine(url)
    insert_batched(engine, INCIDENT, incidents(count, open_every))
    insert_batched(engine, PAGE, pages(count))
    engine.dispose()


def time_report(url: str, folder: Path) -> tuple[float, float]:
    """Wall-clock seconds and CPU seconds (user + system) of one ``sirene report``: on a shared, loaded machine
    the CPU time says what the command costs, the wall time what a user waited."""
    env = {**os.environ, "DATABASE_URL": url, "SIRENE_PLAN": str(REPO / "plan.example.yaml"),
           "SIRENE_LOG_LEVEL": "WARNING"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bot.cli", "report", "--period", "2026-Q4", "--output", str(folder)],
                   cwd=REPO, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def time_metrics(url: str, scrapes: int) -> list[float]:
    """``GET /metrics`` through Sirene's own endpoint and middleware (Starlette's test client: the HTTP stack
    without the socket). A served Sirene would first reschedule the timers of its 10,000 open incidents."""
    factory = SqlUnitOfWorkFactory(make_engine(url))
    metrics = Metrics(lambda: snapshot(factory, datetime.now(UTC)))
    routes = [Route("/metrics", MetricsEndpoint(metrics).handle, methods=["GET"])]
    app = Starlette(routes=routes, middleware=[Middleware(RequestTiming, metrics=metrics, routes=routes)])
    samples: list[float] = []
    with TestClient(app) as client:
        for _ in range(10):
            client.get("/metrics").raise_for_status()
        for _ in range(scrapes):
            started = time.perf_counter()
            answer = client.get("/metrics")
            samples.append((time.perf_counter() - started) * 1000)
            answer.raise_for_status()
    assert 'sirene_open_incidents{severity="major"}' in answer.text
    factory.dispose()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--open", type=int, default=10_000)
    parser.add_argument("--scrapes", type=int, default=200)
    args = parser.parse_args()
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        url = f"sqlite:///{folder / 'report.db'}"
        seed(url, args.incidents, open_every=0)
        runs = [time_report(url, folder / f"out{i}") for i in range(3)]
        wall, cpu = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
        rows.append({"what": "sirene report --period 2026-Q4", "incidents": args.incidents, "open": 0,
                     "result": f"{wall:.1f} s wall, {cpu:.1f} s CPU (medians of 3), load {os.getloadavg()[0]:.1f}"})
        url = f"sqlite:///{folder / 'metrics.db'}"
        seed(url, args.open, open_every=1)
        samples = time_metrics(url, args.scrapes)
        rows.append({"what": "GET /metrics", "incidents": args.open, "open": args.open,
                     "result": f"median {statistics.median(samples):.1f} ms, p95 {percentile(samples, 0.95):.1f} ms"})
    report("figures", rows, {"sirene report": "under 10 s over 100,000 incidents (SQLite)",
                             "GET /metrics": "under 20 ms at 10,000 open incidents"})


if __name__ == "__main__":
    main()
