"""Text messages as the core sees them: the port an SMS gateway adapter implements (no I/O here).

The adapter (``handlers/sms/webhook.py``) posts ``{to, text, page_url}`` to ``SIRENE_SMS_WEBHOOK_URL``;
failures are :class:`bot.mail.MailUnavailable` (temporary, retried with backoff) or
:class:`bot.mail.MailRejected` (permanent), as for e-mail.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class OutgoingSms:
    message_id: str
    """Stable per logical message (sent as a header: a gateway can drop a retried duplicate)."""
    to: str
    text: str
    page_url: str


class SmsPort(Protocol):
    def send(self, sms: OutgoingSms) -> None: ...
