"""On Mattermost: ``/incident stats`` answers with the key numbers and attaches the chart through Mattermost's file
upload; ``/incident home`` answers with my overview."""

from __future__ import annotations

import json
from datetime import UTC
from datetime import datetime

from tests.e2e.mattermost_world import MattermostWorld
from tests.e2e.test_mattermost_story import classify
from tests.e2e.test_mattermost_story import report
from tests.e2e.world import wait_for


def test_stats_and_home_on_mattermost(mm_world: MattermostWorld) -> None:
    world, fake, ids = mm_world, mm_world.fake, mm_world.ids
    number = report(world)
    channel_id = classify(world, number, "major")
    today = datetime.now(UTC)
    quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"

    answer = world.driver.slash(ids["hugo"], f"stats {quarter}", channel_id)
    assert answer.status_code == 200, answer.text
    text = answer.json()["text"]
    assert f"Incident figures {quarter}" in text and "**Incidents**: 1" in text
    wait_for(lambda: len(fake.attached(channel_id)) == 1, what="the chart", timeout=30)
    [(name, content)] = fake.attached(channel_id)
    assert name == f"incidents-{quarter}.png" and content.startswith(b"\x89PNG\r\n\x1a\n")

    home = world.driver.slash(ids["hugo"], "home", channel_id)
    assert home.status_code == 200
    shown = json.dumps(home.json(), ensure_ascii=False) + world.ephemeral_text("hugo")
    assert number in shown and "Mail server down" in shown
