"""A database outage on Mattermost: a dialog submitted meanwhile stays open with what was typed (a generic
error above its fields), and is accepted once the database is back; nothing is lost or doubled."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.mattermost_world import MattermostWorld
from tests.e2e.mattermost_world import defaults
from tests.e2e.mattermost_world import mattermost_env
from tests.e2e.mattermost_world import populate
from tests.e2e.server import SireneServer
from tests.e2e.world import wait_for
from tests.fakes.mattermost.server import FakeMattermost
from tests.reliability.test_database_outage import TICK_UNREACHABLE
from tests.reliability.test_database_outage import outage


@pytest.fixture
def pg_mm_world(fake_mattermost: FakeMattermost, tmp_path: Path,
                postgres_database: tuple[str, str]
                ) -> Iterator[MattermostWorld]:
    plan, ids, general, helpdesk = populate(fake_mattermost, tmp_path)
    server = SireneServer({}, tmp_path / "sirene.log")
    server.env.update(mattermost_env(fake_mattermost, plan, postgres_database[0], server.url))
    server.start()
    world = MattermostWorld(fake_mattermost, helpdesk, general, ids, server)
    try:
        wait_for(lambda: fake_mattermost.ws_connected(), what="the websocket")
        yield world
    finally:
        if world._driver is not None:
            world._driver.close()
        server.stop()
    log = server.log()
    assert "Traceback" not in log and " ERROR " not in log, log


def test_a_dialog_sent_during_an_outage_stays_open_and_is_accepted_after(
        pg_mm_world: MattermostWorld, postgres_database: tuple[str, str]) -> None:
    world, emma = pg_mm_world, pg_mm_world.ids["emma"]
    assert world.driver.slash(emma, "Printer on fire", world.general).status_code == 200
    dialog = world.dialog("emma", "report")
    typed = defaults(dialog, description="Smoke from the printer", detected_at="2026-11-27 09:30",
                     reporter_kind="employee")
    outage(postgres_database[1], on=True)
    try:
        kept = world.driver.submit(emma, dialog, typed, world.general)
        assert kept.status_code == 200 and "cannot reach its database" in kept.json()["error"], kept.text
        assert httpx.get(f"{world.server.url}/healthz").status_code == 503
        # The scheduler's tick meets the outage too (every 0.2 s; on a loaded machine the outage lasts longer):
        # a warning, not a traceback (checked at teardown).
        wait_for(lambda: TICK_UNREACHABLE in world.server.log(), what="a scheduler tick during the outage")
    finally:
        outage(postgres_database[1], on=False)
    wait_for(lambda: httpx.get(f"{world.server.url}/healthz").status_code == 200, what="the database back")
    accepted = world.driver.submit(emma, dialog, typed, world.general)
    assert accepted.status_code == 200 and accepted.json() == {}, accepted.text
    wait_for(lambda: "INC-2026-0001" in world.ephemeral_text("emma"), what="the confirmation")
    world.post_with(world.helpdesk, "INC-2026-0001")
    assert "INC-2026-0002" not in world.ephemeral_text("emma")
