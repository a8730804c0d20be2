"""The simulated people of a load run and the load they make together: who they are (the plan's helpdesk, who
classify, its other people, then new employees), what each does in Slack with a think time (report an incident
through its form, classify a report from its triage message, tag a message in an incident channel, ask
``/incident status`` or ``log``), what they share (:class:`Load`: the fake, the client, what they did, what went
wrong), and the run itself with the clock started once two incidents are open (:func:`simulate`)."""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import re
import time
from collections import Counter
from dataclasses import dataclass
from dataclasses import field

import httpx

from bench.harness import cpu_seconds
from bench.slack_client import AsyncSlack
from bench.slack_client import Timings
from bench.slack_client import poll
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
