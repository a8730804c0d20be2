"""``SocketDriver``, the Socket Mode transport of the drivers: it pushes the user actions to the bot as Socket
Mode envelopes through ``FakeSlack.socket_send`` (with a response payload only where Slack accepts one),
returns the bot's ack, and redelivers an event in a new envelope with retry_attempt / retry_reason."""

from __future__ import annotations

from typing import Any

from tests.fakes.slack.driver import Delivery
from tests.fakes.slack.driver import _Driver
from tests.fakes.slack.limits import ACK_DEADLINE_SECONDS
from tests.fakes.slack.model import Json
from tests.fakes.slack.server import FakeSlack

#: Interactive payload types whose Socket Mode envelope accepts a response payload.
_ACCEPTS_RESPONSE = {"view_submission", "block_suggestion"}


class SocketDriver(_Driver[Json]):
    """Sends the same payloads as Socket Mode envelopes via ``FakeSlack.socket_send``; returns the ack."""

    def __init__(
        self, fake: FakeSlack, team_id: str = "T0SIRENE", *, ack_timeout: float = ACK_DEADLINE_SECONDS
    ) -> None:
        super().__init__(fake, team_id)
        self.ack_timeout = ack_timeout

    def _send(self, envelope_type: str, payload: Json, accepts: bool, **kw: Any) -> Json:
        envelope_id = self.fake.socket_send(envelope_type, payload, accepts, **kw)
        return self.fake.socket_wait_ack(envelope_id, self.ack_timeout)

    def _deliver_slash(self, fields: dict[str, str]) -> Json:
        return self._send("slash_commands", dict(fields), True)

    def _deliver_interactive(self, payload: Json) -> Json:
        return self._send("interactive", payload, payload.get("type") in _ACCEPTS_RESPONSE)

    def _deliver_event(self, body: Json) -> Json:
        return self._send("events_api", body, False)

    def _view_answer(self, result: Json) -> tuple[bool, Json | None]:
        payload = result.get("payload")
        return True, payload if isinstance(payload, dict) and payload else None

    def redeliver(self, last_event_body: Json | None = None, retry_num: int = 1, reason: str = "timeout") -> Json:
        """Send the same event again in a new envelope with retry_attempt / retry_reason."""
        body = last_event_body or self.last_event_body
        if body is None:
            raise AssertionError("no event sent yet")
        result = self._send("events_api", body, False, retry_attempt=retry_num, retry_reason=reason)
        self.deliveries.append(Delivery("event", body, result))
        return result
