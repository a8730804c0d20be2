"""Secrets never reach the log or a message: Sirene runs at DEBUG level (slack_sdk then logs every request it
sends, headers included), Slack answers 500, a forged request arrives, a setting is wrong at start; the bot token,
signing secret, app token, Mattermost tokens and ``SIRENE_SECRET_KEY`` appear nowhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.mattermost_world import MattermostWorld
from tests.e2e.mattermost_world import mattermost_env
from tests.e2e.mattermost_world import populate as mm_populate
from tests.e2e.scheduler_world import classify
from tests.e2e.scheduler_world import driver
from tests.e2e.scheduler_world import make_world
from tests.e2e.scheduler_world import start
from tests.e2e.server import REPO
from tests.e2e.server import SireneServer
from tests.e2e.test_mattermost_story import classify as mm_classify
from tests.e2e.test_mattermost_story import report as mm_report
from tests.e2e.world import EMPLOYEE
from tests.e2e.world import SIGNING_SECRET
from tests.e2e.world import populate
from tests.e2e.world import wait_for
from tests.e2e.world import write_plan
from tests.fakes.mattermost.driver import action
from tests.fakes.mattermost.server import FakeMattermost
from tests.fakes.slack.server import FakeSlack

pytestmark = pytest.mark.slow


def leaked(text: str, secrets: list[str]) -> list[str]:
    return [secret for secret in secrets if secret in text]


def test_the_slack_story_at_debug_level_writes_no_secret(fake_slack: FakeSlack, tmp_path: Path) -> None:
    fake = fake_slack
    helpdesk = populate(fake)
    plan = write_plan(tmp_path / "plan.yaml", helpdesk)
    secrets = [fake.bot_token, SIGNING_SECRET]
    server = start(fake, plan, f"sqlite:///{tmp_path / 'sirene.db'}", tmp_path / "sirene.log", SIRENE_LOG_LEVEL="DEBUG")
    try:
        with driver(server, fake) as slack:
            fake.fail_next("chat.postMessage", status=500, retry_after=None, times=2)
            fake.fail_next("conversations.create", status=500, retry_after=None, times=1)
            number, channel_id = classify(make_world(fake, server, helpdesk), slack)
            wait_for(lambda: fake.channel(channel_id).topic.startswith(number), what="the channel's topic")
            forged = slack.with_options(signing="wrong_secret").slash(EMPLOYEE, "log", channel_id)
            assert forged.status_code == 401
            assert SIGNING_SECRET not in forged.text
            unknown = slack.slash(EMPLOYEE, "status INC-2099-9999", channel_id)
            assert unknown.status_code == 200 and not leaked(unknown.text, secrets)
    finally:
        server.stop()
    log = server.log()
    assert " DEBUG " in log and "chat.postMessage" in log, "the run was not at DEBUG level"
    assert leaked(log, secrets) == []
    said = json.dumps([m.to_slack() for c in list(fake.channels.values()) for m in fake.messages(c.id)]
                      + [e.to_slack() for e in fake.ephemerals])
    assert leaked(said, secrets) == []


@pytest.fixture
def mm_debug(fake_mattermost: FakeMattermost, tmp_path: Path) -> Iterator[MattermostWorld]:
    plan, ids, general, helpdesk = mm_populate(fake_mattermost, tmp_path)
    server = SireneServer({"SIRENE_LOG_LEVEL": "DEBUG"}, tmp_path / "sirene.log")
    env = mattermost_env(fake_mattermost, plan, f"sqlite:///{tmp_path / 'sirene.db'}", server.url,
                         SIRENE_LOG_LEVEL="DEBUG")
    server.env.update(env)
    server.start()
    world = MattermostWorld(fake_mattermost, helpdesk, general, ids, server, env)
    try:
        wait_for(lambda: fake_mattermost.ws_connected(), what="the websocket")
        yield world
    finally:
        if world._driver is not None:
            world._driver.close()
        server.stop()


def test_mattermost_at_debug_level_writes_no_secret(mm_debug: MattermostWorld) -> None:
    world = mm_debug
    secrets = [world.fake.bot_token, world.env["SIRENE_SECRET_KEY"], world.driver.command_token]
    number = mm_report(world)
    triage = world.post_with(world.helpdesk, number)
    forged = world.driver.click(world.ids["dries"], triage, action(triage, "sirene.classify", f"{number}|minor"),
                                context={"action": "sirene.classify", "value": f"{number}|crisis"})
    assert forged.status_code == 403 and not leaked(forged.text, secrets)
    assert world.driver.slash(world.ids["emma"], "x", world.general, token="forged").status_code == 401
    mm_classify(world, number, "minor")
    world.server.stop()
    log = world.server.log()
    assert " DEBUG " in log, "the run was not at DEBUG level"
    assert leaked(log, secrets) == []
    assert leaked(json.dumps([p.text() for p in world.fake.posts.values()]), secrets) == []


@pytest.mark.parametrize("wrong", [
    {"SLACK_BOT_TOKEN": "xoxp-1111-2222-thisisauserbottokenleak"},
    {"SLACK_APP_TOKEN": "xoxb-9999-thisisnotanapptokenleak", "SLACK_BOT_TOKEN": "xoxb-1-2-botsecretleak"},
    {"MATTERMOST_URL": "http://127.0.0.1:9", "MATTERMOST_BOT_TOKEN": "mmtokenthatmustnotleak",
     "MATTERMOST_TEAM": "t", "SIRENE_PUBLIC_URL": "http://x", "SIRENE_SECRET_KEY": "tooshortsecretleak"},
    {"PORT": "not-a-port", "SLACK_BOT_TOKEN": "xoxb-1-2-botsecretleak", "SLACK_SIGNING_SECRET": "signsecretleak"},
])
def test_a_wrong_setting_at_start_names_the_variable_not_the_secret(wrong: dict[str, str], tmp_path: Path) -> None:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "en_GB.UTF-8", "SIRENE_LOG_LEVEL": "DEBUG",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'sirene.db'}", **wrong}
    env["PYTHONPATH"] = str(REPO)
    done = subprocess.run([sys.executable, "-m", "bot.cli", "serve"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2, done.stdout + done.stderr
    output = done.stdout + done.stderr
    secrets = [value for key, value in wrong.items() if "TOKEN" in key or "SECRET" in key]
    assert leaked(output, secrets) == [], output
    assert "Traceback" not in output
