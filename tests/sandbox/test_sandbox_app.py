"""The sandbox's routes in process (Starlette's test client) for what no use case does yet: forms that go
on to a next step, and files shared by the bot (exports), downloadable only by who sees the channel."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from bot.clock import FixedClock
from bot.core import Actor
from bot.core import Core
from bot.core import FormDone
from bot.core import OpenForm
from bot.directory import Directory
from bot.plan_loader import load_plan
from bot.specs import FormSpec
from bot.specs import MessageSpec
from bot.specs import TextInput
from handlers.sandbox.api import SandboxApp
from handlers.sandbox.chat import SandboxChat
from handlers.sandbox.http import sandbox_routes
from handlers.sandbox.live import Live
from handlers.sandbox.people import People
from storage.engine import make_engine
from storage.sandbox import SqlSandboxStore
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.core.harness import REPO
from tests.core.harness import START

TOKEN = "test-token"


@dataclass
class Sandbox:
    app: SandboxApp
    chat: SandboxChat
    store: SqlSandboxStore
    client: TestClient


@pytest.fixture
def sandbox(migrated_url: str) -> Iterator[Sandbox]:
    engine = make_engine(migrated_url)
    plan = load_plan(REPO / "plan.example.yaml")
    core = Core(plan, Directory(plan), SqlUnitOfWorkFactory(engine), FixedClock(START))
    store, live = SqlSandboxStore(engine), Live()
    chat = SandboxChat(store, live, "http://127.0.0.1:3000/", {})
    app = SandboxApp(core, chat, store, People(core.directory), live, lambda user_id: None, TOKEN)
    with TestClient(Starlette(routes=sandbox_routes(app))) as client:
        yield Sandbox(app, chat, store, client)
    engine.dispose()


def step(title: str) -> FormSpec:
    return FormSpec("review", title, "Next", "Cancel", (TextInput("answer", "Answer"),), state="INC-2026-0001")


def test_a_form_that_goes_on_replaces_itself_and_closes_when_done(sandbox: Sandbox) -> None:
    actor = Actor("sandbox", "hugo", None)
    opened = sandbox.app.answer(actor, OpenForm(step("Section 1 of 2")))
    form_id = opened["form"]["id"]
    following = sandbox.app.answer(actor, OpenForm(step("Section 2 of 2")), form_id)
    assert following["form"]["id"] == form_id and "Section 2 of 2" in following["form"]["html"]
    stored = sandbox.store.form(form_id)
    assert stored is not None and stored.spec["title"] == "Section 2 of 2" and not stored.closed
    done = sandbox.app.answer(actor, FormDone(MessageSpec("Review saved"), "Review", "Close"), form_id)
    assert done["done"]["text"] == "Review saved"
    assert sandbox.store.form(form_id).closed  # type: ignore[union-attr]


def test_a_shared_file_is_offered_for_download_to_who_sees_the_channel(sandbox: Sandbox) -> None:
    room = sandbox.chat.create_channel("inc-2026-0001-mail-down", private=True)
    sandbox.chat.invite(room, ["hugo"])
    sandbox.chat.upload_file(room, "INC-2026-0001 logbook.csv", b"#;when;what\n1;09:00;restarted", "Logbook")
    shared = sandbox.store.messages(room, "hugo", 5)[-1]
    view = sandbox.client.get("/sandbox/api/view", params={"user": "hugo", "channel": room, "token": TOKEN}).json()
    assert f"sandbox/files/{shared.file_id}?user=hugo" in view["channel_html"]
    got = sandbox.client.get(f"/sandbox/files/{shared.file_id}", params={"user": "hugo", "token": TOKEN})
    assert got.status_code == 200 and got.content == b"#;when;what\n1;09:00;restarted"
    assert "INC-2026-0001%20logbook.csv" in got.headers["content-disposition"]
    outsider = sandbox.client.get(f"/sandbox/files/{shared.file_id}", params={"user": "marc", "token": TOKEN})
    assert outsider.status_code == 404
    forged = sandbox.client.get(f"/sandbox/files/{shared.file_id}", params={"user": "hugo"})
    assert forged.status_code == 403
