"""E-mail as the core sees it: a message to send and the port that sends it (no I/O here).

The SMTP adapter lives in ``handlers/mail/``; the composition root sets ``Core.mail`` when
``SIRENE_SMTP_URL`` is set. Sending is an outbox job like every other send: a retried job sends the
same message with the same ``Message-ID``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class OutgoingMail:
    message_id: str
    """Stable per logical message: a retried send carries the same ``Message-ID``."""
    to: tuple[str, ...]
    subject: str
    text: str
    """The plain-text part."""
    html: str
    """The simple HTML part."""


class MailUnavailable(Exception):
    """The mail server is busy or unreachable, or refused for now (4xx): try again later."""


class MailRejected(Exception):
    """The mail server refused this message for good (5xx: unknown recipient, bad sender): retrying
    will not help."""


class MailPort(Protocol):
    def send(self, mail: OutgoingMail) -> None:
        """Hand ``mail`` to the server; raise :class:`MailUnavailable` on a temporary failure,
        :class:`MailRejected` on a permanent one."""
        ...


def message_id(key: str, sender: str) -> str:
    """A ``Message-ID`` derived from ``key`` (what the message is, e.g. ``page:12:alice``) and the sender's
    domain: the same key always gives the same id."""
    domain = sender.rpartition("@")[2].strip(" >") or "sirene.invalid"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return f"<sirene.{digest}@{domain}>"
