"""One deployment serving Slack and Mattermost at once (a company moving from one to the other), with
the slash command's token set by the admin instead of registered by Sirene."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from pathlib import Path

import httpx
import yaml

from tests.e2e.mattermost_world import defaults
from tests.e2e.mattermost_world import mattermost_env
from tests.e2e.mattermost_world import populate
from tests.e2e.server import SireneServer
from tests.e2e.world import EMPLOYEE
from tests.e2e.world import SIGNING_SECRET
from tests.e2e.world import populate as populate_slack
from tests.e2e.world import sirene_env
from tests.e2e.world import wait_for
from tests.fakes.mattermost.driver import MattermostDriver
from tests.fakes.mattermost.server import FakeMattermost
from tests.fakes.slack.http_driver import SlackDriver
from tests.fakes.slack.server import FakeSlack

DETECTED = int(datetime(2026, 11, 27, 8, 0, tzinfo=UTC).timestamp())


def test_slack_and_mattermost_share_one_plan_and_one_numbering(fake_slack: FakeSlack,
                                                               fake_mattermost: FakeMattermost,
                                                               tmp_path: Path) -> None:
    slack_helpdesk = populate_slack(fake_slack)
    plan_path, ids, general, helpdesk = populate(fake_mattermost, tmp_path)
    plan = yaml.safe_load(plan_path.read_text(encoding="utf-8"))
    plan["helpdesk_channel"]["slack"] = slack_helpdesk
    plan_path.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    server = SireneServer({}, tmp_path / "sirene.log")
    env = {**sirene_env(fake_slack, plan_path, f"sqlite:///{tmp_path / 'sirene.db'}"),
           **mattermost_env(fake_mattermost, plan_path, f"sqlite:///{tmp_path / 'sirene.db'}", server.url,
                            MATTERMOST_COMMAND_TOKEN="admin-made-command-token")}
    server.env.update(env)
    server.start()
    try:
        assert httpx.get(f"{server.url}/healthz").json()["platforms"] == ["mattermost", "slack"]
        assert fake_mattermost.commands == []  # the admin made the command: Sirene registers none
        with SlackDriver(f"{server.url}/slack/events", SIGNING_SECRET, fake_slack) as slack:
            slack_general = fake_slack.channel_by_name("general")
            assert slack_general is not None
            assert slack.slash(EMPLOYEE, "Printer on fire", slack_general.id).status_code == 200
            view = wait_for(lambda: fake_slack.last_view(EMPLOYEE), what="the Slack form")
            values = {"detected_at": DETECTED, "reporter_kind": "employee", "description": "It smokes",
                      "activities": []}
            assert slack.submit_view(EMPLOYEE, view.id, values).status_code == 200
        wait_for(lambda: any("INC-2026-0001" in (m.text or "") for m in fake_slack.messages(slack_helpdesk)),
                 what="the Slack triage message")
        with MattermostDriver(fake_mattermost, server.url, "admin-made-command-token") as driver:
            assert driver.slash(ids["emma"], "VPN down", general, token="wrong").status_code == 401
            assert driver.slash(ids["emma"], "VPN down", general).status_code == 200
            dialog = wait_for(lambda: next(iter(fake_mattermost.dialogs_for(ids["emma"])), None), what="the dialog")
            values = defaults(dialog, detected_at="2026-11-27 09:30", reporter_kind="employee",
                              description="No tunnel")
            assert driver.submit(ids["emma"], dialog, values, general).status_code == 200
        wait_for(lambda: any("INC-2026-0002" in p.text() for p in fake_mattermost.bot_posts(helpdesk)),
                 what="the Mattermost triage message, numbered after Slack's")
    finally:
        server.stop()
    assert "Traceback" not in server.log()
