"""A report storm: many people report the same outage within seconds, and whether Sirene keeps up (#14).

    .venv/bin/python -m bench.report_storm [--database sqlite|postgresql|both]
        (the issue's two runs: 50 reports within 5 s, then 200 within 30 s)
    .venv/bin/python -m bench.report_storm --large | --reports N --within S   (one run only)

The fake Slack and the real ``sirene serve`` run on loopback (on PostgreSQL, two replicas on one database,
the reporters' requests shared between them). Each reporter submits their report at a random moment within
``--within`` seconds of the storm's start: they type ``/incident <title>`` up to :data:`PREPARE` seconds before,
wait for the form and fill it in meanwhile (a form that opens late is submitted as soon as it is there). A
helpdesk operator classifies the first report as soon as its triage line shows in #helpdesk.

Measured: the reporter's confirmation (the answer to the submission, which names the number, and the direct
message that repeats it), the classification click → the incident channel created and → its first message,
the time from the storm's start until every report is visible with its controls in #helpdesk (and from each
submission until its report is visible, and from the last submission until all are), the posting
rate per conversation as the fake counted it (the busiest second, and posts over Slack's allowance), and
nothing lost nor doubled (one incident, one triage line and one direct message per accepted report).
The exit status is 1 when anything was lost or doubled, a post went over the allowance, or the fake saw a
contract violation.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from contextlib import contextmanager
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine
from sqlalchemy import func
from sqlalchemy import select

from bench.harness import add_database_option
from bench.harness import chosen_databases
from bench.harness import fake_slack
from bench.harness import report
from bench.harness import sirene
from bench.load_users import server_log_problems
from bench.logbook_throughput import fresh_postgres
from bench.simulated_people import HELPDESK
from bench.simulated_people import NUMBER
from bench.simulated_people import Load
from bench.simulated_people import channel_of
from bench.simulated_people import people
from bench.slack_client import AsyncSlack
from bench.slack_client import Timings
from bench.slack_client import poll
from storage.tables import INCIDENT
from storage.tables import JOB
from tests.e2e.server import SireneServer
from tests.e2e.world import button
from tests.fakes.post_rate import busiest_second
from tests.fakes.post_rate import by_conversation
from tests.fakes.post_rate import over_allowance
from tests.fakes.slack.model import Call
from tests.fakes.slack.server import FakeSlack

HEAD = re.compile(r"(INC-\d{4}-\d{4,}) ·")
"""How a report's line (on its own or on a grouped card) starts."""
PREPARE = 1.0
"""Seconds before their submission a reporter types ``/incident`` (the form opens, they fill it in)."""
SCENARIOS = {"storm": (50, 5.0), "large": (200, 30.0)}
"""The issue's two runs: reports, seconds within which they are submitted."""


@contextmanager
def replicas(fake: FakeSlack, folder: Path, database: str) -> Iterator[tuple[str, list[SireneServer]]]:
    """One ``sirene serve`` on SQLite; two on one fresh PostgreSQL database."""
    database_url = f"sqlite:///{folder / 'sirene.db'}" if database == "sqlite" else fresh_postgres()
    count = 1 if database == "sqlite" else 2
    with ExitStack() as stack:
        servers = []
        for n in range(count):
            workdir = folder / f"replica{n}"
            workdir.mkdir()
            servers.append(stack.enter_context(sirene(fake, workdir, database_url)))
        yield database_url, servers


def _mentions(call: Call, number: str) -> bool:
    return number in json.dumps(call.args)


def _posts(fake: FakeSlack) -> list[Call]:
    return [c for c in fake.calls_to("chat.postMessage") if c.ok]


def _channel_of_post(call: Call) -> str:
    response = call.response or {}
    return str(response.get("channel") or call.args.get("channel"))


async def storm(fake: FakeSlack, urls: list[str], reporters: list[str], within: float, seed: int
                ) -> tuple[Load, Timings, dict[str, float], float]:
    """Every reporter submits a report once at a random moment within ``within`` s of the storm's start; the
    operator classifies the first. Returns the load, the timings, {number: submitted at (wall clock)} and the
    storm's start (wall clock)."""
    general, helpdesk = fake.channel_by_name("general"), fake.channel_by_name("helpdesk")
    assert general is not None and helpdesk is not None
    rng = random.Random(seed)
    limits = httpx.Limits(max_connections=len(reporters) + 10, max_keepalive_connections=len(reporters) + 10)
    submitted: dict[str, float] = {}
    timings = Timings()
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        loads = [Load(fake, AsyncSlack(fake, url, client, timings), general.id, helpdesk.id, random.Random(seed + n),
                      0.25, {"report": 1.0}, 0.0) for n, url in enumerate(urls)]
        for load in loads[1:]:
            load.counter = loads[0].counter
            load.reports = loads[0].reports
            load.to_classify = loads[0].to_classify
            load.problems = loads[0].problems
        started = time.time() + PREPARE

        async def reporter(n: int, user: str) -> None:
            at = started + rng.uniform(0, within)
            await asyncio.sleep(max(0.0, at - PREPARE - time.time()))
            load = loads[n % len(loads)]
            seen = {view.id for view in fake.open_views(user)}
            await load.slack.slash("slash /incident <title>", user, f"Outage seen by {fake.user(user).name}",
                                   general.id)
            view = await poll(lambda: next((v for v in fake.open_views(user) if v.id not in seen), None), 30)
            if view is None:
                load.problems["report form never opened"] += 1
                return
            await asyncio.sleep(max(rng.uniform(0.2, 0.6), at - time.time()))  # typing the description
            values = {"description": "Seen during the storm", "detected_at": int(time.time()) - 60,
                      "activities": ["email"], "reporter_kind": "employee"}
            sent = time.time()
            status, answer = await load.slack.submit_view("view_submission (report)", user, view.id, values)
            found = NUMBER.findall(json.dumps(answer))
            if status != 200 or not found:
                load.problems[f"report not accepted (HTTP {status})"] += 1
                return
            load.reports[found[0]] = view.id
            load.to_classify.append(found[0])
            submitted[found[0]] = sent

        async def operator() -> None:
            number = await poll(lambda: loads[0].to_classify[0] if loads[0].to_classify else None, 60, every=0.05)
            if number is None:
                return
            triage = await poll(lambda: loads[0]._triage_message(number), 120, every=0.05)
            if triage is None:
                loads[0].problems["first triage line never posted"] += 1
                return
            value = f"{number}|minor"
            clicked = time.time()
            status = await loads[0].slack.click("block_actions (classify)", HELPDESK[0], helpdesk.id, triage,
                                                button(triage, "sirene.classify", value), value)
            if status != 200:
                loads[0].problems[f"classification not accepted (HTTP {status})"] += 1
                return
            loads[0].classified[number] = "minor"
            channel = await poll(lambda: channel_of(fake, number), 60, every=0.05)
            if channel is None:
                loads[0].problems["classified incident without a channel"] += 1
                return
            created = next((c.at for c in fake.calls_to("conversations.create") if c.ok
                            and (c.response or {}).get("channel", {}).get("id") == channel.id), time.time())
            timings.add("(click → channel created)", (created - clicked) * 1000, 200)
            first = await poll(lambda: next((c for c in _posts(fake) if _channel_of_post(c) == channel.id), None),
                               60, every=0.05)
            timings.add("(click → first channel message)", ((first.at if first else time.time()) - clicked) * 1000,
                        200 if first else 0)

        await asyncio.gather(operator(), *(reporter(n, user) for n, user in enumerate(reporters)))
    return loads[0], timings, submitted, started


def drain_all(database_url: str, deadline: float) -> tuple[int, float]:
    """Wait until every job due within a minute is done (paced ones wait in the queue a little while):
    (jobs left, seconds waited)."""
    engine = create_engine(database_url)
    started = time.monotonic()
    try:
        while True:
            with engine.connect() as connection:
                left = connection.execute(select(func.count()).select_from(JOB).where(
                    JOB.c.done_at.is_(None),
                    JOB.c.not_before <= datetime.now(UTC) + timedelta(minutes=1))).scalar_one()
            if left == 0 or time.monotonic() - started > deadline:
                return int(left), time.monotonic() - started
            time.sleep(0.5)
    finally:
        engine.dispose()


def visible_at(fake: FakeSlack, helpdesk: str, numbers: list[str]) -> dict[str, float]:
    """When each report's line with its controls first showed in #helpdesk (a post or an update)."""
    calls = [c for c in fake.calls if c.ok and c.method in ("chat.postMessage", "chat.update")
             and _channel_of_post(c) == helpdesk]
    found: dict[str, float] = {}
    for call in calls:
        text = json.dumps(call.args)
        for number in numbers:
            if number not in found and f"{number}|minor" in text:
                found[number] = call.at
    return found


def run(database: str, reports: int, within: float, drain_seconds: float, seed: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder, fake_slack() as fake, \
            replicas(fake, Path(folder), database) as (database_url, servers):
        everyone = people(fake, reports + len(HELPDESK))
        reporters = [u for u in everyone if u not in HELPDESK][:reports]
        urls = [f"{server.url}/slack/events" for server in servers]
        load, timings, submitted, started = asyncio.run(storm(fake, urls, reporters, within, seed))
        due, waited = drain_all(database_url, drain_seconds)
        helpdesk = fake.channel_by_name("helpdesk")
        assert helpdesk is not None
        numbers = sorted(load.reports)
        visible = visible_at(fake, helpdesk.id, numbers)
        posts = _posts(fake)
        directs = [c for c in posts if fake.channels.get(_channel_of_post(c)) is not None
                   and fake.channels[_channel_of_post(c)].is_im]
        for number in numbers:
            told = next((c.at for c in directs if _mentions(c, number)), None)
            timings.add("(submitted → direct message with the number)",
                        ((told or time.time()) - submitted.get(number, started)) * 1000, 200 if told else 0)
            timings.add("(submitted → visible in #helpdesk)",
                        (visible.get(number, time.time()) - submitted.get(number, started)) * 1000,
                        200 if number in visible else 0)
        last_submitted = max(submitted.values(), default=started)
        engine = create_engine(database_url)
        with engine.connect() as connection:
            incidents = Counter(str(n) for n in connection.execute(select(INCIDENT.c.number)).scalars())
        engine.dispose()
        lines = Counter(n for m in fake.messages(helpdesk.id, include_replies=False) if m.bot_id  # a report's line
                        for n in set(HEAD.findall(json.dumps(m.blocks or [], ensure_ascii=False))))  # or card line
        told_twice = sum(1 for n in numbers if sum(1 for c in directs if _mentions(c, n)) > 1)
        rates = by_conversation((_channel_of_post(c), c.at) for c in posts)
        excess = over_allowance((_channel_of_post(c), c.at) for c in posts)
        errors = [line for server in servers for line in server_log_problems(server.log())]
        causes = Counter(line for server in servers for line in server.log().splitlines()
                         if re.match(r"^[\w.]+(Error|Exception|Unavailable|Update)\b", line))
    lost = [n for n in numbers if incidents[n] != 1 or lines[n] < 1]
    summary = {
        "database": database if database == "sqlite" else f"{database} (2 replicas)",
        "reports": len(reporters), "accepted": len(numbers),
        "last_submission_s": round(last_submitted - started, 1),
        "all_visible_in_helpdesk_s": round(max(visible.values(), default=time.time()) - started, 1)
        if len(visible) == len(numbers) else "never",
        "all_visible_after_last_submission_s": round(max(visible.values(), default=time.time()) - last_submitted, 1)
        if len(visible) == len(numbers) else "never",
        "helpdesk_posts": len(rates.get(helpdesk.id, [])),
        "helpdesk_updates": sum(1 for c in fake.calls_to("chat.update") if c.ok and _channel_of_post(c) == helpdesk.id),
        "helpdesk_posts_busiest_second": busiest_second(rates.get(helpdesk.id, [])),
        "any_conversation_busiest_second": max((busiest_second(m) for m in rates.values()), default=0),
        "posts_over_allowance": len(excess), "lost": len(lost),
        "doubled": sum(1 for n in numbers if incidents[n] > 1 or lines[n] > 1) + told_twice,
        "problems": dict(load.problems), "violations": len(fake.violations), "server_errors": len(errors),
        "jobs_still_due": due, "drain_s": round(waited, 1),
    }
    rows = timings.rows(database=summary["database"])
    for row in rows:
        row.pop("p95_ms", None)
    return {"rows": rows, "summary": summary, "excess": [e.__dict__ for e in excess[:10]],
            "violations": fake.violations[:10], "errors": errors[:6], "causes": dict(causes.most_common(5))}


def scenario(name: str, databases: list[str], reports: int, within: float, drain: float, seed: int) -> list[str]:
    """One storm on each database; its figures printed and written to bench/results/<name>.json; the failures."""
    rows: list[dict[str, Any]] = []
    summaries: list[dict[str, Any]] = []
    reasons: list[str] = []
    for database in databases:
        outcome = run(database, reports, within, drain, seed)
        rows += outcome["rows"]
        summary = outcome["summary"]
        summaries.append(summary)
        for what in ("excess", "violations", "errors", "causes"):
            if outcome[what]:
                print(f"{summary['database']} {what}: {json.dumps(outcome[what], ensure_ascii=False)}")
        for figure in ("lost", "doubled", "posts_over_allowance", "violations"):
            if summary[figure]:
                reasons.append(f"{name} {summary['database']}: {figure} = {summary[figure]}")
    table = [{"figure": figure, **{s["database"]: s[figure] for s in summaries}} for figure in summaries[0]
             if figure != "database"]
    targets = {"reporter confirmation p99": "< 2 s", "click → first channel message p99": "< 1 s",
               f"all visible in #helpdesk ({reports} reports submitted within {within:g} s)":
               "< 5 s" if (reports, within) == SCENARIOS["storm"] else "(measured)",
               "posts over allowance": "0", "lost": "0", "doubled": "0"}
    report(name, rows, targets, tables={"checks": table})
    return reasons


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, help="one run of this many reports (default: the two runs)")
    parser.add_argument("--within", type=float, default=5.0, help="seconds over which the reports are submitted")
    parser.add_argument("--large", action="store_true", help="only the run of 200 reports within 30 s")
    add_database_option(parser, default="sqlite")
    parser.add_argument("--drain", type=float, default=180.0, help="seconds to wait for queued jobs at the end")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    if args.large:
        runs = {"report_storm_large": SCENARIOS["large"]}
    elif args.reports is not None:
        runs = {"report_storm": (args.reports, args.within)}
    else:
        runs = {"report_storm": SCENARIOS["storm"], "report_storm_large": SCENARIOS["large"]}
    databases = chosen_databases(args)
    reasons = [reason for name, (reports, within) in runs.items()
               for reason in scenario(name, databases, reports, within, args.drain, args.seed)]
    for reason in reasons:
        print(f"FAILED {reason}")
    return 1 if reasons else 0


if __name__ == "__main__":
    sys.exit(main())
