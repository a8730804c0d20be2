"""Fault 7: ``kill -9`` of Sirene in the middle of the lifecycle, then a restart on the same database. Killed after
the classification was accepted but before the channel exists (Slack keeps answering 500 to
``conversations.create`` so the window is wide), and again while a reminder is pending: the incident ends as it
would have without the kills — one channel, its topic, pin, checklist — and no message or reminder is lost or
doubled (counted on the fake's side)."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.engine import make_engine
from tests.e2e.scheduler_world import OPERATOR
from tests.e2e.scheduler_world import check_log
from tests.e2e.scheduler_world import driver
from tests.e2e.scheduler_world import every_bot_message
from tests.e2e.scheduler_world import fast_plan
from tests.e2e.scheduler_world import make_world
from tests.e2e.scheduler_world import marked
from tests.e2e.scheduler_world import marker_of
from tests.e2e.scheduler_world import passed
from tests.e2e.scheduler_world import reported
from tests.e2e.scheduler_world import start
from tests.e2e.scheduler_world import triage_message
from tests.e2e.test_scheduler_resilience import queue_empty
from tests.e2e.world import button
from tests.e2e.world import populate as populate_slack
from tests.e2e.world import wait_for
from tests.fakes.slack.server import FakeSlack

pytestmark = pytest.mark.slow


def doubled(fake: FakeSlack) -> dict[str, int]:
    markers = Counter(marker_of(m) for m in every_bot_message(fake) if marker_of(m))
    return {marker: count for marker, count in markers.items() if count > 1}


def setup_waiting_to_retry(database: str) -> bool:
    """The space set-up job failed at least once and waits for its retry, held by no worker."""
    engine = make_engine(database)
    try:
        with engine.connect() as connection:
            return bool(connection.execute(text(
                "SELECT count(*) FROM job WHERE kind = 'space.setup' AND done_at IS NULL AND attempts >= 1 "
                "AND leased_until IS NULL")).scalar_one())
    finally:
        engine.dispose()


def test_kill_9_before_the_channel_exists_and_while_a_reminder_is_pending(
        fake_slack: FakeSlack, tmp_path: Path) -> None:
    fake = fake_slack
    helpdesk = populate_slack(fake)
    plan = fast_plan(tmp_path / "plan.yaml", helpdesk, minor_sla="24s", reminders=("50%",))
    database = f"sqlite:///{tmp_path / 'sirene.db'}"

    first = start(fake, plan, database, tmp_path / "first.log")
    with driver(first, fake) as slack:
        world = make_world(fake, first, helpdesk)
        number = reported(world, slack)
        fake.fail_next("conversations.create", status=500, retry_after=None, times=1000)
        triage = triage_message(world, number)
        slack.click(OPERATOR, helpdesk, triage.ts, button(triage, "sirene.classify", f"{number}|minor"))
        classified = time.time()
        wait_for(lambda: [c for c in fake.calls_to("conversations.create") if c.http_status == 500],
                 timeout=20, what="the channel creation to be under way (and failing)")
        # Killed once the failed attempt is put back to wait for its retry: a kill while the attempt is still in
        # hand (the 500 answered, its postponement not yet stored) holds the job until its lease (60 s) runs
        # out, a delay this test does not wait for.
        wait_for(lambda: setup_waiting_to_retry(database), timeout=20, what="the failed channel set-up postponed")
    first.kill()  # kill -9: the classification is stored, the channel does not exist yet
    fake.clear_faults("conversations.create")
    prefix = f"inc-{number[4:].lower()}"
    assert not [c for c in fake.channels.values() if c.name.startswith(prefix)]

    second = start(fake, plan, database, tmp_path / "second.log")
    channel = wait_for(lambda: next((c for c in list(fake.channels.values()) if c.name.startswith(prefix)), None),
                       timeout=30, what="the channel after the restart")
    wait_for(lambda: fake.channel(channel.id).topic.startswith(number), what="the topic")
    wait_for(lambda: fake.channel(channel.id).pins, what="the pinned announcement")
    wait_for(lambda: marked(fake, channel.id, f"{number}:checklist"), what="the checklist")
    assert marked(fake, channel.id, f"{number}:reminder") == []
    # Killed between jobs: a job in flight at the kill holds its incident's queue until its lease (60 s) runs out,
    # a delay this test does not wait for (the first kill above catches a job that failed and waits to retry).
    wait_for(lambda: queue_empty(database), timeout=30, what="the queue to be idle")
    second.kill()  # kill -9 again, the reminder (at 12 s) still pending

    wait_for(lambda: passed(classified + 12 + 2), timeout=30, what="the reminder's moment to pass while down")
    assert marked(fake, channel.id, f"{number}:reminder") == []
    third = start(fake, plan, database, tmp_path / "third.log")
    try:
        wait_for(lambda: marked(fake, channel.id, f"{number}:reminder"), timeout=30, what="the reminder")
        with driver(third, fake) as slack:  # a request after the restarts is answered as usual
            assert slack.slash(OPERATOR, "log", channel.id).status_code == 200
    finally:
        third.stop()
    check_log(third)
    assert len(marked(fake, channel.id, f"{number}:reminder")) == 1
    assert len([c for c in fake.calls_to("conversations.create") if c.ok]) == 1
    assert len([c for c in fake.channels.values() if c.name.startswith(prefix)]) == 1
    assert doubled(fake) == {}
    assert len(fake.channel(channel.id).pins) == 1
