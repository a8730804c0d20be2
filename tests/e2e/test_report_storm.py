"""A report storm against the fake Slack (#14): thirty people report within seconds; every reporter is told
their number at once, a classification opens its channel while triage lines still wait for #helpdesk, every
report gets exactly one triage line, and the fake counts each channel's posts against Slack's allowance.
Two Sirene processes on one PostgreSQL database keep to the allowance together.

The pace is scaled (``SIRENE_POST_INTERVAL_SECONDS=0.2``: five posts a second per conversation, the
allowance counted at the same scale) so that the storm drains in seconds, not half a minute.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from storage.migrate import upgrade
from tests.e2e.scheduler_world import check_log
from tests.e2e.scheduler_world import direct
from tests.e2e.scheduler_world import driver
from tests.e2e.scheduler_world import running
from tests.e2e.scheduler_world import start
from tests.e2e.server import SireneServer
from tests.e2e.world import button
from tests.e2e.world import populate
from tests.e2e.world import wait_for
from tests.e2e.world import write_plan
from tests.fakes.post_rate import over_allowance
from tests.fakes.slack.http_driver import SlackDriver
from tests.fakes.slack.model import Message
from tests.fakes.slack.server import FakeSlack
from tests.storage.fixtures import _postgres_database

pytestmark = pytest.mark.slow

INTERVAL = 0.2
PACE = {"SIRENE_POST_INTERVAL_SECONDS": str(INTERVAL)}
SHARED_INTERVAL = 0.5
"""The two replicas' pace: slower than the reports arrive (about five a second), so that each replica pacing
alone (in its own memory) would post at every one of its own slots, twice the allowance together: the test
fails so when the slots are not shared (tried)."""
OPERATOR = "U0DRIES"
HEAD = re.compile(r"(INC-\d{4}-\d{4,}) ·")


@pytest.fixture
def postgres_database(postgres_server_url: str) -> Iterator[str]:
    yield from _postgres_database(postgres_server_url)


def reporters(fake: FakeSlack, count: int) -> list[str]:
    general = fake.channel_by_name("general")
    assert general is not None
    people = []
    for n in range(count):
        user = f"U0STORM{n:03d}"
        fake.add_user(user, f"storm{n}", f"storm{n}@example.be", real_name=f"Storm Person {n}")
        fake.join(user, general.id)
        people.append(user)
    return people


def report(fake: FakeSlack, slack: SlackDriver, user: str, title: str) -> str:
    general = fake.channel_by_name("general")
    assert general is not None
    seen = {view.id for view in list(fake.views.values())}
    assert slack.slash(user, title, general.id).status_code == 200
    view = wait_for(lambda: next((v for v in fake.open_views(user) if v.id not in seen), None), what="the form")
    answer = slack.submit_view(user, view.id, {"description": "Seen just now", "detected_at": int(time.time()) - 60,
                                               "activities": ["email"], "reporter_kind": "employee"})
    found = [w.strip(".;\"") for w in json.dumps(answer.json()).split() if w.startswith("INC-")]
    assert found, answer.text
    return found[0]


def triage_lines(fake: FakeSlack, helpdesk: str) -> Counter[str]:
    """Reports shown in #helpdesk (on a line of their own or on a grouped card), per incident number: the
    messages with a line headed by the number."""
    return Counter(number for m in fake.messages(helpdesk) if m.bot_id
                   for number in set(HEAD.findall(json.dumps(m.blocks or [], ensure_ascii=False))))


def posts(fake: FakeSlack) -> list[tuple[str, float]]:
    """Each post the fake accepted: (conversation, when it arrived)."""
    return [(str((c.response or {}).get("channel") or c.args.get("channel")), c.at)
            for c in fake.calls_to("chat.postMessage") if c.ok]


def storm(fake: FakeSlack, servers: list[SireneServer], people: list[str]) -> list[str]:
    numbers = []
    drivers = [driver(server, fake) for server in servers]
    try:
        for n, user in enumerate(people):
            numbers.append(report(fake, drivers[n % len(drivers)], user, f"Mail server down ({n})"))
    finally:
        for each in drivers:
            each.close()
    return numbers


def test_a_storm_of_reports_keeps_to_the_allowance_and_loses_nothing(
        fake_slack: FakeSlack, tmp_path: Path) -> None:
    fake = fake_slack
    helpdesk = populate(fake)
    people = reporters(fake, 30)
    plan = write_plan(tmp_path / "plan.yaml", helpdesk)
    with running(fake, plan, f"sqlite:///{tmp_path / 'sirene.db'}", tmp_path / "sirene.log", (), **PACE) as server:
        numbers = storm(fake, [server], people)
        # Every reporter is told their number, whatever the helpdesk's queue.
        told = list(zip(people, numbers, strict=True))
        wait_for(lambda: all(direct(fake, user, f"{number}:received") for user, number in told),
                 timeout=20, what="every reporter's confirmation")
        # The first report is classified while the others' triage lines still wait for #helpdesk.
        # Its line, or its place on a card when the runner found several reports waiting (a loaded machine).
        first = f"{numbers[0]}|minor"
        triage: Message = wait_for(lambda: next((m for m in fake.messages(helpdesk) if m.bot_id
                                                 and f'"{first}"' in json.dumps(m.blocks)), None),
                                   what="the first report's Classify button")
        with driver(server, fake) as slack:
            slack.click(OPERATOR, helpdesk, triage.ts, button(triage, "sirene.classify", first))
        channel = wait_for(lambda: next((c for c in list(fake.channels.values())
                                         if c.name.startswith(f"inc-{numbers[0][4:].lower()}")), None),
                           what="the incident channel")
        wait_for(lambda: sum(triage_lines(fake, helpdesk).values()) == len(numbers), timeout=30,
                 what="every triage line")
        wait_for(lambda: fake.messages(channel.id), what="the channel's first message")
        # The last report is marked as possibly the same as the first (the same activity): it joins it.
        last = numbers[-1]
        joins = f"{last}|{numbers[0]}"
        line = wait_for(lambda: next((m for m in fake.messages(helpdesk) if joins in json.dumps(m.blocks)), None),
                        what="the last report's line")
        with driver(server, fake) as slack:
            slack.click(OPERATOR, helpdesk, line.ts, button(line, "sirene.duplicate", joins))
        joined = wait_for(lambda: direct(fake, people[-1], f"{last}:duplicate"), what="the reporter told")
        assert numbers[0] in json.dumps(joined[0].blocks)
        wait_for(lambda: any(last in json.dumps(m.blocks) for m in fake.messages(channel.id)),
                 what="the team told of the extra report")
        assert not any(c.name.startswith(f"inc-{last[4:].lower()}") for c in list(fake.channels.values()))
    lines = triage_lines(fake, helpdesk)
    assert all(lines[number] == 1 for number in numbers), lines
    assert all(len(direct(fake, user, f"{number}:received")) == 1 for user, number in told)
    assert over_allowance(posts(fake), per_second=1 / INTERVAL) == []
    assert fake.violations == []


@pytest.mark.postgres
def test_two_sirenes_on_one_postgresql_share_each_channels_pace(
        fake_slack: FakeSlack, tmp_path: Path, postgres_database: str) -> None:
    fake = fake_slack
    helpdesk = populate(fake)
    people = reporters(fake, 20)
    plan = write_plan(tmp_path / "plan.yaml", helpdesk)
    upgrade(postgres_database)  # once, so that the two replicas can start side by side
    with ThreadPoolExecutor(max_workers=2) as pool:
        replicas = list(pool.map(lambda name: start(fake, plan, postgres_database, tmp_path / name,
                                                    SIRENE_POST_INTERVAL_SECONDS=str(SHARED_INTERVAL)),
                                 ("a.log", "b.log")))
    try:
        numbers = storm(fake, replicas, people)
        wait_for(lambda: sum(triage_lines(fake, helpdesk).values()) == len(numbers), timeout=30,
                 what="every triage line")
    finally:
        for replica in replicas:
            replica.stop()
    for replica in replicas:
        check_log(replica)
    lines = triage_lines(fake, helpdesk)
    assert all(lines[number] == 1 for number in numbers), lines
    helpdesk_posts = [(conversation, at) for conversation, at in posts(fake) if conversation == helpdesk]
    assert over_allowance(helpdesk_posts, per_second=1 / SHARED_INTERVAL) == []
    assert fake.violations == []
