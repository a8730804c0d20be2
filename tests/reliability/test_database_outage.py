"""The database becomes unreachable (PostgreSQL refuses connections for a while), then comes back.

During the outage: a polite answer, the form kept open, events answered 503 so Slack delivers them
again, ``/healthz`` says so. After it: everything resumes without anyone doing anything.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine
from sqlalchemy import text

from tests.e2e.scheduler_world import direct
from tests.e2e.server import SireneServer
from tests.e2e.test_slack_story import incident_channel
from tests.e2e.test_slack_story import report
from tests.e2e.test_slack_story import triage_message
from tests.e2e.world import EMPLOYEE
from tests.e2e.world import SIGNING_SECRET
from tests.e2e.world import World
from tests.e2e.world import button
from tests.e2e.world import populate
from tests.e2e.world import reactions
from tests.e2e.world import sirene_env
from tests.e2e.world import wait_for
from tests.e2e.world import write_plan
from tests.fakes.slack.http_driver import SlackDriver
from tests.fakes.slack.server import FakeSlack
from tests.storage.fixtures import _server_url

OPERATOR, RESPONDER = "U0DRIES", "U0LOTTE"
TICK_UNREACHABLE = "scheduler tick: the database is unreachable"
"""What Sirene logs (a warning) when its scheduler's tick finds the database gone."""


def outage(name: str, on: bool) -> None:
    admin = create_engine(_server_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {"false" if on else "true"}'))
        if on:
            connection.execute(text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"))
    admin.dispose()


@pytest.fixture
def pg_world(fake_slack: FakeSlack, tmp_path: Path, postgres_database: tuple[str, str]) -> Iterator[World]:
    helpdesk = populate(fake_slack)
    plan = write_plan(tmp_path / "plan.yaml", helpdesk)
    server = SireneServer(sirene_env(fake_slack, plan, postgres_database[0]), tmp_path / "sirene.log").start()
    try:
        yield World(fake_slack, helpdesk, server)
    finally:
        server.stop()
    log = server.log()
    assert "Traceback" not in log and " ERROR " not in log, log


def test_a_database_outage_delays_work_and_loses_nothing(pg_world: World, postgres_database: tuple[str, str]
                                                         ) -> None:
    world, name = pg_world, postgres_database[1]
    with SlackDriver(f"{world.server.url}/slack/events", SIGNING_SECRET, world.fake) as slack:
        number = report(world, slack)
        triage = triage_message(world, number)
        # Once the reporter is told, the triage message's reference is stored: the click cannot meet that write
        # (it would be refused as a change made meanwhile; on a loaded machine the window is wide).
        wait_for(lambda: direct(world.fake, EMPLOYEE, f"{number}:received"), what="the reporter's confirmation")
        slack.click(OPERATOR, world.helpdesk, triage.ts, button(triage, "sirene.classify", f"{number}|minor"))
        channel_id = incident_channel(world)
        general = world.fake.channel_by_name("general")
        assert general is not None
        slack.slash(EMPLOYEE, "Second outage", general.id)
        views = world.fake.open_views
        form = wait_for(lambda: next((v for v in reversed(views(EMPLOYEE)) if v.callback_id == "report"), None),
                        what="a second report form")

        outage(name, on=True)
        assert httpx.get(f"{world.server.url}/healthz").status_code == 503
        status = slack.slash(RESPONDER, "status", channel_id)
        assert status.status_code == 200 and "cannot reach its database" in json.dumps(status.json())
        kept = slack.submit_view(EMPLOYEE, form.id, {"description": "during the outage"}).json()
        assert kept["response_action"] == "errors" and "cannot reach its database" in json.dumps(kept)
        ts, event = slack.post_message(RESPONDER, channel_id, "!action Switched to the backup line")
        assert event is not None and event.status_code == 503
        wait_for(lambda: TICK_UNREACHABLE in world.server.log(), what="a scheduler tick during the outage")

        outage(name, on=False)
        wait_for(lambda: httpx.get(f"{world.server.url}/healthz").status_code == 200, what="the database back")
        assert slack.redeliver(retry_num=1, reason="http_error").status_code == 200
        wait_for(lambda: "white_check_mark" in reactions(world.fake, channel_id, ts),
                 what="the action logged after the outage")
        accepted = slack.submit_view(EMPLOYEE, form.id, {"description": "after the outage"}).json()
        assert "INC-2026-0002" in json.dumps(accepted)
        log = json.dumps(slack.slash(RESPONDER, "log", channel_id).json())
        assert log.count("Switched to the backup line") == 1
