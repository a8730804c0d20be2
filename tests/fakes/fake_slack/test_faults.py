"""The faults a test injects into FakeSlack, seen from the real slack_sdk clients: a rate limit reaches the
client with its Retry-After and the call does nothing, and a call whose answer is dropped is processed all
the same, so a retry duplicates it."""

from __future__ import annotations

import httpx
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler
from slack_sdk.http_retry.builtin_interval_calculators import FixedValueRetryIntervalCalculator

from tests.fakes.fake_slack.conftest import _error
from tests.fakes.slack import FakeSlack


def test_rate_limit_reaches_the_client_with_retry_after(fake_slack: FakeSlack, client: WebClient) -> None:
    ch = fake_slack.add_channel("incidents")
    fake_slack.fail_next("chat.postMessage", status=429, retry_after=7)
    with pytest.raises(SlackApiError) as exc:
        client.chat_postMessage(channel=ch.id, text="x")
    assert exc.value.response.status_code == 429
    assert exc.value.response.headers["Retry-After"] == "7"
    assert _error(exc) == "ratelimited"
    assert fake_slack.messages(ch.id) == []  # a rejected call does nothing
    client.chat_postMessage(channel=ch.id, text="x")  # only the next call failed
    assert len(fake_slack.messages(ch.id)) == 1

    fake_slack.fail_next("chat.update", status=500, times=2)
    for _ in range(2):
        with pytest.raises(SlackApiError) as exc:
            client.chat_update(channel=ch.id, ts=fake_slack.messages(ch.id)[0].ts, text="y")
        assert exc.value.response.status_code == 500 and _error(exc) == "fatal_error"


def test_dropped_response_is_processed_and_retried_into_a_duplicate(fake_slack: FakeSlack, client: WebClient) -> None:
    ch = fake_slack.add_channel("incidents")
    fake_slack.drop_response_next("chat.postMessage")
    with pytest.raises(httpx.RemoteProtocolError):
        httpx.post(
            fake_slack.api_url + "chat.postMessage",
            json={"channel": ch.id, "text": "first"},
            headers={"Authorization": f"Bearer {fake_slack.bot_token}"},
        )
    assert [m.text for m in fake_slack.messages(ch.id)] == ["first"]  # stored although unanswered

    fake_slack.drop_response_next("chat.postMessage")
    retrying = WebClient(
        base_url=fake_slack.api_url,
        token=fake_slack.bot_token,
        retry_handlers=[ConnectionErrorRetryHandler(interval_calculator=FixedValueRetryIntervalCalculator(0))],
    )
    retrying.chat_postMessage(channel=ch.id, text="second")  # slack_sdk retries connection errors once
    assert [m.text for m in fake_slack.messages(ch.id)] == ["first", "second", "second"]


