"""What every benchmark needs: the fake Slack and Sirene as separate processes, signed requests,
percentiles, memory readings, and the results file (machine and commit included)."""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy import text

from tests.e2e.server import REPO
from tests.e2e.server import SireneServer
from tests.e2e.world import SIGNING_SECRET
from tests.e2e.world import populate
from tests.e2e.world import write_plan
from tests.fakes.slack.http_driver import slack_signature
from tests.fakes.slack.server import FakeSlack

RESULTS = REPO / "bench" / "results"
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
"""The local PostgreSQL server's maintenance database (trust auth); each run makes a fresh database beside it."""


def fresh_postgres() -> str:
    """A new, empty PostgreSQL database of its own; its URL."""
    name = f"sirene_bench_{uuid.uuid4().hex[:8]}"
    engine = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return POSTGRES.rsplit("/", 1)[0] + f"/{name}"


DATABASES = ("sqlite", "postgresql")


def add_database_option(parser: argparse.ArgumentParser, default: str = "both") -> None:
    """``--database sqlite|postgresql|both``: the databases a benchmark runs on."""
    parser.add_argument("--database", choices=[*DATABASES, "both"], default=default)


def chosen_databases(args: argparse.Namespace) -> list[str]:
    """The databases ``--database`` names, in the order they run."""
    return list(DATABASES) if args.database == "both" else [args.database]


@contextmanager
def fake_slack() -> Iterator[FakeSlack]:
    """The fake Slack Web API (in this process: its own uvicorn thread), with the plan's people."""
    fake = FakeSlack(ack_deadline=None, http="httptools").start()
    try:
        yield fake
    finally:
        fake.stop(wait=False)


@contextmanager
def sirene(fake: FakeSlack, workdir: Path, database_url: str | None = None, plan: Path | None = None,
           **extra: str) -> Iterator[SireneServer]:
    """``sirene serve`` on the example plan (or ``plan``: the fake must then hold its people already)."""
    if plan is None:
        existing = fake.channel_by_name("helpdesk")
        plan = write_plan(workdir / "plan.yaml", existing.id if existing else populate(fake))
    env = {"SLACK_BOT_TOKEN": fake.bot_token, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": fake.api_url,
           "SIRENE_PLAN": str(plan), "DATABASE_URL": database_url or f"sqlite:///{workdir / 'sirene.db'}",
           "SIRENE_LOG_LEVEL": "WARNING", **extra}
    server = SireneServer(env, workdir / "sirene.log").start(timeout=60)
    try:
        yield server
    finally:
        server.stop()


def signed(body: bytes, content_type: str) -> dict[str, str]:
    timestamp = str(int(time.time()))
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": slack_signature(SIGNING_SECRET, timestamp, body)}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def commit() -> str:
    found = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True)
    return found.stdout.strip() or "unknown"


def machine() -> dict[str, Any]:
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)}


def report(name: str, rows: list[dict[str, Any]], targets: dict[str, str],
           tables: dict[str, list[dict[str, Any]]] | None = None) -> Path:
    """Print ``rows`` as a table and write them, with the machine and commit, to bench/results/<name>.json.

    ``tables``: further tables (e.g. the checks after a load run), printed after the first one under their
    name and stored next to ``rows`` in the file."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    print(f"\n{name}")
    _print_table(rows)
    for title, table in (tables or {}).items():
        print(f"\n{name}: {title}")
        _print_table(table)
    for figure, target in targets.items():
        print(f"target {figure}: {target}")
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps({"benchmark": name, "when": datetime.now(UTC).isoformat(timespec="seconds"),
                                "commit": commit(), "machine": machine(), "targets": targets, "rows": rows,
                                **(tables or {})},
                               indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _print_table(rows: list[dict[str, Any]]) -> None:
    columns = list(rows[0]) if rows else []
    widths = {c: max(len(c), *(len(_cell(r.get(c, ""))) for r in rows)) for c in columns}
    print("  ".join(c.ljust(widths[c]) for c in columns))
    for row in rows:
        print("  ".join(_cell(row.get(c, "")).ljust(widths[c]) for c in columns))


def _cell(value: Any) -> str:
    return f"{value:.1f}" if isinstance(value, float) else str(value)
