"""Property-based fuzz of the Mattermost endpoints: the slash command, button clicks and dialog submissions, from
Mattermost's real payloads (``platform-contracts/mattermost/payloads/incoming/``) and Sirene's own genuinely signed
ones, mutated. Whatever arrives, Sirene never answers 5xx, never shows or logs a traceback, and its database stays
consistent."""

from __future__ import annotations

import json
import urllib.parse
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from handlers.mattermost.render_message import ACTION_PURPOSE
from handlers.mattermost.signing import Signer
from tests.contracts import contracts_dir
from tests.e2e.mattermost_world import MattermostWorld
from tests.reliability.test_fuzz_slack import assert_consistent
from tests.reliability.test_fuzz_slack import mutate

pytestmark = pytest.mark.slow

EXAMPLES = 100
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
_dialogs: dict[int, dict[str, Any]] = {}


def incoming(prefix: str) -> list[dict[str, Any]]:
    folder = contracts_dir() / "mattermost" / "payloads" / "incoming"
    found = []
    for path in sorted(folder.glob(f"{prefix}*.json")):
        data = json.loads(path.read_text())
        found.append({k: v for k, v in data.items() if not k.startswith("_")})
    return found


def genuine_click(world: MattermostWorld) -> dict[str, Any]:
    context = Signer(world.env["SIRENE_SECRET_KEY"]).sign(
        ACTION_PURPOSE, {"action": "sirene.classify", "value": "INC-2026-0001|major"}, timedelta(days=1))
    return {"user_id": world.ids["dries"], "user_name": "dries", "channel_id": world.helpdesk,
            "channel_name": "helpdesk", "team_id": world.fake.team_id, "team_domain": world.fake.team_name,
            "post_id": "p" * 26, "trigger_id": "t", "type": "button", "data_source": "", "context": context}


def genuine_dialog(world: MattermostWorld) -> dict[str, Any]:
    """A real report dialog's submission (its state sealed by Sirene), opened once per world."""
    if id(world) not in _dialogs:
        assert world.driver.slash(world.ids["emma"], "Fuzzed", world.general).status_code == 200
        dialog = world.dialog("emma", "report")
        _dialogs[id(world)] = {"url": dialog.url, "body": {
            "type": "dialog_submission", "callback_id": "report", "state": dialog.dialog["state"],
            "user_id": world.ids["emma"], "channel_id": world.general, "team_id": world.fake.team_id,
            "submission": {"title": "Fuzzed", "description": "x", "detected_at": "2026-11-27 09:30",
                           "activities": "email", "reporter_kind": "employee"}, "cancelled": False}}
    return _dialogs[id(world)]


def check(world: MattermostWorld, answer: httpx.Response) -> None:
    assert answer.status_code < 500, answer.text
    assert "Traceback" not in answer.text


@FUZZ
@given(choices=st.data(), text_=st.text(max_size=300))
def test_the_slash_command_never_breaks(mm_world: MattermostWorld, choices: st.DataObject, text_: str) -> None:
    world = mm_world
    token = world.driver.command_token
    seed = incoming("slash_command")[0]["fields"] | {
        "command": "/incident", "user_id": world.ids[choices.draw(st.sampled_from(["dries", "emma"]))],
        "channel_id": choices.draw(st.sampled_from([world.general, world.helpdesk])), "text": text_,
        "team_id": world.fake.team_id, "token": token}
    fields = {k: str(v) for k, v in mutate(seed, choices).items() if v is not None}
    answer = httpx.post(f"{world.server.url}/mattermost/command", content=urllib.parse.urlencode(fields),
                        headers={"Content-Type": "application/x-www-form-urlencoded",
                                 "Authorization": f"Token {token}"}, timeout=10)
    check(world, answer)


@FUZZ
@given(choices=st.data())
def test_button_clicks_never_break(mm_world: MattermostWorld, choices: st.DataObject) -> None:
    world = mm_world
    seed = choices.draw(st.sampled_from([*incoming("post_action"), genuine_click(world)]))
    answer = httpx.post(f"{world.server.url}/mattermost/actions", json=mutate(seed, choices), timeout=10)
    check(world, answer)


@FUZZ
@given(choices=st.data())
def test_dialog_submissions_never_break(mm_world: MattermostWorld, choices: st.DataObject) -> None:
    world = mm_world
    genuine = genuine_dialog(world)
    seed = choices.draw(st.sampled_from([*incoming("dialog_"), genuine["body"]]))
    answer = httpx.post(genuine["url"], json=mutate(seed, choices), timeout=10)
    check(world, answer)
    if choices.draw(st.integers(0, 20)) == 0:
        assert_consistent_mm(world)


def assert_consistent_mm(world: MattermostWorld) -> None:
    assert_consistent(Path(world.env["DATABASE_URL"].removeprefix("sqlite:///")))
