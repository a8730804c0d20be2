"""The Mattermost team of the end-to-end tests: the plan's people, #general and #helpdesk, a running
Sirene configured for Mattermost only (it registers ``/incident`` itself), and the driver."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.e2e.server import REPO
from tests.e2e.server import SireneServer
from tests.e2e.world import wait_for
from tests.fakes.mattermost.driver import MattermostDriver
from tests.fakes.mattermost.model import Dialog
from tests.fakes.mattermost.model import Post
from tests.fakes.mattermost.server import FakeMattermost

RESOLVED_BY_EMAIL = ("hanne", "marc")
"""People written in the plan with an e-mail address only: Sirene finds their ids at start."""


@dataclass
class MattermostWorld:
    fake: FakeMattermost
    helpdesk: str
    general: str
    ids: dict[str, str]
    """Plan person key (and ``emma``, an employee in no role) → Mattermost user id."""
    server: SireneServer
    env: dict[str, str] = field(default_factory=dict)
    _driver: MattermostDriver | None = None

    @property
    def driver(self) -> MattermostDriver:
        if self._driver is None:
            token = wait_for(lambda: next((c.token for c in self.fake.commands), None), what="/incident")
            self._driver = MattermostDriver(self.fake, self.server.url, token)
        return self._driver

    def dialog(self, user: str, callback_id: str, after: int = 0) -> Dialog:
        user_id = self.ids[user]
        return wait_for(lambda: next((d for d in self.fake.dialogs_for(user_id)[after:]
                                      if d.dialog.get("callback_id") == callback_id), None),
                        what=f"the {callback_id} dialog for {user}")

    def post_with(self, channel_id: str, text: str) -> Post:
        return wait_for(lambda: next((p for p in self.fake.bot_posts(channel_id) if text in p.text()), None),
                        what=f"a post saying {text!r}")

    def ephemeral_text(self, user: str) -> str:
        return "\n".join(e.text() for e in self.fake.ephemerals_for(self.ids[user]))


def defaults(dialog: Dialog, **values: Any) -> dict[str, Any]:
    """What the web app submits: every element's default, then what the user typed or chose."""
    submission: dict[str, Any] = {}
    for element in dialog.dialog.get("elements", []):
        if element.get("default") not in (None, ""):
            submission[element["name"]] = element["default"]
    submission.update(values)
    return submission


def populate(fake: FakeMattermost, tmp_path: Path) -> tuple[Path, dict[str, str], str, str]:
    plan = yaml.safe_load((REPO / "plan.example.yaml").read_text(encoding="utf-8"))
    ids: dict[str, str] = {}
    for key, person in plan["people"].items():
        ids[key] = fake.add_user(key, person["email"]).id
        person.pop("language", None)
        if key not in RESOLVED_BY_EMAIL:
            person["mattermost"] = ids[key]
    ids["emma"] = fake.add_user("emma", "emma@example.be").id
    everyone = list(ids.values())
    general = fake.add_channel("town-square", everyone).id
    helpdesk = fake.add_channel("helpdesk", [*everyone, fake.bot.id]).id
    plan["helpdesk_channel"] = {"slack": "C0HELPDESK", "mattermost": helpdesk, "sandbox": "helpdesk"}
    plan["language"] = "en"
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    return path, ids, general, helpdesk


def mattermost_env(fake: FakeMattermost, plan: Path, database: str, public_url: str, **extra: str) -> dict[str, str]:
    return {
        "MATTERMOST_URL": fake.url,
        "MATTERMOST_BOT_TOKEN": fake.bot_token,
        "MATTERMOST_TEAM": fake.team_name,
        "SIRENE_PUBLIC_URL": public_url,
        "SIRENE_SECRET_KEY": secrets.token_hex(24),
        "SIRENE_PLAN": str(plan),
        "DATABASE_URL": database,
        "SIRENE_TICK_SECONDS": "0.2",
        **extra,
    }


@pytest.fixture
def mm_world(fake_mattermost: FakeMattermost, tmp_path: Path) -> Iterator[MattermostWorld]:
    plan, ids, general, helpdesk = populate(fake_mattermost, tmp_path)
    server = SireneServer({}, tmp_path / "sirene.log")
    env = mattermost_env(fake_mattermost, plan, f"sqlite:///{tmp_path / 'sirene.db'}", server.url)
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
    log = server.log()
    assert "Traceback" not in log and " ERROR " not in log, log
