"""The same outage rule on Mattermost: the real adapter against the fake Mattermost answering 503 for a
while is seen as down (and degraded), and its first good answer ends the outage, noted once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from datetime import datetime
from datetime import timedelta

import pytest

from bot.domain.incident import MessageRef
from bot.platform_health import REVOKED
from bot.platform_health import PlatformHealth
from bot.platform_health import WatchedChat
from bot.ports import ChatError
from bot.ports import ChatPort
from bot.ports import ChatUnavailable
from bot.specs import MessageSpec
from handlers.mattermost.api import MattermostApi
from handlers.mattermost.chat import MattermostChat
from handlers.mattermost.render_message import Callback
from handlers.mattermost.signing import Signer
from tests.fakes.mattermost.server import FakeMattermost


def watched(fake: FakeMattermost, health: PlatformHealth, now: Callable[[], datetime]) -> tuple[ChatPort, str]:
    """The real Mattermost adapter on the fake, watched for outages; and a channel with the bot in it."""
    person = fake.add_user("hugo", "hugo@example.be")
    channel = fake.add_channel("incident", [person.id])
    fake.channels[channel.id].members.add(fake.bot.id)
    callback = Callback("http://127.0.0.1:9/mattermost/actions", Signer("k" * 32), timedelta(days=1))
    adapter = MattermostChat(MattermostApi(fake.url, fake.bot_token), fake.team_id, fake.team_name, fake.bot.id,
                             callback)
    return WatchedChat(adapter, "mattermost", health, now), channel.id


def test_mattermost_answering_503_for_a_minute_is_down(fake_mattermost: FakeMattermost) -> None:
    fake, health = fake_mattermost, PlatformHealth()
    now = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
    clock = [now]
    chat, channel = watched(fake, health, lambda: clock[0])
    fake.fail_next("POST", "/posts", status=503, retry_after=None, times=3)
    for seconds in (0, 30, 61):
        clock[0] = now + timedelta(seconds=seconds)
        with pytest.raises(ChatUnavailable):
            chat.post_message(channel, MessageSpec("Reminder"))
    assert health.degraded(clock[0]) == ["mattermost"]
    clock[0] = now + timedelta(seconds=90)
    ref = chat.post_message(channel, MessageSpec("Reminder"))
    assert isinstance(ref, MessageRef)
    assert health.degraded(clock[0]) == []
    [back] = health.take_returns()
    assert (back.platform, back.since, back.until) == ("mattermost", now + timedelta(seconds=61), clock[0])


def test_a_revoked_mattermost_token_is_down_at_once(fake_mattermost: FakeMattermost) -> None:
    """An admin revokes the bot's token: Mattermost answers 401 to every call. The first refusal is enough
    (no minute of waiting as for 5xx): pages and direct messages then go by e-mail and text."""
    fake, health = fake_mattermost, PlatformHealth()
    now = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
    chat, channel = watched(fake, health, lambda: now)
    assert isinstance(chat.post_message(channel, MessageSpec("Before")), MessageRef)
    posts = len(fake.posts)
    fake.token_revoked = True
    with pytest.raises(ChatError) as refused:
        chat.post_message(channel, MessageSpec("Reminder"))
    assert refused.value.code in REVOKED
    assert health.degraded(now) == ["mattermost"]
    assert len(fake.posts) == posts  # refused: nothing posted
