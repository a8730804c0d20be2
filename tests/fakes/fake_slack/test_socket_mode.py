"""FakeSlack's Socket Mode against slack_sdk's builtin client: the connection opened, the hello, an
envelope sent and its ack with a response payload, and the waits that time out without a client or an
ack."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator

import pytest
from slack_sdk import WebClient
from slack_sdk.socket_mode.builtin import SocketModeClient
from slack_sdk.socket_mode.client import BaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from tests.fakes.fake_slack.conftest import ALICE
from tests.fakes.slack import FakeSlack


@pytest.fixture
def socket_client(fake_slack: FakeSlack) -> Iterator[tuple[SocketModeClient, list[str], list[SocketModeRequest]]]:
    raw: list[str] = []
    requests: list[SocketModeRequest] = []
    received = threading.Event()

    def on_request(c: BaseSocketModeClient, req: SocketModeRequest) -> None:
        requests.append(req)
        payload = {"text": "Declaring…"} if req.type == "slash_commands" else None
        c.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id, payload=payload))
        received.set()

    client = SocketModeClient(
        app_token=fake_slack.app_token,
        web_client=WebClient(base_url=fake_slack.api_url, token=fake_slack.app_token),
        on_message_listeners=[raw.append],
    )
    client.socket_mode_request_listeners.append(on_request)
    client.connect()
    try:
        yield client, raw, requests
    finally:
        client.auto_reconnect_enabled = False
        fake_slack.socket_disconnect()  # closing from the server side first makes close() fast
        client.close()


def test_socket_mode_round_trip_with_the_builtin_client(
    fake_slack: FakeSlack, socket_client: tuple[SocketModeClient, list[str], list[SocketModeRequest]]
) -> None:
    _, raw, requests = socket_client
    fake_slack.socket_wait_connected()
    [opened] = fake_slack.calls_to("apps.connections.open")
    assert opened.token == fake_slack.app_token and opened.ok

    slash = {"command": "/incident", "text": "db down", "user_id": ALICE}
    envelope_id = fake_slack.socket_send("slash_commands", slash, accepts_response_payload=True)
    ack = fake_slack.socket_wait_ack(envelope_id, timeout=3)
    assert ack == {"envelope_id": envelope_id, "payload": {"text": "Declaring…"}}
    assert requests[0].type == "slash_commands" and requests[0].payload == slash

    event_id = fake_slack.socket_send("events_api", {"type": "event_callback", "event": {"type": "app_mention"}})
    assert fake_slack.socket_wait_ack(event_id, timeout=3) == {"envelope_id": event_id}

    hello = json.loads(raw[0])
    assert hello["type"] == "hello" and hello["num_connections"] == 1
    assert hello["connection_info"] == {"app_id": fake_slack.app_id}
    assert set(hello["debug_info"]) == {"host", "started", "build_number", "approximate_connection_time"}
    envelope = json.loads(raw[1])
    assert set(envelope) == {
        "envelope_id",
        "type",
        "payload",
        "accepts_response_payload",
        "retry_attempt",
        "retry_reason",
    }


def test_socket_wait_ack_times_out_without_an_ack(fake_slack: FakeSlack) -> None:
    with pytest.raises(AssertionError, match="no Socket Mode client connected"):
        fake_slack.socket_send("events_api", {}, timeout=0.05)
    with pytest.raises(AssertionError, match="no ack for envelope nope"):
        fake_slack.socket_wait_ack("nope", timeout=0.05)


