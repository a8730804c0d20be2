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
import itertools
import json
import os
import random
import re
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine
from sqlalchemy import func
from sqlalchemy import select

from bench.confirmations import Confirmations
from bench.confirmations import burst_lines
from bench.harness import add_database_option
from bench.harness import chosen_databases
from bench.harness import cpu_seconds
from bench.harness import fake_slack
from bench.harness import report
from bench.harness import rss_mb
from bench.harness import sirene
from bench.logbook_throughput import fresh_postgres
from bench.slack_client import SLACK_GIVES_UP_MS
from bench.slack_client import AsyncSlack
from bench.slack_client import Timings
from bench.slack_client import poll
from storage.tables import INCIDENT
from storage.tables import JOB
from storage.tables import LOGBOOK_ENTRY
from tests.e2e.world import EMPLOYEE
from tests.e2e.world import button
from tests.e2e.world import buttons
from tests.fakes.slack.model import Channel
from tests.fakes.slack.model import Message
from tests.fakes.slack.server import FakeSlack

HELPDESK = ("U0DRIES", "U0HANNE")
"""The plan's helpdesk operator and manager: they classify."""
OTHERS = ("U0LOTTE", "U0BRAM", "U0ELLEN", "U0HUGO", "U0SOFIE", "U0IRIS", "U0MARC", EMPLOYEE)
"""The plan's other people and the employee of the test world; more people are added as U0BENCH001…"""
NUMBER = re.compile(r"INC-\d{4}-\d{4,}")
DEFAULT_MIX = "report=1,tag=85,status=8,log=6"


@dataclass
class Tag:
    channel: str
    ts: str
    status: int
    sent_at: float  # wall clock, to compare with the fake's call times


@dataclass
class Load:
    """What the simulated people share: the fake, the client, what they did, what went wrong."""

    fake: FakeSlack
    slack: AsyncSlack
    general: str
    helpdesk: str
    rng: random.Random
    think: float
    mix: dict[str, float]
    major_share: float
    stop_at: float = 0.0
    to_classify: list[str] = field(default_factory=list)
    reports: dict[str, str] = field(default_factory=dict)  # number → view id of the accepted submission
    classified: dict[str, str] = field(default_factory=dict)  # number → severity clicked
    channels: list[str] = field(default_factory=list)  # open incident channels
    tags: list[Tag] = field(default_factory=list)
    problems: Counter[str] = field(default_factory=Counter)
    counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def running(self) -> bool:
        return time.monotonic() < self.stop_at

    async def pause(self, scale: float = 1.0) -> None:
        await asyncio.sleep(self.think * scale * self.rng.uniform(0.5, 1.5))

    # ---------------------------------------------------------------- what people do

    async def report(self, user: str) -> None:
        """``/incident <title>`` in #general, wait for the form, fill it in (a few seconds), submit."""
        fake = self.fake
        seen = {view.id for view in fake.open_views(user)}
        title = f"Outage {next(self.counter)} seen by {fake.user(user).name}"
        sent_at = time.time()
        await self.slack.slash("slash /incident <title>", user, title, self.general)
        view = await poll(lambda: next((v for v in fake.open_views(user) if v.id not in seen), None), 10)
        if view is None:
            self.slack.timings.add("(form opened after the slash)", (time.time() - sent_at) * 1000, 0)
            self.problems["report form never opened"] += 1
            return
        opened = next((c.at for c in reversed(fake.calls_to("views.open"))
                       if c.ok and c.response and c.response["view"]["id"] == view.id), time.time())
        self.slack.timings.add("(form opened after the slash)", (opened - sent_at) * 1000, 200)
        await self.pause(2.0)  # typing the description
        values = {"description": "Seen during the load run", "detected_at": int(time.time()) - 300,
                  "activities": ["email"], "reporter_kind": "employee"}
        status, answer = await self.slack.submit_view("view_submission (report)", user, view.id, values)
        found = NUMBER.findall(json.dumps(answer))
        if fake.view(view.id).is_open:
            fake.close_view(view.id, clear=True)  # the person closes the confirmation
        if status != 200 or not found:
            self.problems[f"report not accepted (HTTP {status})"] += 1
            return
        self.reports[found[0]] = view.id
        self.to_classify.append(found[0])

    async def classify(self, user: str, number: str) -> None:
        """Find the report's triage message in #helpdesk, read it, click a severity, wait for the channel."""
        triage = await poll(lambda: self._triage_message(number), 30, every=0.25)
        if triage is None:
            self.problems["triage message never posted"] += 1
            return
        await self.pause(0.75)  # reading the report
        severity = "major" if self.rng.random() < self.major_share else "minor"
        value = f"{number}|{severity}"
        clicked = time.time()
        status = await self.slack.click("block_actions (classify)", user, self.helpdesk, triage,
                                        button(triage, "sirene.classify", value), value)
        if status != 200:
            self.problems[f"classification not accepted (HTTP {status})"] += 1
            return
        self.classified[number] = severity
        channel = await poll(lambda: channel_of(self.fake, number), 30, every=0.25)
        self.slack.timings.add("(channel created after the click)", (time.time() - clicked) * 1000,
                               200 if channel else 0)
        if channel is None:
            self.problems["classified incident without a channel after 30 s"] += 1
        else:
            self.channels.append(channel.id)

    async def tag(self, user: str) -> None:
        channel = self._join_some_channel(user)
        text = f"!action {self.fake.user(user).name} checked step {next(self.counter)}"
        sent_at = time.time()
        status, message = await self.slack.tag("event message (!action)", user, channel, text)
        self.tags.append(Tag(channel, message.ts, status, sent_at))

    async def command(self, user: str, command: str) -> None:
        channel = self._join_some_channel(user)
        await self.slack.slash(f"slash /incident {command}", user, command, channel)

    # ---------------------------------------------------------------- the people

    async def person(self, user: str) -> None:
        await asyncio.sleep(self.rng.uniform(0, self.think))  # people do not all start on the same second
        kinds, weights = list(self.mix), list(self.mix.values())
        while self.running:
            kind = self.rng.choices(kinds, weights)[0]
            if kind == "report":
                await self.report(user)
            elif kind == "tag":
                await self.tag(user)
            else:
                await self.command(user, kind)
            await self.pause()

    async def operator(self, user: str) -> None:
        """A helpdesk operator: classifies the waiting reports first, otherwise works like the others."""
        await asyncio.sleep(self.rng.uniform(0, self.think))
        others = {kind: weight for kind, weight in self.mix.items() if kind != "report"}
        kinds, weights = list(others), list(others.values())
        while self.running:
            if self.to_classify:
                await self.classify(user, self.to_classify.pop(0))
                continue
            kind = self.rng.choices(kinds, weights)[0]
            await (self.tag(user) if kind == "tag" else self.command(user, kind))
            await self.pause()

    # ---------------------------------------------------------------- reading the fake

    def _triage_message(self, number: str) -> Message | None:
        wanted = f"{number}|minor"
        return next((m for m in self.fake.messages(self.helpdesk, include_replies=False)
                     if m.bot_id and any(b.get("value") == wanted for b in buttons(m))), None)

    def _join_some_channel(self, user: str) -> str:
        channel = self.rng.choice(self.channels)
        self.fake.join(user, channel)  # people join the incident channels they follow (no event)
        return channel


def channels_of(fake: FakeSlack, number: str) -> list[Channel]:
    """Incident channels named after ``number`` (``inc-2026-0007-…``, or ``…-2`` when the name was taken)."""
    base = f"inc-{number.lower().removeprefix('inc-')}"
    return [c for c in list(fake.channels.values()) if c.name == base or c.name.startswith(base + "-")]


def channel_of(fake: FakeSlack, number: str) -> Channel | None:
    found = channels_of(fake, number)
    return found[0] if found else None


def people(fake: FakeSlack, count: int) -> list[str]:
    """``count`` people: the two operators, the plan's other people, then new employees (U0BENCH001…)."""
    everyone = list(HELPDESK) + list(OTHERS)
    general = fake.channel_by_name("general")
    assert general is not None
    for n in range(1, count - len(everyone) + 1):
        user = f"U0BENCH{n:03d}"
        fake.add_user(user, f"bench{n:03d}", f"bench{n:03d}@example.be", real_name=f"Bench Person {n}")
        fake.join(user, general.id)
        everyone.append(user)
    return everyone[:count]


@dataclass
class Measured:
    load: Load
    timings: Timings
    seconds: float
    """From the clock's start to the last person's last action (the two first incidents not included)."""
    cpu_seconds: float
    """The server's CPU time over those seconds."""


async def simulate(fake: FakeSlack, url: str, pid: int, users: list[str], seconds: float, think: float,
                   mix: dict[str, float], major_share: float, seed: int) -> Measured:
    general, helpdesk = fake.channel_by_name("general"), fake.channel_by_name("helpdesk")
    assert general is not None and helpdesk is not None
    limits = httpx.Limits(max_connections=len(users) + 10, max_keepalive_connections=len(users) + 10)
    async with httpx.AsyncClient(timeout=30, limits=limits) as client:
        # Before the clock starts: one major and one minor incident are open (not measured).
        setup = Load(fake, AsyncSlack(fake, url, client, Timings()), general.id, helpdesk.id, random.Random(seed),
                     0.2, mix, 0.0, stop_at=time.monotonic() + 3600)
        for severity in ("major", "minor"):
            setup.major_share = 1.0 if severity == "major" else 0.0
            await setup.report(EMPLOYEE)
            await setup.classify(HELPDESK[0], setup.to_classify.pop())
        if len(setup.channels) != 2:
            raise SystemExit(f"could not open the two first incidents: {dict(setup.problems)}")
        timings = Timings()  # its origin: the clock's start
        load = Load(fake, AsyncSlack(fake, url, client, timings), general.id, helpdesk.id, random.Random(seed + 1),
                    think, mix, major_share, reports=dict(setup.reports), classified=dict(setup.classified),
                    channels=list(setup.channels), counter=setup.counter)
        started, cpu = time.monotonic(), cpu_seconds(pid)
        load.stop_at = started + seconds
        operators = [u for u in users if u in HELPDESK]
        await asyncio.gather(*(load.operator(u) for u in operators),
                             *(load.person(u) for u in users if u not in HELPDESK))
        measured = Measured(load, timings, time.monotonic() - started, cpu_seconds(pid) - cpu)
        # Reports still waiting are classified, so every accepted report gets its chance of a channel.
        while load.to_classify:
            await asyncio.gather(*(load.classify(u, load.to_classify.pop(0))
                                   for u in operators if load.to_classify))
    return measured


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
