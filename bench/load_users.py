"""Fifty people using Sirene at once during an incident (#7's load run), and whether anything got lost.

    .venv/bin/python -m bench.load_users [--users 50] [--seconds 60] [--database sqlite|postgresql|both]
        [--think 2.0] [--mix report=1,tag=85,status=8,log=6] [--major-share 0.3]

The fake Slack and the real ``sirene serve`` run on loopback. Each simulated person loops with a think
time (``--think`` seconds on average, 0.5–1.5 times that): most post tagged messages (``!action …``,
stored in the fake, then their ``message`` event) into the open incident channels, some ask
``/incident status`` or ``/incident log`` there, a few report an incident (``/incident <title>``, wait
for the form to open at the fake, fill it in, submit it). Two helpdesk operators (U0DRIES, U0HANNE)
classify every new report from its triage message (button click). Two incidents are open before the
clock starts, so the taggers have somewhere to write.

Measured per request kind: count, p50/p95/p99/max answer time, answers over 3 s (Slack gives up) and
non-200 answers; derived delays in parentheses (the form opening after the slash command, the channel
created after the click, the ✅ confirming a tagged message) count as non-200 when they never happened.
After the run (queued jobs drained, with a deadline) the database and the fake are checked: every tagged
message answered 200 is in the logbook exactly once, every accepted report made exactly one incident,
every classified incident has exactly one channel, the fake saw no contract violation. The exit status
is 1 when any of that fails or any answer took more than 3 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy import func
from sqlalchemy import select

from bench.confirmations import Confirmations
from bench.confirmations import burst_lines
from bench.harness import add_database_option
from bench.harness import chosen_databases
from bench.harness import fake_slack
from bench.harness import report
from bench.harness import rss_mb
from bench.harness import sirene
from bench.logbook_throughput import fresh_postgres
from bench.simulated_people import HELPDESK
from bench.simulated_people import Load
from bench.simulated_people import channels_of
from bench.simulated_people import people
from bench.simulated_people import simulate
from bench.slack_client import SLACK_GIVES_UP_MS
from bench.slack_client import Timings
from storage.tables import INCIDENT
from storage.tables import JOB
from storage.tables import LOGBOOK_ENTRY
from tests.fakes.slack.server import FakeSlack

DEFAULT_MIX = "report=1,tag=85,status=8,log=6"


# -------------------------------------------------------------------- checks after the run

def drain(database_url: str, deadline: float) -> tuple[int, float]:
    """Wait until no queued job is due (scheduled ones may wait for later); (jobs still due, seconds waited)."""
    engine = create_engine(database_url)
    started = time.monotonic()
    try:
        while True:
            with engine.connect() as connection:
                due = connection.execute(select(func.count()).select_from(JOB).where(
                    JOB.c.done_at.is_(None), JOB.c.not_before <= datetime.now(UTC))).scalar_one()
            if due == 0 or time.monotonic() - started > deadline:
                return int(due), time.monotonic() - started
            time.sleep(0.5)
    finally:
        engine.dispose()


def check(database_url: str, fake: FakeSlack, load: Load) -> dict[str, Any]:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(select(LOGBOOK_ENTRY.c.message_channel, LOGBOOK_ENTRY.c.message_id,
                                         LOGBOOK_ENTRY.c.sequence).where(LOGBOOK_ENTRY.c.source == "tag")).all()
        entries = Counter((str(c), str(m)) for c, m, _ in rows)
        sequences = {(str(c), str(m)): int(n) for c, m, n in rows}
        incidents = {str(number): (severity, channel) for number, severity, channel in connection.execute(
            select(INCIDENT.c.number, INCIDENT.c.severity, INCIDENT.c.channel_id))}
        pending = connection.execute(select(func.count()).select_from(JOB).where(JOB.c.done_at.is_(None))).scalar_one()
    engine.dispose()
    acknowledged = {(t.channel, t.ts) for t in load.tags if t.status == 200}
    lost = acknowledged - set(entries)
    doubled = sum(n - 1 for n in entries.values() if n > 1)
    confirmations = Confirmations(fake)
    unconfirmed = [key for key in acknowledged - lost if confirmations.at(key, sequences.get(key)) is None]
    wrong_channels = []
    for number in set(load.classified) | {n for n, (severity, _) in incidents.items() if severity}:
        found = channels_of(fake, number)
        if len(found) != 1 or incidents.get(number, (None, None))[1] != found[0].id:
            wrong_channels.append(f"{number}: {[c.name for c in found]} (database: {incidents.get(number)})")
    return {"tags_acknowledged": len(acknowledged), "recorded": len(entries), "lost": len(lost),
            "doubled": doubled, "unconfirmed": len(unconfirmed), "reports_accepted": len(load.reports),
            "incidents": len(incidents), "reports_without_incident": len(set(load.reports) - set(incidents)),
            "incidents_without_report": len(set(incidents) - set(load.reports)),
            "classified": len(load.classified), "channel_problems": wrong_channels, "jobs_pending": int(pending),
            "lost_examples": sorted(lost)[:5], "bursts_confirmed": sum(
                len(burst_lines(fake, channel)) for _, channel in incidents.values() if channel),
            "_sequences": sequences, "_confirmations": confirmations}


def confirmation_delays(load: Load, timings: Timings, confirmations: Confirmations,
                        sequences: dict[tuple[str, str], int]) -> None:
    """From sending a tagged message to its confirmation (its ✅, or the line confirming its burst)."""
    for tag in load.tags:
        if tag.status == 200:
            at = confirmations.at((tag.channel, tag.ts), sequences.get((tag.channel, tag.ts)))
            timings.add("(tagged message confirmed)", ((at or time.time()) - tag.sent_at) * 1000,
                        200 if at is not None else 0)


def server_log_problems(log: str) -> list[str]:
    return [line for line in log.splitlines() if " ERROR " in line or "Traceback" in line]


def run(database: str, users: int, seconds: float, think: float, mix: dict[str, float], major_share: float,
        drain_seconds: float, seed: int) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    with tempfile.TemporaryDirectory() as folder, fake_slack() as fake:
        database_url = f"sqlite:///{Path(folder) / 'sirene.db'}" if database == "sqlite" else fresh_postgres()
        with sirene(fake, Path(folder), database_url) as server:
            assert server.process is not None
            pid = server.process.pid
            everyone = people(fake, users)
            idle = rss_mb(pid)
            measured = asyncio.run(simulate(fake, f"{server.url}/slack/events", pid, everyone, seconds, think, mix,
                                            major_share, seed))
            load, timings, elapsed, cpu = measured.load, measured.timings, measured.seconds, measured.cpu_seconds
            due, waited = drain(database_url, drain_seconds)
            after = rss_mb(pid)
            found = check(database_url, fake, load)
            confirmation_delays(load, timings, found.pop("_confirmations"), found.pop("_sequences"))
            errors = server_log_problems(server.log())
    requests = sum(len(s) for k, s in timings.samples.items() if not k.startswith("("))
    answers = [ms for k, s in timings.samples.items() if not k.startswith("(") for ms, _ in s]
    within = sum(1 for ms in answers if ms <= SLACK_GIVES_UP_MS)
    summary = {"database": database, "users": users, "seconds": round(elapsed, 1), "requests": requests,
               "per_second": requests / elapsed,
               "answered_within_3s": f"{100 * within / max(len(answers), 1):.2f} %",
               **{k: v for k, v in found.items() if k not in ("channel_problems", "lost_examples")},
               "channel_problems": len(found["channel_problems"]), "violations": len(fake.violations),
               "jobs_still_due": due, "drain_s": round(waited, 1), "server_errors": len(errors),
               "rss_mb_idle": idle, "rss_mb_after": after, "server_cpu_s": cpu,
               "server_cpu_ms_per_request": cpu * 1000 / max(requests, 1)}
    details = {"problems": dict(load.problems), "channel_problems": found["channel_problems"],
               "lost_examples": found["lost_examples"], "violations": fake.violations[:20],
               "server_errors": errors[:20],
               "slowest answers (kind, ms, status, s after start)": [
                   (kind, round(ms), status, round(at, 1)) for kind, ms, status, at in timings.slowest(8)],
               "classification clicks (s after start)": [
                   round(at, 1) for at in timings.when.get("block_actions (classify)", [])],
               "load average (1, 5, 15 min) at the end": os.getloadavg()}
    return timings.rows(database=database), {"summary": summary, "details": details}


def parse_mix(text: str) -> dict[str, float]:
    mix = {}
    for part in text.split(","):
        kind, _, weight = part.partition("=")
        if kind.strip() not in ("report", "tag", "status", "log"):
            raise argparse.ArgumentTypeError(f"unknown kind {kind!r}: report, tag, status or log")
        mix[kind.strip()] = float(weight)
    return mix


def failed(summary: dict[str, Any], rows: list[dict[str, Any]]) -> list[str]:
    reasons = []
    for figure in ("lost", "doubled", "reports_without_incident", "incidents_without_report", "channel_problems",
                   "violations"):
        if summary[figure]:
            reasons.append(f"{summary['database']}: {figure} = {summary[figure]}")
    slow = sum(r["over_3s"] for r in rows if r["request"] == "all requests")
    if slow:
        reasons.append(f"{summary['database']}: {slow} answers slower than 3 s")
    return reasons


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    add_database_option(parser, default="sqlite")
    parser.add_argument("--think", type=float, default=2.0, help="mean seconds between two actions of a person")
    parser.add_argument("--mix", type=parse_mix, default=parse_mix(DEFAULT_MIX),
                        help=f"relative weights of the actions (default {DEFAULT_MIX})")
    parser.add_argument("--major-share", type=float, default=0.3, help="share of reports classified major")
    parser.add_argument("--drain", type=float, default=120.0, help="seconds to wait for queued jobs at the end")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if args.users < len(HELPDESK) + 1:
        parser.error(f"--users must be at least {len(HELPDESK) + 1}")
    databases = chosen_databases(args)
    rows: list[dict[str, Any]] = []
    checks: list[dict[str, Any]] = []
    reasons: list[str] = []
    for database in databases:
        kinds, outcome = run(database, args.users, args.seconds, args.think, args.mix, args.major_share,
                             args.drain, args.seed)
        rows += kinds
        checks.append(outcome["summary"])
        reasons += failed(outcome["summary"], kinds)
        for what, items in outcome["details"].items():
            if items:
                print(f"{database} {what}: {json.dumps(items, ensure_ascii=False)}")
    targets = {"answered_within_3s": "100 %", "over_3s": "0", "lost": "0", "doubled": "0",
               "reports_without_incident": "0", "incidents_without_report": "0", "channel_problems": "0",
               "violations": "0"}
    table = [{"figure": figure, **{c["database"]: c[figure] for c in checks}} for figure in checks[0]
             if figure != "database"]
    report("load_users", rows, targets, tables={"checks": table})
    for reason in reasons:
        print(f"FAILED {reason}")
    return 1 if reasons else 0


if __name__ == "__main__":
    sys.exit(main())
