"""The Web API client keeps its thread's connection open between calls, and answers, errors and
rate limits read exactly as slack_sdk reads them."""

from __future__ import annotations

import json
import select
import socketserver
import threading
import time
from collections.abc import Iterator
from collections.abc import MutableMapping
from typing import Any

import pytest
from slack_sdk.errors import SlackApiError

from handlers.slack import transport
from handlers.slack.transport import KeptAliveWebClient
from tests.fakes.slack.asgi_thread import ThreadedASGIServer


class Api:
    """A stand-in Web API that answers with the caller's connection (its client port)."""

    def __init__(self) -> None:
        self.close_next = False

    async def __call__(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        method = scope["path"].rsplit("/", 1)[-1]
        headers = [(b"content-type", b"application/json; charset=utf-8")]
        status, answer = 200, {"ok": True, "port": scope["client"][1], "body": body.decode()}
        if method == "reactions.add":
            status, answer = 429, {"ok": False, "error": "ratelimited"}
            headers.append((b"retry-after", b"7"))
        if self.close_next:
            self.close_next = False
            headers.append((b"connection", b"close"))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": json.dumps(answer).encode()})


@pytest.fixture
def api() -> Iterator[tuple[Api, str]]:
    app = Api()
    server = ThreadedASGIServer(app, name="web-api")
    server.start()
    try:
        yield app, f"{server.base_url}/api/"
    finally:
        server.stop()


def test_calls_of_one_thread_share_a_connection_and_another_thread_has_its_own(api: tuple[Api, str]) -> None:
    _, url = api
    client = KeptAliveWebClient(token="xoxb-test", base_url=url)
    ports = [client.api_call("auth.test", json={"n": n})["port"] for n in range(3)]
    assert len(set(ports)) == 1
    assert client.api_call("auth.test", json={"n": 9})["body"] == '{"n": 9}'
    other: list[int] = []
    thread = threading.Thread(target=lambda: other.append(client.api_call("auth.test")["port"]))
    thread.start()
    thread.join()
    assert other and other[0] != ports[0]


def test_a_connection_the_server_closes_or_left_idle_is_replaced(api: tuple[Api, str],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    app, url = api
    client = KeptAliveWebClient(token="xoxb-test", base_url=url)
    first = client.api_call("auth.test")["port"]
    app.close_next = True
    assert client.api_call("auth.test")["port"] == first  # answered, then closed by the server
    second = client.api_call("auth.test")["port"]
    assert second != first
    monkeypatch.setattr(transport, "IDLE_SECONDS", 0.0)
    assert client.api_call("auth.test")["port"] != second


def test_a_rate_limit_reads_as_slack_sdk_reports_it(api: tuple[Api, str]) -> None:
    _, url = api
    client = KeptAliveWebClient(token="xoxb-test", base_url=url)
    with pytest.raises(SlackApiError) as raised:
        client.reactions_add(channel="C1", timestamp="1.2", name="white_check_mark")
    assert raised.value.response.status_code == 429
    assert raised.value.response["error"] == "ratelimited"
    assert raised.value.response.headers["Retry-After"] == "7"
    assert client.api_call("auth.test")["ok"]  # the connection goes on after an error answer


class _AnswerOnceThenHangUp(socketserver.StreamRequestHandler):
    """Answers one call as if keeping the connection, then closes it (as a server whose keep-alive
    timeout ran out): the client must notice and call on a new connection."""

    def handle(self) -> None:
        length = 0
        while (line := self.rfile.readline().strip()):
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        self.rfile.read(length)
        body = json.dumps({"ok": True, "port": self.client_address[1]}).encode()
        self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                         + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        self.wfile.flush()


def test_a_connection_the_server_hung_up_while_idle_is_not_used_again() -> None:
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), _AnswerOnceThenHangUp) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            client = KeptAliveWebClient(token="xoxb-test", base_url=f"http://127.0.0.1:{server.server_address[1]}/api/")
            first = client.api_call("auth.test")["port"]
            deadline = time.monotonic() + 5
            while not select.select([client._kept.connection.sock], [], [], 0)[0]:  # type: ignore[union-attr]
                assert time.monotonic() < deadline, "the server did not hang up"
                time.sleep(0.01)
            assert client.api_call("auth.test")["port"] != first
        finally:
            server.shutdown()
