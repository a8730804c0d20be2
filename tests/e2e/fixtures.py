"""The end-to-end worlds: a real ``sirene serve`` process against the fake Slack (``world``) and a signed
driver for it (``slack``). Registered for every suite by ``tests/conftest.py``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.server import SireneServer
from tests.e2e.world import SIGNING_SECRET
from tests.e2e.world import World
from tests.e2e.world import populate
from tests.e2e.world import sirene_env
from tests.e2e.world import write_plan
from tests.fakes.slack.http_driver import SlackDriver
from tests.fakes.slack.server import FakeSlack


@pytest.fixture
def world(fake_slack: FakeSlack, tmp_path: Path) -> Iterator[World]:
    helpdesk = populate(fake_slack)
    plan = write_plan(tmp_path / "plan.yaml", helpdesk)
    server = SireneServer(sirene_env(fake_slack, plan, f"sqlite:///{tmp_path / 'sirene.db'}"), tmp_path / "sirene.log")
    server.start()
    try:
        yield World(fake_slack, helpdesk, server)
    finally:
        server.stop()
    log = server.log()
    assert "Traceback" not in log and " ERROR " not in log, log


@pytest.fixture
def slack(world: World) -> Iterator[SlackDriver]:
    with SlackDriver(f"{world.server.url}/slack/events", SIGNING_SECRET, world.fake) as driver:
        yield driver


@pytest.fixture(autouse=True)
def leave_no_server() -> Iterator[None]:
    """After each test, stop every ``sirene serve`` the test started and did not stop (a failed wait between a
    start and its stop would otherwise leave the process running, orphaned, after the suite). Servers of wider
    fixtures (a package's one Sirene) are started before this snapshot and left to their fixture."""
    before = set(SireneServer.running)
    yield
    for server in SireneServer.running - before:
        server.stop()
