"""The drivers' tests' world: the Bolt app behind an HTTP endpoint (``http_bot``) or connected over Socket Mode
(``socket_bot``), ``bot`` for one test run over both transports, each with its driver and what the app saw
(``Bot``), and a ``#general`` channel where Alice and Bob are members."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from slack_bolt.adapter.socket_mode.builtin import SocketModeHandler
from slack_bolt.adapter.starlette.handler import SlackRequestHandler
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.fakes.slack import FakeSlack
from tests.fakes.slack import SlackDriver
from tests.fakes.slack import SocketDriver
from tests.fakes.slack.asgi_thread import ThreadedASGIServer
from tests.fakes.slack_drivers.bolt_app import SECRET
from tests.fakes.slack_drivers.bolt_app import Json
from tests.fakes.slack_drivers.bolt_app import Seen
from tests.fakes.slack_drivers.bolt_app import build_bolt_app

ALICE = "U0ALICE01"
BOB = "U0BOB0001"


@dataclass
class Bot:
    fake: FakeSlack
    driver: SlackDriver | SocketDriver
    seen: Seen
    transport: str

    def acked(self, result: Any) -> bool:
        if isinstance(result, httpx.Response):
            return result.status_code == 200
        return isinstance(result, dict) and "envelope_id" in result

    def answer(self, result: Any) -> Json | None:
        if isinstance(result, httpx.Response):
            return result.json() if result.content else None
        payload = result.get("payload")
        return payload if isinstance(payload, dict) else None


@pytest.fixture
def http_bot(fake_slack: FakeSlack) -> Iterator[Bot]:
    app, seen = build_bolt_app(fake_slack)
    handler = SlackRequestHandler(app)

    async def endpoint(request: Request) -> Response:
        return await handler.handle(request)

    server = ThreadedASGIServer(Starlette(routes=[Route("/slack/events", endpoint, methods=["POST"])]), name="bot")
    server.start()
    driver = SlackDriver(f"{server.base_url}/slack/events", SECRET, fake_slack)
    try:
        yield Bot(fake_slack, driver, seen, "http")
    finally:
        driver.close()
        server.stop(wait=False)


@pytest.fixture
def socket_bot(fake_slack: FakeSlack) -> Iterator[Bot]:
    app, seen = build_bolt_app(fake_slack)
    handler = SocketModeHandler(app, app_token=fake_slack.app_token)
    handler.connect()
    try:
        fake_slack.socket_wait_connected()
        yield Bot(fake_slack, SocketDriver(fake_slack), seen, "socket")
    finally:
        handler.client.auto_reconnect_enabled = False
        fake_slack.socket_disconnect()
        handler.close()


@pytest.fixture(params=["http", "socket"])
def bot(request: pytest.FixtureRequest) -> Bot:
    result: Bot = request.getfixturevalue(f"{request.param}_bot")
    return result


@pytest.fixture
def general(fake_slack: FakeSlack) -> str:
    fake_slack.add_user(ALICE, "alice", "alice@example.be")
    fake_slack.add_user(BOB, "bob", "bob@example.be")
    return fake_slack.add_channel("general", members=[ALICE, BOB], is_general=True).id

