"""A local SMS relay for the tests: an HTTP server on 127.0.0.1 that checks each request's HMAC and keeps
the JSON payloads (or answers ``fail_next`` errors first)."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
from typing import Any

import pytest

SECRET = "relay-secret-" + "r" * 32


@dataclass
class Gateway:
    url: str = ""
    received: list[dict[str, Any]] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    forged: int = 0
    """Requests whose signature did not match (refused with 401)."""
    fail_next: list[int] = field(default_factory=list)
    """Status codes to answer, one per request, before accepting again."""


def _handler(gateway: Gateway) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            timestamp = self.headers.get("X-Sirene-Timestamp", "")
            expected = "sha256=" + hmac.new(SECRET.encode(), timestamp.encode() + b"." + body,
                                            hashlib.sha256).hexdigest()
            if not hmac.compare_digest(expected, self.headers.get("X-Sirene-Signature", "")):
                gateway.forged += 1
                self.send_response(401)
            elif gateway.fail_next:
                self.send_response(gateway.fail_next.pop(0))
            else:
                gateway.received.append(json.loads(body))
                gateway.keys.append(self.headers.get("Idempotency-Key", ""))
                self.send_response(202)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


@pytest.fixture
def sms_gateway() -> Iterator[Gateway]:
    gateway = Gateway()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(gateway))
    gateway.url = f"http://127.0.0.1:{server.server_address[1]}/sms"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield gateway
    finally:
        server.shutdown()
        server.server_close()
