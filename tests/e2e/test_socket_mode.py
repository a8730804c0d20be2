"""Socket Mode: no public URL; Sirene opens a websocket to Slack (``SLACK_APP_TOKEN``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC
from datetime import datetime
from functools import partial
from pathlib import Path

import pytest

from tests.e2e.server import SireneServer
from tests.e2e.world import EMPLOYEE
from tests.e2e.world import World
from tests.e2e.world import button
from tests.e2e.world import populate
from tests.e2e.world import reactions
from tests.e2e.world import sirene_env
from tests.e2e.world import wait_for
from tests.e2e.world import write_plan
from tests.fakes.slack.server import FakeSlack
from tests.fakes.slack.socket_driver import SocketDriver

OPERATOR, RESPONDER = "U0DRIES", "U0LOTTE"


@pytest.fixture
def socket_world(fake_slack: FakeSlack, tmp_path: Path) -> Iterator[World]:
    helpdesk = populate(fake_slack)
    plan = write_plan(tmp_path / "plan.yaml", helpdesk)
    env = sirene_env(fake_slack, plan, f"sqlite:///{tmp_path / 'sirene.db'}", SLACK_APP_TOKEN=fake_slack.app_token)
    del env["SLACK_SIGNING_SECRET"]
    server = SireneServer(env, tmp_path / "sirene.log").start()
    try:
        fake_slack.socket_wait_connected(timeout=10)
        yield World(fake_slack, helpdesk, server)
    finally:
        fake_slack.socket_disconnect()
        server.stop()
    assert "Traceback" not in server.log(), server.log()


def logged(fake: FakeSlack, channel_id: str, ts: str) -> bool:
    """The message has its ✅: the logbook took it."""
    return "white_check_mark" in reactions(fake, channel_id, ts)


def test_report_classify_and_log_over_socket_mode(socket_world: World) -> None:
    fake = socket_world.fake
    socket = SocketDriver(fake)
    general = fake.channel_by_name("general")
    assert general is not None
    ack = socket.slash(EMPLOYEE, "Webshop checkout fails", general.id)
    assert "envelope_id" in ack
    view = wait_for(lambda: fake.last_view(EMPLOYEE), what="the report form")
    detected = int(datetime(2026, 11, 27, 8, 0, tzinfo=UTC).timestamp())
    answer = socket.submit_view(EMPLOYEE, view.id, {"description": "HTTP 500 on /checkout", "detected_at": detected,
                                                   "activities": ["webshop"], "reporter_kind": "employee"})
    assert answer["payload"]["response_action"] == "update"
    assert "INC-2026-0001" in json.dumps(answer["payload"])
    helpdesk = socket_world.helpdesk
    triage = wait_for(lambda: next((m for m in fake.messages(helpdesk) if "INC-2026-0001" in m.text), None),
                      what="the triage message")
    socket.click(OPERATOR, socket_world.helpdesk, triage.ts, button(triage, "sirene.classify", "INC-2026-0001|minor"))
    channel = wait_for(lambda: fake.channel_by_name("inc-2026-0001-webshop-checkout-fails"), what="the channel")
    wait_for(lambda: RESPONDER in fake.channel(channel.id).members, what="the response team")
    ts, _ = socket.post_message(RESPONDER, channel.id, "!action Rolled back release 4.2")
    socket.redeliver(retry_num=1, reason="timeout")
    wait_for(lambda: "white_check_mark" in reactions(fake, channel.id, ts), what="the logbook entry")
    log = socket.slash(RESPONDER, "log", channel.id)
    assert json.dumps(log).count("Rolled back release 4.2") == 1


def test_a_socket_mode_disconnect_loses_no_tagged_message(socket_world: World) -> None:
    fake = socket_world.fake
    socket = SocketDriver(fake)
    general = fake.channel_by_name("general")
    assert general is not None
    socket.slash(EMPLOYEE, "Router reboot loop", general.id)
    view = wait_for(lambda: fake.last_view(EMPLOYEE), what="the report form")
    detected = int(datetime(2026, 11, 27, 8, 0, tzinfo=UTC).timestamp())
    socket.submit_view(EMPLOYEE, view.id, {"description": "core router", "detected_at": detected,
                                           "reporter_kind": "employee"})
    helpdesk = socket_world.helpdesk
    triage = wait_for(lambda: next((m for m in fake.messages(helpdesk) if "INC-2026-0001" in m.text), None),
                      what="the triage message")
    socket.click(OPERATOR, helpdesk, triage.ts, button(triage, "sirene.classify", "INC-2026-0001|minor"))
    channel = wait_for(lambda: fake.channel_by_name("inc-2026-0001-router-reboot-loop"), what="the channel")
    wait_for(lambda: RESPONDER in fake.channel(channel.id).members, what="the response team")
    before, _ = socket.post_message(RESPONDER, channel.id, "!action Console cable attached")
    opened = len(fake.calls_to("apps.connections.open"))
    fake.socket_disconnect()  # Slack asks clients to reconnect, then closes the socket
    wait_for(lambda: len(fake.calls_to("apps.connections.open")) > opened, what="a new connection")
    fake.socket_wait_connected(timeout=10)
    after, _ = socket.post_message(RESPONDER, channel.id, "!action Rolled back the firmware")
    socket.redeliver(retry_num=1, reason="timeout")  # the envelope of the gap comes again
    for ts in (before, after):
        wait_for(partial(logged, fake, channel.id, ts), what="each action logged")
    log = json.dumps(socket.slash(RESPONDER, "log", channel.id))
    assert log.count("Console cable attached") == 1 and log.count("Rolled back the firmware") == 1
