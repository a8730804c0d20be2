"""The SMS adapter of :class:`bot.sms.SmsPort`: a JSON POST to ``SIRENE_SMS_WEBHOOK_URL`` that a tiny relay
turns into a text message with any provider.

The body is ``{"to": "+32…", "text": "…", "page_url": "https://…/page/…"}``. Headers:
``X-Sirene-Timestamp`` (Unix seconds), ``X-Sirene-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>"
with SIRENE_SMS_WEBHOOK_SECRET>`` and ``Idempotency-Key`` (the same for a retried message). A 2xx answer is
success; 408, 425, 429, 5xx and network trouble are temporary (retried with backoff); other answers permanent.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time

import httpx

from bot.mail import MailRejected
from bot.mail import MailUnavailable
from bot.sms import OutgoingSms

log = logging.getLogger("sirene.sms")

TIMEOUT_SECONDS = 10.0
TEMPORARY = {408, 425, 429}
SIGNATURE_HEADER = "X-Sirene-Signature"
TIMESTAMP_HEADER = "X-Sirene-Timestamp"


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=<hex>`` of ``<timestamp>.<body>``: what the relay recomputes to trust a request."""
    digest = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


class SmsWebhook:
    def __init__(self, url: str, secret: str, client: httpx.Client | None = None) -> None:
        self._url = url
        self._secret = secret
        self._client = client or httpx.Client(timeout=TIMEOUT_SECONDS)

    def send(self, sms: OutgoingSms) -> None:
        body = json.dumps({"to": sms.to, "text": sms.text, "page_url": sms.page_url},
                          ensure_ascii=False).encode("utf-8")
        timestamp = str(int(time.time()))
        headers = {"Content-Type": "application/json; charset=utf-8", TIMESTAMP_HEADER: timestamp,
                   SIGNATURE_HEADER: signature(self._secret, timestamp, body), "Idempotency-Key": sms.message_id}
        try:
            answer = self._client.post(self._url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            raise MailUnavailable(f"SMS gateway: {type(exc).__name__}") from None
        if answer.is_success:
            log.info("text message %s handed to the gateway", sms.message_id)
            return
        if answer.status_code in TEMPORARY or answer.status_code >= 500:
            raise MailUnavailable(f"SMS gateway answered {answer.status_code}")
        raise MailRejected(f"SMS gateway answered {answer.status_code}")

    def close(self) -> None:
        self._client.close()
