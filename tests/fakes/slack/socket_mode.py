"""Socket Mode in the fake Slack: the WebSocket endpoint and the test side that sends envelopes and waits for acks."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from datetime import UTC
from datetime import datetime

from starlette.websockets import WebSocket
from starlette.websockets import WebSocketDisconnect

from tests.fakes.slack.http import HttpEndpoints
from tests.fakes.slack.limits import ACK_DEADLINE_SECONDS
from tests.fakes.slack.model import Json
from tests.fakes.slack.state import _SentEnvelope
from tests.fakes.slack.state import _SocketConn


class SocketMode(HttpEndpoints):
    # ------------------------------------------------------------------ Socket Mode (test side)

    def socket_wait_connected(self, timeout: float = 5.0) -> None:
        with self._cond:
            if not self._cond.wait_for(lambda: any(c.open for c in self._sockets), timeout):
                raise AssertionError(f"no Socket Mode client connected within {timeout} s")

    def socket_send(
        self,
        envelope_type: str,
        payload: Json,
        accepts_response_payload: bool = False,
        *,
        retry_attempt: int = 0,
        retry_reason: str = "",
        timeout: float = 5.0,
    ) -> str:
        """Push an envelope to the connected Socket Mode client. Returns its envelope_id."""
        if envelope_type not in {"events_api", "slash_commands", "interactive"}:
            raise AssertionError(f"unknown envelope type {envelope_type!r}")
        self.socket_wait_connected(timeout)
        with self._lock:
            conn = next(c for c in reversed(self._sockets) if c.open)
            envelope_id = str(uuid.uuid4())
            envelope: Json = {
                "envelope_id": envelope_id,
                "payload": payload,
                "type": envelope_type,
                "accepts_response_payload": accepts_response_payload,
                "retry_attempt": retry_attempt,
                "retry_reason": retry_reason,
            }
            self._sent_envelopes[envelope_id] = _SentEnvelope(envelope, time.monotonic())
        self._run_on(conn, conn.ws.send_text(json.dumps(envelope)), timeout=timeout)
        return envelope_id

    def socket_wait_ack(self, envelope_id: str, timeout: float = ACK_DEADLINE_SECONDS) -> Json:
        """Wait for the client's ack of ``envelope_id``; returns it (``{"envelope_id", "payload"?}``)."""
        with self._cond:
            if not self._cond.wait_for(lambda: envelope_id in self.socket_acks, timeout):
                raise AssertionError(f"no ack for envelope {envelope_id} within {timeout} s")
            return self.socket_acks[envelope_id]

    def socket_disconnect(self, reason: str = "refresh_requested") -> None:
        """Tell connected clients to reconnect (Slack's ``disconnect`` message), then close."""
        with self._lock:
            conns = [c for c in self._sockets if c.open]
        msg = {"type": "disconnect", "reason": reason, "debug_info": {"host": "applink-fake-sirene"}}
        for conn in conns:
            self._run_on(conn, conn.ws.send_text(json.dumps(msg)), timeout=2.0, ignore_errors=True)
            self._run_on(conn, conn.ws.close(code=1000), timeout=2.0, ignore_errors=True)


    # ------------------------------------------------------------------ WebSocket: Socket Mode

    async def _ws_socket(self, ws: WebSocket) -> None:
        ticket = ws.query_params.get("ticket", "")
        with self._lock:
            valid = self._tickets.get(ticket) is False
            if valid:
                self._tickets[ticket] = True
        if not valid:
            self._violate("socket mode: connection with an unknown or reused ticket (call apps.connections.open)")
            await ws.close(code=1008)
            return
        await ws.accept()
        conn = _SocketConn(ws=ws, loop=asyncio.get_running_loop(), ticket=ticket)
        started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f +0000 UTC")
        with self._cond:
            self._sockets.append(conn)
            n = sum(1 for c in self._sockets if c.open)
        hello = {
            "type": "hello",
            "num_connections": n,
            "debug_info": {
                "host": "applink-fake-sirene",
                "started": started,
                "build_number": 1,
                "approximate_connection_time": 18060,
            },
            "connection_info": {"app_id": self.app_id},
        }
        await ws.send_text(json.dumps(hello))
        with self._cond:
            self._cond.notify_all()
        try:
            while True:
                text = await ws.receive_text()
                self._on_socket_message(text)
        except WebSocketDisconnect:
            pass
        finally:
            with self._cond:
                conn.open = False
                self._cond.notify_all()

    def _on_socket_message(self, text: str) -> None:
        try:
            msg = json.loads(text)
        except ValueError:
            self._violate(f"socket mode: client sent non-JSON text {text[:200]!r}")
            return
        with self._cond:
            self.socket_messages.append(msg)
            envelope_id = msg.get("envelope_id") if isinstance(msg, dict) else None
            if not envelope_id:
                self._violate(f"socket mode: client message without envelope_id: {msg!r}")
                return
            sent = self._sent_envelopes.get(envelope_id)
            if sent is None:
                self._violate(f"socket mode: ack for unknown envelope {envelope_id}")
                return
            if envelope_id in self.socket_acks:
                self._violate(f"socket mode: envelope {envelope_id} acked twice")
                return
            elapsed = time.monotonic() - sent.sent_monotonic
            if self.ack_deadline is not None and elapsed > self.ack_deadline:
                self._violate(
                    f"socket mode: ack of {sent.envelope['type']} envelope {envelope_id} "
                    f"took {elapsed:.2f} s "
                    f"(Slack expects < {self.ack_deadline:.0f} s)"
                )
            self.socket_acks[envelope_id] = msg
            self._cond.notify_all()
