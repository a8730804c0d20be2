"""The chat platform down (its API answering 503 for a while): Sirene notices, pages by e-mail at once
instead of waiting for the plan's wait, keeps the channel's posts and delivers them once, in order, when the
platform is back, reports ``degraded`` on /healthz meanwhile, and tells the channel in one line what it sent
outside the chat."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Route

from bot.jobs.outbox import Pacer
from bot.jobs.runner import JobRunner
from bot.platform_health import PlatformHealth
from bot.platform_health import WatchedChat
from bot.ports import ChatError
from bot.ports import ChatPort
from bot.ports import ChatUnavailable
from bot.ports import UnitOfWorkFactory
from bot.scheduler.outage import during_outage
from handlers.web.health import HealthEndpoint
from tests.core.harness import IRP_MANAGER
from tests.core.harness import Harness
from tests.core.scheduling import channel
from tests.core.scheduling import new_incident
from tests.core.scheduling import pages_to
from tests.core.scheduling import text
from tests.fakes.memory_chat import MemoryChat
from tests.fakes.smtp import MailServer
from tests.mail.paging import mailing_harness


class Outage:
    """The platform's API as the adapters see it during an outage: every call fails with a 503."""

    def __init__(self, chat: MemoryChat) -> None:
        self.chat = chat
        self.down = False
        self.refused = 0

    def __getattr__(self, name: str) -> Any:
        target = getattr(self.chat, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            if self.down:
                self.refused += 1
                raise ChatUnavailable("HTTP 503")
            return target(*args, **kwargs)

        return call


@pytest.fixture
def h(uow_factory: UnitOfWorkFactory, tmp_path: Path, mail_server: MailServer) -> Harness:
    return mailing_harness(uow_factory, tmp_path, mail_server)


def watch(h: Harness) -> Outage:
    outage = Outage(h.chat)
    watched = WatchedChat(outage, "slack", h.core.health, h.core.now)
    h.runner = JobRunner(h.core, lambda platform: watched, pacer=Pacer(0))
    return outage


def step(h: Harness, seconds: float) -> None:
    """What the runner's tick thread does, ``seconds`` later."""
    h.clock.advance(seconds=seconds)
    h.tick()
    during_outage(h.core)
    h.run_jobs()


def health(h: Harness) -> dict[str, Any]:
    endpoint = HealthEndpoint(lambda: True, ["slack"], lambda: h.core.health.degraded(h.core.now()))
    app = Starlette(routes=[Route("/healthz", endpoint.handle, methods=["GET"])])

    async def call() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sirene") as client:
            return await client.get("/healthz")

    answer = asyncio.run(call())
    assert answer.status_code == 200
    body: dict[str, Any] = answer.json()
    return body


def test_pages_go_by_email_at_once_and_the_channel_is_told_when_slack_is_back(h: Harness,
                                                                             mail_server: MailServer) -> None:
    outage = watch(h)
    number = new_incident(h, "major")
    home = channel(h, number)
    posted_before = len(h.chat.in_channel(home))
    outage.down = True
    h.clock.advance(hours=4)  # past its term: a page to the IRP manager, reminders to the channel
    step(h, 0)
    assert outage.refused and mail_server.received == []  # failing, not yet "down"
    assert health(h)["status"] == "ok"
    step(h, 30)
    step(h, 31)  # failing for a minute: Slack is down
    assert health(h) == {"status": "degraded", "database": "ok", "platforms": ["slack"], "degraded": ["slack"]}
    step(h, 2)
    mails = mail_server.wait_for(2)  # at once, not after the plan's 10 minutes
    page_mail = next(m for m in mails if m["To"] == "hugo@example.be")
    assert "Major incident past its term" in str(page_mail["Subject"])
    # The owner's status prompt (a direct message the chat could not take) goes by e-mail too, once.
    prompt = next(m for m in mails if m["To"] == "dries@example.be")
    assert "because Slack cannot be reached" in str(prompt.get_body(("plain",)).get_content())  # type: ignore[union-attr]
    assert pages_to(h, IRP_MANAGER) == []  # the chat message waits in the outbox
    outage.down = False
    for _ in range(8):
        step(h, 60)
    assert health(h)["status"] == "ok"
    assert len(pages_to(h, IRP_MANAGER)) == 1  # delivered once
    lines = [text(m.spec) for m in h.chat.in_channel(home)[posted_before:]]
    summaries = [line for line in lines if "could not be reached" in line]
    assert len(summaries) == 1 and lines[-1] == summaries[0]
    assert "While Slack could not be reached" in summaries[0] and "e-mail to hugo@example.be" in summaries[0]
    assert "e-mail to dries@example.be" in summaries[0]
    assert len([m for m in mail_server.messages() if m["To"] == "dries@example.be"]) == 1
    reminders = [line for line in lines if "reminder" in line.lower() or "%" in line]
    assert len(reminders) == len(set(reminders))  # kept posts arrive once each
    step(h, 600)
    told = [line for line in (text(m.spec) for m in h.chat.in_channel(home)) if "could not be reached" in line]
    assert len(told) == 1


def test_a_revoked_token_is_down_at_once_and_429_only_after_a_few_minutes() -> None:
    from datetime import UTC
    from datetime import datetime
    from datetime import timedelta

    health = PlatformHealth()
    now = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
    health.failed("slack", now, rate_limited=True)
    assert not health.is_down("slack", now + timedelta(minutes=2))
    assert health.is_down("slack", now + timedelta(minutes=3))
    health.succeeded("slack", now + timedelta(minutes=4))
    [back] = health.take_returns()
    assert (back.platform, back.until) == ("slack", now + timedelta(minutes=4))
    assert health.take_returns() == []

    class Revoked:
        def post_message(self, *args: object) -> None:
            raise ChatError("token_revoked")

    chat: ChatPort = WatchedChat(Revoked(), "mattermost", health, lambda: now)  # type: ignore[arg-type]
    with pytest.raises(ChatError):
        chat.post_message("C1", None, None)  # type: ignore[arg-type]
    assert health.degraded(now) == ["mattermost"]
