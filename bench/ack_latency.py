"""How fast Sirene answers Slack: slash commands, button clicks and form submissions at a sustained rate.

    .venv/bin/python -m bench.ack_latency [--rate 100] [--seconds 30]

Open loop: requests leave on schedule whatever the answers do, as Slack's do. Latency is measured
from sending to the complete HTTP answer (the ack Slack waits for, 3 s at most).
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import itertools
import json
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from datetime import UTC
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from bench.harness import cpu_seconds
from bench.harness import fake_slack
from bench.harness import percentile
from bench.harness import report
from bench.harness import rss_mb
from bench.harness import signed
from bench.harness import sirene
from tests.e2e.world import EMPLOYEE
from tests.e2e.world import button
from tests.e2e.world import wait_for
from tests.fakes.slack.http_driver import SlackDriver
from tests.fakes.slack.interactions import build_view_submission
from tests.fakes.slack.server import FakeSlack
from tests.fakes.slack.slash_commands import build_slash_payload

OPERATOR = "U0DRIES"
Request = tuple[str, bytes, str]  # kind, body, content type


def prepare(fake: FakeSlack, driver: SlackDriver) -> tuple[list[Callable[[int], Request]], str]:
    """Open one incident, then the four kinds of request the benchmark repeats."""
    general = fake.channel_by_name("general")
    assert general is not None
    driver.slash(EMPLOYEE, "Benchmark outage", general.id)
    view = wait_for(lambda: fake.last_view(EMPLOYEE), what="the report form")
    form = copy.deepcopy(fake.view(view.id).view)
    detected = int(datetime.now(UTC).timestamp()) - 60
    driver.submit_view(EMPLOYEE, view.id, {"description": "bench", "detected_at": detected, "activities": ["email"]})
    helpdesk = fake.channel_by_name("helpdesk")
    assert helpdesk is not None
    triage = wait_for(lambda: next((m for m in fake.messages(helpdesk.id) if "INC-" in m.text), None), what="triage")
    driver.click(OPERATOR, helpdesk.id, triage.ts, button(triage, "sirene.classify", "INC-2026-0001|minor"))
    channel = wait_for(lambda: fake.channel_by_name("inc-2026-0001-benchmark-outage"), what="the channel")

    def slash(text: str, channel_id: str) -> Callable[[int], Request]:
        def make(n: int) -> Request:
            fields = build_slash_payload(fake, user_id=EMPLOYEE, channel_id=channel_id, text=text, command="/incident",
                                         trigger_id=f"{n}.{n}.bench", response_url=f"{fake.base}/response_url/bench")
            return (f"slash {text.split()[0]}", urllib.parse.urlencode(fields).encode(),
                    "application/x-www-form-urlencoded")
        return make

    def submission(n: int) -> Request:
        view_copy = copy.deepcopy(form)
        view_copy["id"] = f"VBENCH{n:08d}"
        view_copy["state"] = {"values": {
            "title": {"title": {"type": "plain_text_input", "value": f"Bench report {n}"}},
            "description": {"description": {"type": "plain_text_input", "value": "load"}},
            "detected_at": {"detected_at": {"type": "datetimepicker", "selected_date_time": detected}},
            "reporter_kind": {"reporter_kind": {"type": "radio_buttons", "selected_option": {"value": "employee"}}},
        }}
        payload = build_view_submission(fake, user_id=EMPLOYEE, view=view_copy, trigger_id=f"{n}.{n}.bench")
        return "form submission", urllib.parse.urlencode({"payload": json.dumps(payload)}).encode(), \
            "application/x-www-form-urlencoded"

    classified = fake.message(helpdesk.id, triage.ts)
    assert classified is not None

    def click_button(n: int) -> Request:
        payload = {
            "type": "block_actions", "user": {"id": OPERATOR, "username": "dries", "name": "dries",
                                              "team_id": fake.team_id},
            "api_app_id": fake.app_id, "token": fake.verification_token, "trigger_id": f"{n}.{n}.bench",
            "team": {"id": fake.team_id, "domain": fake.team_domain},
            "container": {"type": "message", "message_ts": triage.ts, "channel_id": helpdesk.id,
                          "is_ephemeral": False},
            "channel": {"id": helpdesk.id, "name": "helpdesk"}, "message": classified.to_slack(),
            "response_url": f"{fake.base}/response_url/bench",
            "actions": [{"action_id": "sirene.classify:1", "block_id": "b", "value": "INC-2026-0001|major",
                         "type": "button", "action_ts": f"{time.time():.6f}",
                         "text": {"type": "plain_text", "text": "Major"}}],
        }
        return "button", urllib.parse.urlencode({"payload": json.dumps(payload)}).encode(), \
            "application/x-www-form-urlencoded"

    return [slash("help", general.id), slash("status", channel.id), click_button, submission], channel.id


async def load(url: str, makers: list[Callable[[int], Request]], rate: float, seconds: float
               ) -> list[tuple[str, float, int]]:
    results: list[tuple[str, float, int]] = []
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=50)
    async with httpx.AsyncClient(timeout=10, limits=limits) as client:
        async def one(n: int) -> None:
            kind, body, content_type = makers[n % len(makers)](n)
            started = time.perf_counter()
            try:
                answer = await client.post(url, content=body, headers=signed(body, content_type))
                status = answer.status_code
            except httpx.HTTPError:
                status = 0
            results.append((kind, (time.perf_counter() - started) * 1000, status))

        tasks = []
        start = time.perf_counter()
        for n in itertools.count():
            due = start + n / rate
            if due - start >= seconds:
                break
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(n)))
        await asyncio.gather(*tasks)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, fake_slack() as fake, sirene(fake, Path(folder)) as server:
        url = f"{server.url}/slack/events"
        assert server.process is not None
        idle = rss_mb(server.process.pid)
        with SlackDriver(url, "8f742231b10e8888abcd99yyyzzz85a5", fake) as driver:
            makers, _ = prepare(fake, driver)
        cpu_before = cpu_seconds(server.process.pid)
        results = asyncio.run(load(url, makers, args.rate, args.seconds))
        cpu_ms = (cpu_seconds(server.process.pid) - cpu_before) * 1000 / max(len(results), 1)
        after = rss_mb(server.process.pid)
    rows: list[dict[str, Any]] = []
    for kind in [*sorted({k for k, _, _ in results}), "all"]:
        chosen = [(ms, status) for k, ms, status in results if kind in ("all", k)]
        times = [ms for ms, _ in chosen]
        rows.append({"request": kind, "count": len(chosen), "non_200": sum(1 for _, s in chosen if s != 200),
                     "p50_ms": percentile(times, 0.50), "p99_ms": percentile(times, 0.99), "max_ms": max(times)})
    rows.append({"request": "rss_mb idle / after", "count": 0, "non_200": 0, "p50_ms": idle, "p99_ms": after,
                 "max_ms": after})
    rows.append({"request": "server cpu_ms per request", "count": len(results), "non_200": 0, "p50_ms": cpu_ms,
                 "p99_ms": cpu_ms, "max_ms": cpu_ms})
    report("ack_latency", rows, {"p99_ms": f"< 50 ms at {args.rate:.0f} requests/s for {args.seconds:.0f} s",
                                 "rss_mb": "< 150 MB"})


if __name__ == "__main__":
    main()
