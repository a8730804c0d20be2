"""A report storm against the fake Mattermost (#14): thirty reports within seconds; each reporter is told
their number, a classification opens its channel while triage lines still wait for the helpdesk channel's
pace, every report gets exactly one triage line, and every channel's posts keep to the allowance (the pace
scaled to five posts a second, as in ``test_report_storm``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.mattermost_world import MattermostWorld
from tests.e2e.mattermost_world import defaults
from tests.e2e.mattermost_world import mattermost_env
from tests.e2e.mattermost_world import populate
from tests.e2e.server import SireneServer
from tests.e2e.world import wait_for
from tests.fakes.mattermost.driver import action
from tests.fakes.mattermost.server import FakeMattermost
from tests.fakes.post_rate import over_allowance

pytestmark = pytest.mark.slow

INTERVAL = 0.2
REPORTS = 30


@pytest.fixture
def storm_world(fake_mattermost: FakeMattermost, tmp_path: Path) -> Iterator[MattermostWorld]:
    plan, ids, general, helpdesk = populate(fake_mattermost, tmp_path)
    for n in range(REPORTS):
        user = fake_mattermost.add_user(f"storm{n}", f"storm{n}@example.be")
        ids[f"storm{n}"] = user.id
        fake_mattermost.channels[general].members.add(user.id)
    server = SireneServer({}, tmp_path / "sirene.log")
    server.env.update(mattermost_env(fake_mattermost, plan, f"sqlite:///{tmp_path / 'sirene.db'}", server.url,
                                     SIRENE_POST_INTERVAL_SECONDS=str(INTERVAL)))
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


def report(world: MattermostWorld, user: str, title: str) -> str:
    answer = world.driver.slash(world.ids[user], title, world.general)
    assert answer.status_code == 200, answer.text
    dialog = world.dialog(user, "report")
    sent = world.driver.submit(world.ids[user], dialog, defaults(
        dialog, description="No mail since 9:00", detected_at="2026-11-27 09:30", activities="email",
        reporter_kind="employee"), world.general)
    assert sent.status_code == 200, sent.text
    text = wait_for(lambda: world.ephemeral_text(user), what="the confirmation")
    numbers = [w.strip(".;*\\") for w in text.split() if w.strip("*\\").startswith("INC-")]
    assert numbers, text
    return numbers[0]


def triage_lines(world: MattermostWorld, numbers: list[str]) -> Counter[str]:
    """The bot's posts in the helpdesk channel showing a report (its own line, or a line on a grouped card)."""
    return Counter(number for post in world.fake.bot_posts(world.helpdesk) for number in numbers
                   if f"{number} ·" in post.text())


def test_a_storm_of_reports_on_mattermost_keeps_to_the_allowance(storm_world: MattermostWorld) -> None:
    world = storm_world
    numbers = [report(world, f"storm{n}", f"Mail server down ({n})") for n in range(REPORTS)]
    first = world.post_with(world.helpdesk, numbers[0])
    answer = world.driver.click(world.ids["dries"], first, action(first, "sirene.classify", f"{numbers[0]}|minor"))
    assert answer.status_code == 200, answer.text
    channel = wait_for(lambda: world.fake.channel_named_like(f"inc-{numbers[0][4:].lower()}"), what="the channel")
    wait_for(lambda: len(triage_lines(world, numbers)) == REPORTS, timeout=30, what="every triage line")
    wait_for(lambda: world.fake.bot_posts(channel.id), what="the channel's first message")
    assert set(triage_lines(world, numbers).values()) == {1}  # one line each: nothing lost, nothing doubled
    # The last report is marked as possibly the same as the first (the same activity): it joins it.
    last = world.post_with(world.helpdesk, f"{numbers[-1]} ·")
    answer = world.driver.click(world.ids["dries"], last,
                                action(last, "sirene.duplicate", f"{numbers[-1]}|{numbers[0]}"))
    assert answer.status_code == 200, answer.text
    wait_for(lambda: any(numbers[0] in p.text() for c in list(world.fake.channels.values())
                         if c.type == "D" and world.ids[f"storm{REPORTS - 1}"] in c.members
                         for p in world.fake.bot_posts(c.id)), what="the reporter told which incident it joins")
    wait_for(lambda: any(numbers[-1] in p.text() for p in world.fake.bot_posts(channel.id)),
             what="the team told of the extra report")
    assert world.fake.channel_named_like(f"inc-{numbers[-1][4:].lower()}") is None
    posts = [(c.id, p.create_at / 1000) for c in list(world.fake.channels.values()) for p in world.fake.bot_posts(c.id)]
    assert over_allowance(posts, per_second=1 / INTERVAL) == []
