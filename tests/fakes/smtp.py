"""A real SMTP server for the tests (aiosmtpd on a free port of 127.0.0.1).

``mail_server`` starts a plain one (no STARTTLS offered, as a local relay); :func:`start_mail_server` can
offer STARTTLS or speak TLS from the start (a self-signed certificate made with ``openssl``), ask for a login,
and defer (451) the next messages to test retries. Received messages are parsed with the standard library.
"""

from __future__ import annotations

import logging
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from email import message_from_bytes
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP
from aiosmtpd.smtp import AuthResult
from aiosmtpd.smtp import Envelope
from aiosmtpd.smtp import LoginPassword
from aiosmtpd.smtp import Session

USER = "sirene"
PASSWORD = "s3cret-smtp-password"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key (one day)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    return cert, key


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage
    tls: bool


@dataclass
class MailServer:
    """What the server received, and how it behaves."""

    port: int = 0
    received: list[Received] = field(default_factory=list)
    defer_next: int = 0
    """The next this many messages get ``451`` (try again later)."""
    reject_next: int = 0
    """The next this many messages get ``550``."""
    logins: list[str] = field(default_factory=list)
    client_tls: ssl.SSLContext | None = None
    """A client context that trusts this server's certificate (TLS servers only)."""
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _arrived: threading.Condition = field(init=False)

    def __post_init__(self) -> None:
        self._arrived = threading.Condition(self._lock)

    def url(self, scheme: str = "smtp", user: str | None = None, password: str | None = None) -> str:
        login = f"{user}:{password}@" if user else ""
        return f"{scheme}://{login}127.0.0.1:{self.port}"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        with self._lock:
            if self.defer_next:
                self.defer_next -= 1
                return "451 4.3.0 try again later"
            if self.reject_next:
                self.reject_next -= 1
                return "550 5.1.1 no such user"
            content = envelope.original_content or b""
            message = message_from_bytes(content, policy=policy.default)
            self.received.append(Received(str(envelope.mail_from), list(envelope.rcpt_tos), message,
                                          _encrypted(server)))
            self._arrived.notify_all()
        return "250 OK"

    def messages(self) -> list[EmailMessage]:
        with self._lock:
            return [r.message for r in self.received]

    def wait_for(self, count: int, timeout: float = 10.0) -> list[EmailMessage]:
        """Wait until ``count`` messages arrived (a condition, not a timed sleep); return them."""
        with self._arrived:
            if not self._arrived.wait_for(lambda: len(self.received) >= count, timeout):
                raise AssertionError(f"{len(self.received)} message(s) arrived, {count} expected")
            return [r.message for r in self.received]


def _encrypted(server: SMTP) -> bool:
    transport = server.transport
    return transport is not None and transport.get_extra_info("ssl_object") is not None


def _authenticator(server: MailServer) -> Any:
    def check(smtp: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any) -> AuthResult:
        ok = (isinstance(data, LoginPassword) and data.login == USER.encode()
              and data.password == PASSWORD.encode())
        if ok:
            server.logins.append(USER)
        return AuthResult(success=ok, handled=False)
    return check


@dataclass
class Started:
    server: MailServer
    controller: Controller

    def stop(self) -> None:
        self.controller.stop()


def start_mail_server(tls: str = "none", login: bool = False, certs: Path | None = None) -> Started:
    """``tls``: ``none`` (no STARTTLS offered), ``starttls`` (offered) or ``implicit`` (smtps)."""
    # aiosmtpd tells every connection at INFO from its own thread, also after a test's captured output is
    # closed ("Logging error" noise in the run): keep its log to warnings.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    server = MailServer(port=free_port())
    kwargs: dict[str, Any] = {}
    if tls != "none":
        assert certs is not None
        cert, key = self_signed(certs)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        server.client_tls = ssl.create_default_context(cafile=str(cert))
        kwargs["ssl_context" if tls == "implicit" else "tls_context"] = context
    if login:
        kwargs.update(authenticator=_authenticator(server), auth_require_tls=False)
    controller = Controller(server, hostname="127.0.0.1", port=server.port, **kwargs)
    controller.start()
    return Started(server, controller)


@pytest.fixture
def mail_server() -> Iterator[MailServer]:
    started = start_mail_server()
    try:
        yield started.server
    finally:
        started.stop()
