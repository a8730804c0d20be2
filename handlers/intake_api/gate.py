"""What every intake request passes first: the source's token, the body's size, the source's rate."""

from __future__ import annotations

import hmac
import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import JSONResponse

from bot.core import Core
from bot.i18n import Translator
from bot.ports import StorageUnavailable
from bot.rate_limit import RateBuckets
from bot.sources import Source

log = logging.getLogger("sirene.intake")

REPORT_BODY_MAX = 64 * 1024
"""Bytes of a report (API or form) at most."""
WEBHOOK_BODY_MAX = 1024 * 1024
"""Bytes of a monitoring notification at most (a group of many alerts)."""


@dataclass
class Gate:
    core: Core
    tokens: Mapping[str, Source]
    """Each source by its token (read from the environment at start)."""
    limiter: RateBuckets
    public_url: str
    refused: int = 0
    """Requests refused for a wrong or missing token since the start (logged, never with the token)."""

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._flooding: set[str] = set()

    def source_of(self, token: str | None) -> Source | None:
        """The source whose token this is (compared in constant time), else ``None``."""
        found = None
        for known, source in self.tokens.items():
            if token is not None and hmac.compare_digest(known.encode(), token.encode()):
                found = source
        return found

    def refuse_token(self, request: Request, where: str) -> None:
        with self._lock:
            self.refused += 1
            count = self.refused
        client = request.client.host if request.client else "?"
        log.warning("intake: %s refused, wrong or missing token (%d refused since start), from %s",
                    where, count, client)

    def bearer(self, request: Request) -> Source | None:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        return self.source_of(token.strip()) if scheme.lower() == "bearer" and token.strip() else None

    def retry_after(self, source: Source) -> int | None:
        """Seconds to wait when the source sent more than its rate allows, else ``None`` (the request counts).
        Blocking on PostgreSQL (the buckets are rows): called from a worker thread. With the database away the
        request is let through: filing it answers 503 then."""
        try:
            wait = self.limiter.take(source.name, source.rate)
        except StorageUnavailable:
            return None
        with self._lock:
            first = wait is not None and source.name not in self._flooding
            if wait is None:
                self._flooding.discard(source.name)
            else:
                self._flooding.add(source.name)
        if first:  # once per flood, not once per refused request
            log.warning("intake: source %s over its rate (%d per %ss): refusing until it slows down", source.name,
                        source.rate.count, int(source.rate.period.total_seconds()))
        return wait

    @property
    def status_base(self) -> str:
        return f"{self.public_url.rstrip('/')}/report/status/"

    def status_url(self, status_key: str) -> str:
        return f"{self.status_base}{status_key}"

    def translator(self) -> Translator:
        return self.core.team_translator()


def problem(tr: Translator, status: int, code: str, fields: Mapping[str, str] | None = None,
            headers: Mapping[str, str] | None = None) -> JSONResponse:
    """An error answer: a stable ``error`` code, a sentence for people, the fields at fault."""
    body: dict[str, object] = {"error": code, "message": tr.t(f"intake_api.{code}")}
    if fields:
        body["fields"] = dict(fields)
    return JSONResponse(body, status_code=status, headers=dict(headers or {}))
