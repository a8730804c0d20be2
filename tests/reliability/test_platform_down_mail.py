"""Slack down for a while (every write answering 503), against a real ``sirene serve``: Sirene notices,
the page goes by e-mail (a real SMTP server) well within the plan's wait, /healthz says degraded; when
Slack is back the kept posts arrive once, in order, then one line lists what was sent outside the chat."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from tests.e2e.scheduler_world import IRP_MANAGER
from tests.e2e.scheduler_world import classify
from tests.e2e.scheduler_world import direct
from tests.e2e.scheduler_world import driver
from tests.e2e.scheduler_world import fast_plan
from tests.e2e.scheduler_world import make_world
from tests.e2e.scheduler_world import marked
from tests.e2e.scheduler_world import running
from tests.e2e.world import populate
from tests.e2e.world import wait_for
from tests.fakes.slack.server import FakeSlack
from tests.fakes.smtp import start_mail_server

pytestmark = pytest.mark.slow

WRITES = ("chat.postMessage", "chat.update", "chat.postEphemeral", "conversations.open", "conversations.setTopic",
          "conversations.invite", "reactions.add", "pins.add", "chat.getPermalink", "conversations.history")
OUTAGE_CALLS = 100_000


def test_slack_down_pages_by_email_and_tells_the_channel_when_back(fake_slack: FakeSlack,
                                                                   tmp_path: Path) -> None:
    fake = fake_slack
    helpdesk = populate(fake)
    plan = fast_plan(tmp_path / "plan.yaml", helpdesk, minor_sla="14s", reminders=("50%",),
                     acknowledge_within="5m")
    mail = start_mail_server()
    env = {"SIRENE_SMTP_URL": mail.server.url(), "SIRENE_MAIL_FROM": "sirene@example.be",
           "SIRENE_PUBLIC_URL": "https://sirene.example.be", "SIRENE_SECRET_KEY": "k" * 40,
           "SIRENE_PLATFORM_DOWN_AFTER_SECONDS": "2"}
    try:
        with running(fake, plan, f"sqlite:///{tmp_path / 'sirene.db'}", tmp_path / "sirene.log", (), **env) as server, \
                driver(server, fake) as slack:
            world = make_world(fake, server, helpdesk)
            number, channel_id = classify(world, slack)
            wait_for(lambda: marked(fake, channel_id, number), timeout=20, what="the channel's first post")
            for method in WRITES:  # Slack goes down
                fake.fail_next(method, status=503, retry_after=None, times=OUTAGE_CALLS)

            # The SLA passes while minor: the page goes by e-mail at once, not after the plan's 5 minutes.
            mails = mail.server.wait_for(1, timeout=60)
            assert any(number in str(m["Subject"]) for m in mails)
            assert "hugo@example.be" in [r for got in mail.server.received for r in got.rcpt_tos]
            assert direct(fake, IRP_MANAGER) == []
            health = httpx.get(f"{server.url}/healthz").json()
            assert health["status"] == "degraded" and health["degraded"] == ["slack"]

            for method in WRITES:  # Slack is back
                fake.clear_faults(method)
            summary = wait_for(lambda: marked(fake, channel_id, "outreach:"), timeout=90,
                               what="the line listing what was sent outside the chat")
            assert len(summary) == 1
            text = json.dumps(summary[0].blocks)
            assert "While Slack could not be reached" in text and "e-mail to hugo@example.be" in text
            reminders = marked(fake, channel_id, f"{number}:reminder:sla:50")
            assert len(reminders) == 1  # kept, delivered once
            posted = [m.ts for m in fake.messages(channel_id) if m.bot_id]
            assert posted.index(reminders[0].ts) < posted.index(summary[0].ts)  # in order: the kept post first
            wait_for(lambda: direct(fake, IRP_MANAGER), timeout=60, what="the page's chat message")
            assert len(direct(fake, IRP_MANAGER)) == 1
            assert httpx.get(f"{server.url}/healthz").json()["status"] == "ok"
    finally:
        mail.stop()
