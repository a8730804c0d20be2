"""The SMTP adapter of :class:`bot.mail.MailPort`, over the standard library's ``smtplib`` and ``email``.

``SIRENE_SMTP_URL`` is ``smtp://user:pass@host:587`` (STARTTLS whenever the server offers it, plain only
on a server that offers none, as a local relay) or ``smtps://user:pass@host:465`` (TLS from the start).
Each send opens one connection: pages are rare, and a connection kept open would fail at the worst moment.
Nothing written here (errors, log lines) carries the password.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from urllib.parse import unquote
from urllib.parse import urlsplit

from bot.mail import MailRejected
from bot.mail import MailUnavailable
from bot.mail import OutgoingMail

log = logging.getLogger("sirene.mail")

TIMEOUT_SECONDS = 15.0
DEFAULT_PORTS = {"smtp": 587, "smtps": 465}


class SmtpUrlInvalid(ValueError):
    """``SIRENE_SMTP_URL`` cannot be understood (the message never carries the URL: it may hold a password)."""


@dataclass(frozen=True)
class SmtpServer:
    scheme: str
    host: str
    port: int
    user: str | None = None
    password: str | None = None

    @property
    def tls_from_start(self) -> bool:
        return self.scheme == "smtps"


def parse_smtp_url(url: str) -> SmtpServer:
    """``smtp[s]://[user[:password]@]host[:port]`` → :class:`SmtpServer`; :class:`SmtpUrlInvalid` otherwise."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise SmtpUrlInvalid("malformed") from None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise SmtpUrlInvalid("scheme or host")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise SmtpUrlInvalid("unexpected path")
    user = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password else None
    return SmtpServer(parts.scheme, parts.hostname, port or DEFAULT_PORTS[parts.scheme], user, password)


def build_message(mail: OutgoingMail, sender: str) -> EmailMessage:
    """A multipart/alternative message: the plain text first, the simple HTML second."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(mail.to)
    message["Subject"] = mail.subject
    message["Message-ID"] = mail.message_id
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(mail.text)
    message.add_alternative(mail.html, subtype="html")
    return message


class SmtpMail:
    """Sends :class:`OutgoingMail` through one SMTP server."""

    def __init__(self, url: str, sender: str, tls: ssl.SSLContext | None = None,
                 timeout: float = TIMEOUT_SECONDS) -> None:
        self.server = parse_smtp_url(url)
        self.sender = sender
        self._tls = tls or ssl.create_default_context()
        self._timeout = timeout

    def _connect(self) -> smtplib.SMTP:
        server = self.server
        client: smtplib.SMTP
        if server.tls_from_start:
            client = smtplib.SMTP_SSL(server.host, server.port, timeout=self._timeout, context=self._tls)
        else:
            client = smtplib.SMTP(server.host, server.port, timeout=self._timeout)
        try:
            client.ehlo()
            if not server.tls_from_start and client.has_extn("starttls"):
                client.starttls(context=self._tls)
                client.ehlo()
            if server.user:
                _log_in(client, server.user, server.password or "")
        except BaseException:
            client.close()
            raise
        return client

    def check(self) -> None:
        """Reach the server and log in (at start): raise :class:`MailUnavailable` or :class:`MailRejected`."""
        with _translated():
            client = self._connect()
            try:
                client.quit()
            except smtplib.SMTPException:
                client.close()

    def send(self, mail: OutgoingMail) -> None:
        message = build_message(mail, self.sender)
        with _translated():
            client = self._connect()
            try:
                client.send_message(message, from_addr=self.sender, to_addrs=list(mail.to))
            finally:
                try:
                    client.quit()
                except (smtplib.SMTPException, OSError):
                    client.close()
        log.info("mail %s sent to %s recipient(s)", mail.message_id, len(mail.to))


def _log_in(client: smtplib.SMTP, user: str, password: str) -> None:
    """AUTH PLAIN when offered (one try: a refused password is not tried again under other mechanisms),
    else whatever ``smtplib`` picks."""
    offered = (client.esmtp_features.get("auth") or "").upper().split()
    if "PLAIN" in offered:
        client.user, client.password = user, password
        client.auth("PLAIN", client.auth_plain)
    else:
        client.login(user, password)


@contextmanager
def _translated() -> Iterator[None]:
    """Turns smtplib's and the socket's errors into the port's: 4xx and network trouble are temporary,
    5xx permanent. The new exception names the SMTP code only, never the server's text (it may echo
    what was sent, user names included)."""
    try:
        yield
    except smtplib.SMTPRecipientsRefused as exc:
        codes = sorted({code for code, _ in exc.recipients.values()})
        if any(400 <= code < 500 for code in codes):
            raise MailUnavailable(f"recipients deferred ({codes})") from None
        raise MailRejected(f"recipients refused ({codes})") from None
    except smtplib.SMTPResponseException as exc:
        if 400 <= exc.smtp_code < 500:
            raise MailUnavailable(f"SMTP {exc.smtp_code} ({type(exc).__name__})") from None
        raise MailRejected(f"SMTP {exc.smtp_code} ({type(exc).__name__})") from None
    except smtplib.SMTPNotSupportedError:
        raise MailRejected("the server lacks a needed extension (AUTH?)") from None
    except (smtplib.SMTPException, OSError) as exc:  # disconnects, refused, timeouts, TLS errors
        raise MailUnavailable(type(exc).__name__) from None
