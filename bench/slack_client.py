"""Slack's side of a load run, asynchronous: many simulated people share one ``httpx.AsyncClient``.

The requests are built exactly as ``tests/fakes/slack/driver.py`` builds them (same payload builders,
same fake state: a fresh trigger id and response URL per request, a message stored in the fake before
its event is sent), but sent with ``await`` so fifty people cost the bench process little. Every answer
is timed into :class:`Timings` under a request kind.
"""

from __future__ import annotations

import asyncio
import json
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field
from typing import Any

import httpx

from bench.harness import percentile
from bench.harness import signed
from tests.fakes.slack.block_state import build_action
from tests.fakes.slack.block_state import build_state_values
from tests.fakes.slack.block_state import find_element
from tests.fakes.slack.events import build_event_callback
from tests.fakes.slack.events import message_event
from tests.fakes.slack.interactions import build_block_actions
from tests.fakes.slack.interactions import build_view_submission
from tests.fakes.slack.interactions import view_with_state
from tests.fakes.slack.model import Json
from tests.fakes.slack.model import Message
from tests.fakes.slack.server import FakeSlack
from tests.fakes.slack.slash_commands import build_slash_payload

FORM = "application/x-www-form-urlencoded"
SLACK_GIVES_UP_MS = 3000.0
"""Slack waits 3 s for an answer (then shows the user an error, or delivers an event again)."""


@dataclass
class Timings:
    """Answer times (ms) and statuses per request kind; ``status`` 0 = no answer (connection error).

    ``when`` keeps, per sample, the seconds from ``origin`` to the moment it was sent (to see what was
    going on when an answer was slow)."""

    samples: dict[str, list[tuple[float, int]]] = field(default_factory=lambda: defaultdict(list))
    when: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    origin: float = field(default_factory=time.monotonic)

    def add(self, kind: str, ms: float, status: int, sent: float | None = None) -> None:
        """``sent``: ``time.monotonic()`` when the request left (default: ``ms`` ago)."""
        self.samples[kind].append((ms, status))
        self.when[kind].append((sent if sent is not None else time.monotonic() - ms / 1000) - self.origin)

    def slowest(self, count: int) -> list[tuple[str, float, int, float]]:
        """The ``count`` slowest answers to requests: (kind, ms, status, seconds after ``origin``)."""
        found = [(kind, ms, status, at) for kind, samples in self.samples.items() if not kind.startswith("(")
                 for (ms, status), at in zip(samples, self.when[kind], strict=True)]
        return sorted(found, key=lambda sample: -sample[1])[:count]

    def rows(self, **first: Any) -> list[dict[str, Any]]:
        """One row per kind (count, p50/p95/p99/max, answers over 3 s, non-200) and one for all HTTP requests."""
        rows = []
        every: list[tuple[float, int]] = []
        for kind in sorted(self.samples):
            rows.append(_row(first, kind, self.samples[kind]))
            if not kind.startswith("("):  # "(…)" kinds are derived delays, not answers to a request
                every += self.samples[kind]
        rows.append(_row(first, "all requests", every))
        return rows


def _row(first: dict[str, Any], kind: str, samples: list[tuple[float, int]]) -> dict[str, Any]:
    times = [ms for ms, _ in samples]
    return {**first, "request": kind, "count": len(samples), "p50_ms": percentile(times, 0.50),
            "p95_ms": percentile(times, 0.95), "p99_ms": percentile(times, 0.99),
            "max_ms": max(times) if times else float("nan"),
            "over_3s": sum(1 for ms in times if ms > SLACK_GIVES_UP_MS),
            "non_200": sum(1 for _, status in samples if status != 200)}


class AsyncSlack:
    """Signed requests to Sirene's ``/slack/events`` as Slack sends them, timed."""

    def __init__(self, fake: FakeSlack, url: str, client: httpx.AsyncClient, timings: Timings) -> None:
        self.fake = fake
        self.url = url
        self.client = client
        self.timings = timings

    async def post(self, kind: str, body: bytes, content_type: str) -> tuple[int, bytes]:
        started = time.perf_counter()
        try:
            answer = await self.client.post(self.url, content=body, headers=signed(body, content_type))
            status, content = answer.status_code, answer.content
        except httpx.HTTPError:
            status, content = 0, b""
        self.timings.add(kind, (time.perf_counter() - started) * 1000, status)
        return status, content

    async def slash(self, kind: str, user_id: str, text: str, channel_id: str) -> tuple[int, bytes]:
        """``/incident {text}`` typed in ``channel_id``."""
        fields = build_slash_payload(self.fake, user_id=user_id, channel_id=channel_id, text=text,
                                     command="/incident", trigger_id=self.fake.new_trigger_id(user_id),
                                     response_url=self.fake.new_response_url(channel_id, user_id))
        return await self.post(kind, urllib.parse.urlencode(fields).encode(), FORM)

    async def click(self, kind: str, user_id: str, channel_id: str, message: Message, action_id: str,
                    value: str | None = None) -> int:
        """A button in a stored message (as ``SlackDriver.click``)."""
        blocks = list(message.blocks or [])
        block, element = find_element(blocks, action_id, value, where=f"message {message.ts}")
        payload = build_block_actions(
            self.fake, user_id=user_id, channel_id=channel_id, message=message.to_slack(), is_ephemeral=False,
            action=build_action(block, element), state_values=build_state_values(blocks),
            trigger_id=self.fake.new_trigger_id(user_id),
            response_url=self.fake.new_response_url(channel_id, user_id, message.ts))
        status, _ = await self.post(kind, _interactive(payload), FORM)
        return status

    async def submit_view(self, kind: str, user_id: str, view_id: str, values: dict[str, Any]) -> tuple[int, Json]:
        """Fill in and submit an open modal (as ``SlackDriver.submit_view``); the answer is applied to the fake."""
        view = self.fake.view(view_id).view
        state = build_state_values(list(view.get("blocks") or []), values, enforce_client_checks=True)
        payload = build_view_submission(self.fake, user_id=user_id, view=view_with_state(view, state),
                                        trigger_id=self.fake.new_trigger_id(user_id))
        status, content = await self.post(kind, _interactive(payload), FORM)
        answer: Json = {}
        if status == 200 and content.strip():
            try:
                answer = json.loads(content)
            except ValueError:
                self.fake.violations.append(f"view_submission answer is not JSON: {content[:200]!r}")
        if status == 200:
            self.fake.apply_view_response(view_id, answer or None)
        return status, answer

    async def tag(self, kind: str, user_id: str, channel_id: str, text: str) -> tuple[int, Message]:
        """The user posts ``text`` in a channel (stored in the fake first); its ``message`` event goes to Sirene."""
        message = self.fake.store_user_message(user_id, channel_id, text)
        body = build_event_callback(self.fake, message_event(self.fake, message), event_id=self.fake.new_event_id(),
                                    event_time=int(time.time()))
        status, _ = await self.post(kind, json.dumps(body).encode(), "application/json")
        return status, message


def _interactive(payload: Json) -> bytes:
    return urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()


async def poll(probe: Any, timeout: float, every: float = 0.1) -> Any:
    """Await ``probe()`` returning something truthy (the fake is read in place); None after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        found = probe()
        if found or time.monotonic() > deadline:
            return found or None
        await asyncio.sleep(every)
