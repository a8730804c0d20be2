"""The links in a page's e-mail or text message: ``<public url>/page/<token>``.

The token is signed with ``SIRENE_SECRET_KEY`` (HMAC-SHA256) and names one page and one person (their
platform and user id) and the moment it expires. Whether the page can still be answered (not yet
acknowledged or decided, its incident open) is the use case's to say, as for the chat button: a token of an
answered page shows the answer and changes nothing.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from datetime import timedelta

LINK_VALID = timedelta(days=3)
"""A page's links stop working this long after the page was sent (a page is answered long before)."""
TOKEN_MAX = 512
"""Longer tokens are refused unread."""
_SIGNATURE_BYTES = 20


@dataclass(frozen=True)
class PageClaim:
    """What a valid token says: this person may answer this page until ``expires``."""

    page_id: int
    platform: str
    user_id: str
    expires: datetime


def _encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class PageLinks:
    def __init__(self, secret: str, base_url: str) -> None:
        self._key = hashlib.sha256(b"sirene-page-link\x00" + secret.encode("utf-8")).digest()
        self.base_url = base_url.rstrip("/")

    def _sign(self, body: str) -> str:
        return _encode(hmac.new(self._key, body.encode("ascii"), hashlib.sha256).digest()[:_SIGNATURE_BYTES])

    def token(self, claim: PageClaim) -> str:
        data = json.dumps([claim.page_id, claim.platform, claim.user_id, int(claim.expires.timestamp())],
                          separators=(",", ":"))
        body = _encode(data.encode("utf-8"))
        return f"{body}.{self._sign(body)}"

    def url(self, page_id: int, platform: str, user_id: str, sent_at: datetime) -> str:
        """The link for this person and page, valid :data:`LINK_VALID` from ``sent_at``."""
        return f"{self.base_url}/page/{self.token(PageClaim(page_id, platform, user_id, sent_at + LINK_VALID))}"

    def read(self, token: str, now: datetime) -> PageClaim | None:
        """The claim of a genuine, unexpired token; ``None`` for anything else (never raises)."""
        if len(token) > TOKEN_MAX or token.count(".") != 1:
            return None
        body, signature = token.split(".")
        try:
            expected = self._sign(body)
        except UnicodeEncodeError:
            return None
        if not hmac.compare_digest(expected.encode("ascii"), signature.encode("utf-8", "replace")):
            return None
        try:
            page_id, platform, user_id, expires = json.loads(_decode(body))
        except (ValueError, TypeError, binascii.Error):
            return None
        if not (isinstance(page_id, int) and isinstance(platform, str) and isinstance(user_id, str)
                and isinstance(expires, int)):
            return None
        try:
            claim = PageClaim(page_id, platform, user_id, datetime.fromtimestamp(expires, UTC))
        except (OverflowError, OSError, ValueError):
            return None
        return claim if now < claim.expires else None

    def expired(self, token: str, now: datetime) -> bool:
        """A genuine token past its time (told apart from a forged one: 404 rather than 403)."""
        claim = self.read(token, datetime.min.replace(tzinfo=UTC))
        return claim is not None and now >= claim.expires
