"""What Sirene sent outside the chat (e-mails and text messages): kept so that a retried send is recognised
(one ``message_id`` is sent once), the sandbox can show them, and the channel can be told what went out
while the chat platform was down."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Medium(StrEnum):
    """How a person is paged (the plan's ``page_by``)."""

    CHAT = "chat"
    EMAIL = "email"
    SMS = "sms"


@dataclass(frozen=True)
class SentMessage:
    message_id: str
    medium: Medium
    recipient: str
    """An e-mail address or a phone number."""
    subject: str
    text: str
    sent_at: datetime
    html: str = ""
    link: str = ""
    """The page's web address, when the message carries one."""
    incident_id: int | None = None
    page_id: int | None = None
