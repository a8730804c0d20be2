"""``SlackDriver``, the HTTP transport of the drivers: it sends the user actions to the bot's ``/slack/events``
endpoint exactly as Slack does (form or JSON bodies, signed with ``slack_signature``, or unsigned, wrongly
signed or stale on demand, with retry headers), redelivers an event, checks Slack's endpoint with a
url_verification, and counts an answer slower than Slack waits for as a violation."""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from types import TracebackType
from typing import Literal
from urllib.parse import urlencode

import httpx

from tests.fakes.slack.driver import Delivery
from tests.fakes.slack.driver import _Driver
from tests.fakes.slack.events import build_url_verification
from tests.fakes.slack.limits import ACK_DEADLINE_SECONDS
from tests.fakes.slack.model import Json
from tests.fakes.slack.server import FakeSlack

Signing = Literal["valid", "unsigned", "wrong_secret", "stale"]

#: How far in the past a "stale" request is dated (Slack's SDKs reject anything older than 5 min).
STALE_SECONDS = 6 * 60


def slack_signature(signing_secret: str, timestamp: str | int, body: bytes | str) -> str:
    """``v0=hex(HMAC_SHA256(signing_secret, "v0:{timestamp}:{body}"))``, as Slack signs requests."""
    raw = body.encode() if isinstance(body, str) else body
    base = b"v0:" + str(timestamp).encode() + b":" + raw
    return "v0=" + hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()


class SlackDriver(_Driver[httpx.Response]):
    """Sends requests to the bot's HTTP endpoint exactly as Slack does (signed, form or JSON)."""

    def __init__(
        self,
        bot_url: str,
        signing_secret: str,
        fake: FakeSlack,
        team_id: str = "T0SIRENE",
        *,
        signing: Signing = "valid",
        retry_num: int | None = None,
        retry_reason: str | None = None,
        timeout: float = 10.0,
        deadline: float | None = ACK_DEADLINE_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(fake, team_id)
        self.bot_url = bot_url
        self.signing_secret = signing_secret
        self.signing: Signing = signing
        self.retry_num = retry_num
        self.retry_reason = retry_reason
        self.deadline = deadline
        self.clock = clock
        self._http = httpx.Client(timeout=timeout)
        self.last_event_raw: bytes | None = None

    def with_options(
        self,
        *,
        signing: Signing | None = None,
        retry_num: int | None = None,
        retry_reason: str | None = None,
    ) -> SlackDriver:
        """A copy sharing the fake and HTTP client, sending unsigned / wrongly signed / stale requests
        or retry headers. E.g. ``driver.with_options(signing="stale").slash(...)``."""
        clone = copy.copy(self)
        clone.deliveries = self.deliveries
        if signing is not None:
            clone.signing = signing
        if retry_num is not None:
            clone.retry_num = retry_num
            clone.retry_reason = retry_reason or "http_timeout"
        return clone

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> SlackDriver:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def signed_headers(self, body: bytes, *, signing: Signing | None = None) -> dict[str, str]:
        """The X-Slack-* signature headers for ``body`` (empty when unsigned)."""
        mode = signing or self.signing
        if mode == "unsigned":
            return {}
        ts = int(self.clock())
        if mode == "stale":
            ts -= STALE_SECONDS
        secret = self.signing_secret if mode != "wrong_secret" else self.signing_secret[::-1] + "x"
        return {"X-Slack-Request-Timestamp": str(ts), "X-Slack-Signature": slack_signature(secret, ts, body)}

    def post_raw(
        self,
        body: bytes,
        content_type: str,
        *,
        retry_num: int | None = None,
        retry_reason: str | None = None,
    ) -> httpx.Response:
        """POST raw bytes to the bot with Slack's headers and signature."""
        headers = {"Content-Type": content_type, "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)"}
        headers.update(self.signed_headers(body))
        num = retry_num if retry_num is not None else self.retry_num
        if num is not None:
            headers["X-Slack-Retry-Num"] = str(num)
            headers["X-Slack-Retry-Reason"] = retry_reason or self.retry_reason or "http_timeout"
        started = time.monotonic()
        response = self._http.post(self.bot_url, content=body, headers=headers)
        elapsed = time.monotonic() - started
        if self.deadline is not None and elapsed > self.deadline:
            self.fake.violations.append(
                f"bot took {elapsed:.2f} s to answer a {content_type} request; Slack gives up after "
                f"{self.deadline:.0f} s (and retries events)"
            )
        return response

    def _deliver_slash(self, fields: dict[str, str]) -> httpx.Response:
        return self.post_raw(urlencode(fields).encode(), "application/x-www-form-urlencoded")

    def _deliver_interactive(self, payload: Json) -> httpx.Response:
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return self.post_raw(body, "application/x-www-form-urlencoded")

    def _deliver_event(self, body: Json) -> httpx.Response:
        raw = json.dumps(body).encode()
        self.last_event_raw = raw
        return self.post_raw(raw, "application/json")

    def _view_answer(self, result: httpx.Response) -> tuple[bool, Json | None]:
        if result.status_code != 200:
            return False, None
        if not result.content.strip():
            return True, None
        try:
            answer = result.json()
        except ValueError:
            self.fake.violations.append(f"view_submission answer is not JSON: {result.text[:200]!r}")
            return False, None
        if not isinstance(answer, dict):
            self.fake.violations.append(f"view_submission answer is not a JSON object: {answer!r}")
            return False, None
        return True, answer

    def redeliver(
        self, last_event_body: Json | bytes | None = None, retry_num: int = 1, reason: str = "http_timeout"
    ) -> httpx.Response:
        """Send the same event body again (same event_id) with X-Slack-Retry-Num / -Reason."""
        if last_event_body is None:
            if self.last_event_raw is None:
                raise AssertionError("no event sent yet")
            raw = self.last_event_raw
        elif isinstance(last_event_body, bytes):
            raw = last_event_body
        else:
            raw = json.dumps(last_event_body).encode()
        result = self.post_raw(raw, "application/json", retry_num=retry_num, retry_reason=reason)
        self.deliveries.append(Delivery("event", json.loads(raw), result))
        return result

    def url_verification(self, challenge: str | None = None) -> httpx.Response:
        """Slack's endpoint check; the bot must echo the challenge."""
        payload = build_url_verification(self.fake, challenge or "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P")
        result = self.post_raw(json.dumps(payload).encode(), "application/json")
        self.deliveries.append(Delivery("url_verification", payload, result))
        return result

