"""The SMTP adapter against a real SMTP server (aiosmtpd): multipart mails with our Message-ID, STARTTLS
whenever offered, TLS from the start on smtps://, temporary and permanent failures told apart, and a
start that stops with one line naming SIRENE_SMTP_URL (never the password)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.mail import MailRejected
from bot.mail import MailUnavailable
from bot.mail import OutgoingMail
from bot.mail import message_id
from handlers.mail.smtp import SmtpMail
from handlers.mail.smtp import SmtpUrlInvalid
from handlers.mail.smtp import parse_smtp_url
from tests.fakes.smtp import PASSWORD
from tests.fakes.smtp import USER
from tests.fakes.smtp import MailServer
from tests.fakes.smtp import free_port
from tests.fakes.smtp import start_mail_server

SENDER = "sirene@example.be"


def a_mail(key: str = "page:1:alice") -> OutgoingMail:
    return OutgoingMail(message_id(key, SENDER), ("alice@example.be", "bob@example.be"), "Sirene: incident #7",
                        "Incident #7 needs you.\nhttps://sirene.example.be/page/x",
                        "<p>Incident #7 needs <b>you</b>.</p>")


def test_a_mail_arrives_multipart_with_our_message_id(mail_server: MailServer) -> None:
    mail = a_mail()
    SmtpMail(mail_server.url(), SENDER).send(mail)
    [received] = mail_server.wait_for(1)
    assert received["Message-ID"] == mail.message_id
    assert received["Subject"] == "Sirene: incident #7"
    assert received["From"] == SENDER
    assert received.get_content_type() == "multipart/alternative"
    plain = received.get_body(("plain",))
    html = received.get_body(("html",))
    assert plain is not None and "Incident #7 needs you." in plain.get_content()
    assert html is not None and "<b>you</b>" in html.get_content()
    assert sorted(mail_server.received[0].rcpt_tos) == ["alice@example.be", "bob@example.be"]
    assert not mail_server.received[0].tls  # the server offered no STARTTLS: plain, as a local relay


def test_the_same_key_gives_the_same_message_id() -> None:
    assert message_id("page:1:alice", SENDER) == message_id("page:1:alice", SENDER)
    assert message_id("page:1:alice", SENDER) != message_id("page:1:bob", SENDER)
    assert message_id("page:1:alice", SENDER).endswith("@example.be>")


def test_starttls_is_used_whenever_the_server_offers_it(tmp_path: Path) -> None:
    started = start_mail_server(tls="starttls", login=True, certs=tmp_path)
    try:
        server = started.server
        SmtpMail(server.url("smtp", USER, PASSWORD), SENDER, tls=server.client_tls).send(a_mail())
        server.wait_for(1)
        assert server.received[0].tls and server.logins == [USER]
    finally:
        started.stop()


def test_smtps_speaks_tls_from_the_start(tmp_path: Path) -> None:
    started = start_mail_server(tls="implicit", login=True, certs=tmp_path)
    try:
        server = started.server
        mail = SmtpMail(server.url("smtps", USER, PASSWORD), SENDER, tls=server.client_tls)
        mail.check()
        mail.send(a_mail())
        server.wait_for(1)
        assert server.received[0].tls
    finally:
        started.stop()


def test_an_untrusted_certificate_is_a_temporary_failure_not_a_plain_fallback(tmp_path: Path) -> None:
    started = start_mail_server(tls="starttls", certs=tmp_path)
    try:
        with pytest.raises(MailUnavailable):
            SmtpMail(started.server.url(), SENDER).send(a_mail())  # default trust store: self-signed refused
        assert started.server.received == []
    finally:
        started.stop()


def test_a_deferral_is_temporary_and_a_refusal_permanent(mail_server: MailServer) -> None:
    smtp = SmtpMail(mail_server.url(), SENDER)
    mail_server.defer_next = 1
    with pytest.raises(MailUnavailable):
        smtp.send(a_mail())
    mail_server.reject_next = 1
    with pytest.raises(MailRejected):
        smtp.send(a_mail())
    smtp.send(a_mail())
    assert len(mail_server.wait_for(1)) == 1


def test_a_wrong_password_is_permanent_and_not_repeated(tmp_path: Path) -> None:
    started = start_mail_server(login=True)
    try:
        with pytest.raises(MailRejected) as caught:
            SmtpMail(started.server.url("smtp", USER, "wrong-password-123"), SENDER).check()
        assert "wrong-password-123" not in str(caught.value)
    finally:
        started.stop()


def test_an_unreachable_server_is_temporary() -> None:
    with pytest.raises(MailUnavailable):
        SmtpMail(f"smtp://127.0.0.1:{free_port()}", SENDER, timeout=2).send(a_mail())


@pytest.mark.parametrize("url", ["mail.example.be", "http://mail.example.be", "smtp://", "smtp://host:99999",
                                 "smtp://host:abc", "smtp://host/path", "smtp://host?x=1"])
def test_malformed_urls_are_refused(url: str) -> None:
    with pytest.raises(SmtpUrlInvalid):
        parse_smtp_url(url)


def test_url_defaults_and_escaped_credentials() -> None:
    server = parse_smtp_url("smtp://me%40example.be:p%3Ass@mail.example.be")
    assert (server.host, server.port, server.user, server.password) == ("mail.example.be", 587, "me@example.be", "p:ss")
    assert parse_smtp_url("smtps://mail.example.be").port == 465


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no .env of the developer's
    for name in ("SLACK_BOT_TOKEN", "MATTERMOST_URL", "MATTERMOST_BOT_TOKEN", "SIRENE_SMTP_URL", "SIRENE_MAIL_FROM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SIRENE_PUBLIC_URL", "https://sirene.example.be")
    monkeypatch.setenv("SIRENE_SECRET_KEY", "k" * 40)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'sirene.db'}")
    monkeypatch.setenv("SIRENE_PLAN", str(Path(__file__).resolve().parents[2] / "plan.example.yaml"))


@pytest.mark.parametrize(("url", "reason"), [
    ("smtp://sirene:TopSecret99@mail.example.be:notaport", "must be an address like"),
    (None, "cannot be reached"),
])
@pytest.mark.usefixtures("clean_env")
def test_a_bad_mail_setting_stops_the_start_in_one_line(monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str],
                                                        url: str | None, reason: str) -> None:
    monkeypatch.setenv("SIRENE_SMTP_URL", url or f"smtp://sirene:TopSecret99@127.0.0.1:{free_port()}")
    monkeypatch.setenv("SIRENE_MAIL_FROM", SENDER)
    assert main(["serve"]) == 2
    error = capsys.readouterr().err.strip()
    [line] = [line for line in error.splitlines() if line.startswith("Sirene cannot start")]
    assert "SIRENE_SMTP_URL" in line and reason in line
    assert "TopSecret99" not in error


@pytest.mark.parametrize(("missing", "value"), [("SIRENE_MAIL_FROM", ""), ("SIRENE_PUBLIC_URL", ""),
                                                ("SIRENE_SECRET_KEY", "short")])
@pytest.mark.usefixtures("clean_env")
def test_mail_needs_a_sender_a_public_url_and_a_secret(monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str], missing: str,
                                                       value: str) -> None:
    monkeypatch.setenv("SIRENE_SMTP_URL", "smtp://127.0.0.1:25")
    monkeypatch.setenv("SIRENE_MAIL_FROM", SENDER)
    monkeypatch.setenv(missing, value)
    assert main(["serve"]) == 2
    [line] = [line for line in capsys.readouterr().err.splitlines() if line.startswith("Sirene cannot start")]
    assert missing in line


def test_the_mail_password_and_the_relay_secret_are_redacted_from_the_log() -> None:
    from bot.log_redaction import redact
    from bot.log_redaction import secrets_of
    from bot.settings import Settings

    settings = Settings(sirene_smtp_url="smtp://sirene:Mail%2FPass99@mail.example.be:587",
                        sirene_sms_webhook_secret="relay-secret-" + "x" * 30)
    line = redact("login Mail/Pass99 failed; relay relay-secret-" + "x" * 30, secrets_of(settings))
    assert "Mail/Pass99" not in line and "relay-secret" not in line
