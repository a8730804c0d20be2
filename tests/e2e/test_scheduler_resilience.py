"""Nothing lost, nothing doubled: a reminder due while Sirene is down arrives once, marked late; two Sirene
processes on one PostgreSQL database deliver each reminder once; 429s, 500s and a lost answer from Slack
delay messages but every one of them arrives, once."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterator
from functools import partial
from itertools import pairwise
from pathlib import Path

import pytest

from storage.engine import make_engine
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.e2e.scheduler_world import IRP_MANAGER
from tests.e2e.scheduler_world import LOST_ANSWER
from tests.e2e.scheduler_world import OPERATOR
from tests.e2e.scheduler_world import check_log
from tests.e2e.scheduler_world import classify
from tests.e2e.scheduler_world import direct
from tests.e2e.scheduler_world import driver
from tests.e2e.scheduler_world import every_bot_message
from tests.e2e.scheduler_world import fast_plan
from tests.e2e.scheduler_world import make_world
from tests.e2e.scheduler_world import marked
from tests.e2e.scheduler_world import marker_of
from tests.e2e.scheduler_world import passed
from tests.e2e.scheduler_world import reported
from tests.e2e.scheduler_world import running
from tests.e2e.scheduler_world import start
from tests.e2e.world import populate
from tests.e2e.world import wait_for
from tests.fakes.slack.server import FakeSlack
from tests.storage.fixtures import _postgres_database

pytestmark = pytest.mark.slow


def reminded(fake: FakeSlack, channel_id: str, number: str) -> bool:
    """At least four reminders of ``number`` in its channel."""
    return len(marked(fake, channel_id, f"{number}:reminder")) >= 4


def queue_empty(database: str) -> bool:
    factory = SqlUnitOfWorkFactory(make_engine(database))
    try:
        with factory() as uow:
            return uow.jobs.pending() == 0
    finally:
        factory.dispose()


def once_each(messages: list[str]) -> dict[str, int]:
    """The logical messages (markers without the job) posted more than once."""
    return {marker: count for marker, count in Counter(messages).items() if count > 1}


def test_a_reminder_due_during_a_restart_arrives_once_marked_late(
        fake_slack: FakeSlack, tmp_path: Path) -> None:
    fake = fake_slack
    helpdesk = populate(fake)
    plan = fast_plan(tmp_path / "plan.yaml", helpdesk, minor_sla="12s", reminders=("50%",))
    database = f"sqlite:///{tmp_path / 'sirene.db'}"
    first = start(fake, plan, database, tmp_path / "first.log")
    try:
        with driver(first, fake) as slack:
            number, channel_id = classify(make_world(fake, first, helpdesk), slack)
            classified = time.time()
            wait_for(lambda: fake.channel(channel_id).topic.startswith(number), what="the channel's topic")
    finally:
        first.stop()
    check_log(first)
    assert marked(fake, channel_id, f"{number}:reminder") == []
    wait_for(lambda: passed(classified + 6 + 3), timeout=30, what="the reminder's moment to pass while down")
    assert marked(fake, channel_id, f"{number}:reminder") == []
    with running(fake, plan, database, tmp_path / "second.log"):
        reminders = wait_for(lambda: marked(fake, channel_id, f"{number}:reminder"), timeout=20,
                             what="the reminder after the restart")
        wait_for(lambda: queue_empty(database), what="the queue to be empty")
        reminders = marked(fake, channel_id, f"{number}:reminder")
    assert len(reminders) == 1
    text = json.dumps(reminders[0].blocks, ensure_ascii=False)
    assert "late" in text and "Sirene was not running" in text


@pytest.fixture
def postgres_database(postgres_server_url: str) -> Iterator[str]:
    yield from _postgres_database(postgres_server_url)


@pytest.mark.postgres
def test_two_sirenes_on_one_postgresql_deliver_each_reminder_once(
        fake_slack: FakeSlack, tmp_path: Path, postgres_database: str) -> None:
    fake = fake_slack
    helpdesk = populate(fake)
    plan = fast_plan(tmp_path / "plan.yaml", helpdesk, minor_sla="8s", reminders=("25%", "50%", "75%", "100%"))
    with running(fake, plan, postgres_database, tmp_path / "a.log") as first, \
            running(fake, plan, postgres_database, tmp_path / "b.log") as second:
        incidents = []
        for server in (first, second, first):
            with driver(server, fake) as slack:
                incidents.append(classify(make_world(fake, server, helpdesk), slack))
        for number, channel_id in incidents:
            wait_for(partial(reminded, fake, channel_id, number), timeout=40,
                     what=f"the reminders of {number}")
        wait_for(lambda: len(direct(fake, IRP_MANAGER)) >= 3 and len(direct(fake, OPERATOR)) >= 3, timeout=20,
                 what="the escalations")
        wait_for(lambda: queue_empty(postgres_database), timeout=20, what="the queue to be empty")
    for number, channel_id in incidents:
        shares = sorted(marker_of(m).rsplit(":", 1)[1] for m in marked(fake, channel_id, f"{number}:reminder"))
        assert shares == ["100", "25", "50", "75"], (number, shares)
    posted = [marker_of(m) + "@" + m.channel for m in every_bot_message(fake) if marker_of(m)]
    assert once_each(posted) == {}
    assert len(direct(fake, IRP_MANAGER)) == 3 and len(direct(fake, OPERATOR)) == 3


def test_rate_limits_errors_and_a_lost_answer_delay_but_lose_and_double_nothing(
        fake_slack: FakeSlack, tmp_path: Path) -> None:
    fake = fake_slack
    helpdesk = populate(fake)
    plan = fast_plan(tmp_path / "plan.yaml", helpdesk, minor_sla="6s", acknowledge_within="30s")
    database = f"sqlite:///{tmp_path / 'sirene.db'}"
    with running(fake, plan, database, tmp_path / "sirene.log", expected_errors=(LOST_ANSWER,)) as server, \
            driver(server, fake) as slack:
        world = make_world(fake, server, helpdesk)
        number = reported(world, slack)
        # Slack misbehaves from the classification on: the post of the announcement is made but its
        # answer is lost, then errors and rate limits (with Retry-After) for posts, DMs and updates.
        fake.drop_response_next("chat.postMessage")
        fake.fail_next("chat.postMessage", status=500, error="internal_error")
        fake.fail_next("chat.postMessage", status=429, retry_after=1, times=2)
        fake.fail_next("conversations.open", status=429, retry_after=1)
        fake.fail_next("chat.update", status=503, error="service_unavailable")
        fake.fail_next("conversations.setTopic", status=429, retry_after=1)
        number, channel_id = classify(world, slack, number=number)
        wait_for(lambda: marked(fake, channel_id, f"{number}:reminder:sla:100"), timeout=60, what="every reminder")
        wait_for(lambda: direct(fake, IRP_MANAGER) and direct(fake, OPERATOR), timeout=30, what="the escalation")
        wait_for(lambda: queue_empty(database), timeout=60, what="the queue to be empty")
        posted = [marker_of(m) + "@" + m.channel for m in every_bot_message(fake) if marker_of(m)]
        for expected in (f"{number}:announcement@{channel_id}", f"{number}:checklist@{channel_id}",
                         f"{number}:reminder:sla:50@{channel_id}", f"{number}:reminder:sla:100@{channel_id}"):
            assert expected in posted, (expected, sorted(posted))
        assert once_each(posted) == {}
        assert len(fake.channel(channel_id).pins) == 1
        assert fake.channel(channel_id).topic.startswith(number)
    statuses = Counter(call.http_status for call in fake.calls_to("chat.postMessage"))
    assert statuses[429] == 2 and statuses[500] == 1
    # Posts to one channel are paced: never two within about a second (load only makes the gaps larger).
    by_channel: dict[str, list[float]] = {}
    for call in fake.calls_to("chat.postMessage"):
        by_channel.setdefault(str(call.args.get("channel")), []).append(call.at)
    gaps = [later - earlier for moments in by_channel.values() for earlier, later in pairwise(moments)]
    assert gaps and min(gaps) >= 0.9, sorted(gaps)[:3]
