"""How the drivers' requests reach a bot: signed requests accepted and unsigned, wrongly signed or stale ones
refused, Slack's url_verification answered, an event redelivered with the retry headers of each transport,
and the signature as Slack's official test vector and slack_sdk's verifier expect it."""

from __future__ import annotations

from slack_sdk.signature import SignatureVerifier

from tests.fakes.official import load
from tests.fakes.slack import FakeSlack
from tests.fakes.slack import SlackDriver
from tests.fakes.slack import slack_signature
from tests.fakes.slack.http_driver import Signing
from tests.fakes.slack_drivers.conftest import ALICE
from tests.fakes.slack_drivers.conftest import Bot


def test_bolt_accepts_signed_and_rejects_bad_requests(http_bot: Bot, general: str) -> None:
    driver = http_bot.driver
    assert isinstance(driver, SlackDriver)
    assert driver.slash(ALICE, "", general).status_code == 200
    for mode in ("unsigned", "wrong_secret", "stale"):
        response = driver.with_options(signing=mode).slash(ALICE, "", general)
        assert response.status_code == 401, mode
    assert len(http_bot.fake.calls_to("views.open")) == 1  # only the signed request did anything


def test_url_verification_echoes_the_challenge(http_bot: Bot) -> None:
    assert isinstance(http_bot.driver, SlackDriver)
    response = http_bot.driver.url_verification("abc123")
    assert response.status_code == 200 and response.json() == {"challenge": "abc123"}


def test_redeliver_repeats_the_event_with_retry_headers(bot: Bot, general: str) -> None:
    bot.driver.post_message(ALICE, general, "hello")
    first = bot.driver.last_event_body
    assert first is not None
    assert bot.acked(bot.driver.redeliver(None, 1, "http_timeout" if bot.transport == "http" else "timeout"))
    events = [d.payload for d in bot.driver.deliveries if d.kind == "event"]
    assert events[0]["event_id"] == first["event_id"]
    assert events[1] == first  # the very same body
    if bot.transport == "http":
        assert bot.seen.retry_headers == [(None, None), ("1", "http_timeout")]
    else:  # Bolt mirrors the envelope's retry_attempt / retry_reason as headers
        assert bot.seen.retry_headers == [("0", ""), ("1", "timeout")]


def test_signature_matches_official_test_vector() -> None:
    vector = load("signature_test_vector.json")
    headers = vector["headers"]
    signature = slack_signature(vector["signing_secret"], headers["X-Slack-Request-Timestamp"], vector["raw_body"])
    assert signature == headers["X-Slack-Signature"]
    assert slack_signature("another-secret", headers["X-Slack-Request-Timestamp"], vector["raw_body"]) != signature


def test_driver_headers_pass_slack_sdk_verification(fake_slack: FakeSlack) -> None:
    driver = SlackDriver("http://127.0.0.1:9/slack/events", "s3cr3t", fake_slack)
    body = b"token=x&command=%2Fincident"
    verifier = SignatureVerifier("s3cr3t")
    good = driver.signed_headers(body)
    assert verifier.is_valid_request(body, good)
    modes: tuple[Signing, ...] = ("stale", "wrong_secret", "unsigned")
    for mode in modes:
        assert not verifier.is_valid_request(body, driver.signed_headers(body, signing=mode))
    driver.close()
