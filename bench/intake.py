"""How fast Sirene takes reports from outside the chat: new reports, repeated signals (same dedup_key) and
Alertmanager notifications over the intake API, with a few clients at once.

    .venv/bin/python -m bench.intake [--requests 100] [--clients 4]

Closed loop: each client sends its next request when the previous one is answered. Latency is measured
from sending to the complete HTTP answer; the triage lag is how long the last new report waits for its
triage message in the helpdesk (posts to one channel are paced to about one per second).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from bench.harness import cpu_seconds
from bench.harness import fake_slack
from bench.harness import percentile
from bench.harness import report
from bench.harness import rss_mb
from bench.harness import sirene
from tests.e2e.world import populate
from tests.e2e.world import wait_for
from tests.e2e.world import write_plan

TOKEN = "bench-intake-token-0123456789"
SOURCES = [{"name": "bench", "kind": "monitoring", "token_env": "SIRENE_TOKEN_BENCH", "rate": "100000/min"}]


def _new(n: int) -> tuple[str, dict[str, Any]]:
    return "/api/v1/reports", {"title": f"Bench report {n}", "description": "load", "dedup_key": f"new-{n}"}


def _again(n: int) -> tuple[str, dict[str, Any]]:
    return "/api/v1/reports", {"title": "Bench repeated", "dedup_key": "again"}


def _alert(n: int) -> tuple[str, dict[str, Any]]:
    alert = {"status": "firing", "labels": {"alertname": "BenchDown", "n": str(n % 5)},
             "annotations": {"summary": "down"}, "startsAt": "2026-12-04T02:55:00Z",
             "endsAt": "0001-01-01T00:00:00Z"}
    return "/api/v1/alertmanager", {
        "version": "4", "status": "firing", "groupKey": f'{{}}:{{alertname="BenchDown{n % 5}"}}', "receiver": "b",
        "groupLabels": {}, "commonLabels": alert["labels"], "commonAnnotations": alert["annotations"],
        "externalURL": "http://am:9093", "alerts": [alert]}


async def _run(url: str, make: Callable[[int], tuple[str, dict[str, Any]]], requests: int,
               clients: int) -> tuple[list[float], dict[int, int], float]:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    counter = iter(range(requests))
    headers = {"Authorization": f"Bearer {TOKEN}"}

    async def client() -> None:
        async with httpx.AsyncClient(timeout=30) as http:
            for n in counter:
                path, body = make(n)
                started = time.perf_counter()
                answer = await http.post(f"{url}{path}", json=body, headers=headers)
                latencies.append((time.perf_counter() - started) * 1000)
                statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies, statuses, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as folder, fake_slack() as fake:
        workdir = Path(folder)
        helpdesk = populate(fake)
        plan = write_plan(workdir / "plan.yaml", helpdesk, sources=SOURCES)
        with sirene(fake, workdir, plan=plan, SIRENE_TOKEN_BENCH=TOKEN) as server:
            assert server.process is not None
            for kind, make, count in (("new report", _new, args.requests), ("same dedup_key", _again, args.requests),
                                      ("alertmanager group", _alert, args.requests)):
                cpu = cpu_seconds(server.process.pid)
                latencies, statuses, seconds = asyncio.run(_run(server.url, make, count, args.clients))
                rows.append({"requests": kind, "count": count, "per_second": count / seconds,
                             "p50_ms": percentile(latencies, 0.5), "p95_ms": percentile(latencies, 0.95),
                             "cpu_s": cpu_seconds(server.process.pid) - cpu,
                             "answers": " ".join(f"{k}×{v}" for k, v in sorted(statuses.items()))})
            started = time.perf_counter()
            expected = args.requests + 1 + 5
            wait_for(lambda: len([m for m in fake.messages(helpdesk, include_replies=False) if m.bot_id]) >= expected,
                     timeout=expected * 3 + 60, what="every triage message")
            lag = time.perf_counter() - started
            rss = rss_mb(server.process.pid)
    report("intake", rows, {"p95 of an answer": "under 1 s with 4 clients (Alertmanager gives a webhook 10 s)"},
           {"after the load": [{"triage messages": expected, "seconds until the last one": lag, "rss_mb": rss}]})


if __name__ == "__main__":
    main()
