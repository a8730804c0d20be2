"""Text messages through a generic HTTP gateway: a local relay checks the HMAC and the payload
``{to, text, page_url}``; the link in it answers the page; failures are retried, never doubled."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import actions
from bot.mail import MailRejected
from bot.mail import MailUnavailable
from bot.ports import UnitOfWorkFactory
from bot.sms import OutgoingSms
from handlers.sms.webhook import SmsWebhook
from tests.core.harness import Harness
from tests.fakes.sms_gateway import SECRET
from tests.fakes.sms_gateway import Gateway
from tests.fakes.smtp import MailServer
from tests.fakes.smtp import free_port
from tests.mail.paging import logbook
from tests.mail.paging import mailing_harness
from tests.mail.paging import major_past_its_term
from tests.mail.paging import web


@pytest.fixture
def h(sqlite_uow_factory: UnitOfWorkFactory, tmp_path: Path, mail_server: MailServer,
      sms_gateway: Gateway) -> Harness:
    harness = mailing_harness(sqlite_uow_factory, tmp_path, mail_server,
                              **{"roles.irp_manager.page_by": ["chat", "email", "sms"]})
    harness.core.sms = SmsWebhook(sms_gateway.url, SECRET)
    return harness


def test_an_unanswered_page_goes_by_text_message_too(h: Harness, mail_server: MailServer,
                                                     sms_gateway: Gateway) -> None:
    number = major_past_its_term(h)
    assert sms_gateway.received == []
    h.advance(minutes=10)
    [sms] = sms_gateway.received
    assert sms_gateway.forged == 0
    assert sms["to"] == "+32 2 555 01 01"  # Hugo's number from the plan (Ellen has none: no SMS for her)
    assert sms["text"].startswith(f"Sirene: Major incident past its term, {number} (")
    assert sms["page_url"] in sms["text"] and sms["page_url"].startswith("https://sirene.example.be/page/")
    assert len(sms["text"]) <= 320
    mail_server.wait_for(1)  # and the e-mail
    client = web(h)
    page = client.get(sms["page_url"])
    assert page.status_code == 200
    marker = 'name="do" value="sirene.ack"><input type="hidden" name="value" value="'
    value = page.text.split(marker, 1)[1].split('"', 1)[0]
    assert client.post(sms["page_url"], data={"do": actions.ACKNOWLEDGE, "value": value}).status_code == 200
    assert sum("by e-mail link" in line for line in logbook(h, number)) == 1


def test_a_failing_gateway_is_retried_with_the_same_key(h: Harness, sms_gateway: Gateway) -> None:
    major_past_its_term(h)
    sms_gateway.fail_next = [503]
    h.advance(minutes=10)
    assert sms_gateway.received == []
    h.advance(seconds=5)
    assert len(sms_gateway.received) == 1
    h.advance(minutes=1)
    assert len(sms_gateway.received) == 1


def test_answers_are_told_apart(sms_gateway: Gateway) -> None:
    sms = OutgoingSms("<id@example.be>", "+32 470 00 00 00", "hello", "https://x/page/t")
    sms_gateway.fail_next = [429, 400]
    with pytest.raises(MailUnavailable):
        SmsWebhook(sms_gateway.url, SECRET).send(sms)
    with pytest.raises(MailRejected):
        SmsWebhook(sms_gateway.url, SECRET).send(sms)
    with pytest.raises(MailRejected):  # a relay that does not recognise our signature
        SmsWebhook(sms_gateway.url, "wrong-secret-" * 3).send(sms)
    assert sms_gateway.forged == 1
    with pytest.raises(MailUnavailable):
        SmsWebhook(f"http://127.0.0.1:{free_port()}/sms", SECRET).send(sms)
    SmsWebhook(sms_gateway.url, SECRET).send(sms)
    assert sms_gateway.received == [{"to": "+32 470 00 00 00", "text": "hello", "page_url": "https://x/page/t"}]
    assert sms_gateway.keys == ["<id@example.be>"]


@pytest.mark.parametrize(("url", "secret", "variable"), [
    ("gateway.example.be/sms", "s" * 40, "SIRENE_SMS_WEBHOOK_URL"),
    ("https://gateway.example.be/sms", "short", "SIRENE_SMS_WEBHOOK_SECRET"),
])
def test_sms_settings_are_checked(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, url: str, secret: str,
                                  variable: str) -> None:
    from bot.settings import SettingsInvalid
    from bot.settings import load_settings

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SIRENE_SMTP_URL", raising=False)
    monkeypatch.setenv("SIRENE_SMS_WEBHOOK_URL", url)
    monkeypatch.setenv("SIRENE_SMS_WEBHOOK_SECRET", secret)
    with pytest.raises(SettingsInvalid) as caught:
        load_settings()
    assert caught.value.variable == variable
