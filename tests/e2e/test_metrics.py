"""``GET /metrics`` after a story, parsed with prometheus_client's own parser; JSON log lines."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.log_redaction import JsonFormatter
from bot.log_redaction import redact_also
from tests.e2e.server import SireneServer
from tests.e2e.test_slack_story import NUMBER
from tests.e2e.test_slack_story import OPERATOR
from tests.e2e.test_slack_story import report
from tests.e2e.test_slack_story import triage_message
from tests.e2e.world import SIGNING_SECRET
from tests.e2e.world import World
from tests.e2e.world import button
from tests.e2e.world import populate
from tests.e2e.world import sirene_env
from tests.e2e.world import wait_for
from tests.e2e.world import write_plan
from tests.fakes.slack.http_driver import SlackDriver
from tests.fakes.slack.server import FakeSlack


@pytest.fixture
def json_world(fake_slack: FakeSlack, tmp_path: Path) -> Iterator[World]:
    helpdesk = populate(fake_slack)
    plan = write_plan(tmp_path / "plan.yaml", helpdesk)
    env = sirene_env(fake_slack, plan, f"sqlite:///{tmp_path / 'sirene.db'}", SIRENE_LOG_FORMAT="json")
    server = SireneServer(env, tmp_path / "sirene.log")
    server.start()
    try:
        yield World(fake_slack, helpdesk, server)
    finally:
        server.stop()


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def test_metrics_after_a_story(json_world: World) -> None:
    world = json_world
    with SlackDriver(f"{world.server.url}/slack/events", SIGNING_SECRET, world.fake) as slack:
        # The first triage post is rate limited: the runner waits and posts again.
        world.fake.fail_next("chat.postMessage", status=429, retry_after=1)
        number = report(world, slack)
        triage = triage_message(world, number)
        slack.click(OPERATOR, world.helpdesk, triage.ts, button(triage, "sirene.classify", f"{NUMBER}|major"))
        wait_for(lambda: world.fake.channel_by_name("inc-2026-0001-mail-server-down"), what="the channel")

    answer = httpx.get(f"{world.server.url}/metrics", timeout=5)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain")
    figures = samples(answer.text)
    assert figures[("sirene_open_incidents", (("severity", "major"),))] == 1
    assert figures[("sirene_open_incidents", (("severity", "crisis"),))] == 0
    assert figures[("sirene_platform_rate_limited_total", (("platform", "slack"),))] == 1
    assert figures[("sirene_platform_call_errors_total", (("platform", "slack"), ("reason", "ratelimited")))] == 1
    assert figures[("sirene_http_request_duration_seconds_count", (("endpoint", "/slack/events"),))] >= 3
    assert ("sirene_http_request_duration_seconds_bucket", (("endpoint", "/healthz"), ("le", "+Inf"))) in figures
    assert figures[("sirene_jobs_waiting", ())] >= 0
    assert figures[("sirene_job_oldest_due_age_seconds", ())] >= 0
    assert figures[("sirene_timer_lateness_seconds", ())] >= 0
    # An unknown path is counted as "other", never under its own (unbounded) name.
    assert httpx.get(f"{world.server.url}/no/such/page?x=1", timeout=5).status_code == 404
    again = samples(httpx.get(f"{world.server.url}/metrics", timeout=5).text)
    assert again[("sirene_http_request_duration_seconds_count", (("endpoint", "other"),))] == 1
    assert not any("/no/such" in str(key) for key in again)

    # Other methods and odd queries: 405, or the same page; never a 5xx.
    assert httpx.post(f"{world.server.url}/metrics", content=b"x" * 10_000, timeout=5).status_code == 405
    assert httpx.get(f"{world.server.url}/metrics?name[]=%00", timeout=5).status_code == 200

    lines = [line for line in world.server.log().splitlines() if line.startswith("{")]
    assert lines, world.server.log()
    for line in lines:
        record = json.loads(line)
        assert {"time", "level", "logger", "message"} <= set(record)
    assert "Traceback" not in world.server.log()



def test_json_log_lines_redact_secrets_known_after_start() -> None:
    """A source's token, learnt after the logging was set up, is redacted from JSON lines too."""
    handler = logging.StreamHandler(io.StringIO())
    handler.setFormatter(JsonFormatter(["slack-signing-secret-0123"]))
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        redact_also(["a-source-token-0123456789"])
        logging.getLogger("sirene.test").warning("GET /report/a-source-token-0123456789 slack-signing-secret-0123")
    finally:
        root.removeHandler(handler)
    stream = handler.stream
    assert isinstance(stream, io.StringIO)
    record = json.loads(stream.getvalue().splitlines()[-1])
    assert record["message"] == "GET /report/[redacted] [redacted]"
