"""The Mattermost REST API v4 over httpx, with the core's errors: retry later, or a permanent failure.

* HTTP 429 (rate limiting, off by default on a self-hosted server) → :class:`ChatUnavailable` with
  ``Retry-After`` (or ``X-RateLimit-Reset``) seconds;
* 5xx, a timeout or a broken connection → :class:`ChatUnavailable`;
* any other non-2xx → :class:`ChatError` with Mattermost's error id (``AppError.id``).
"""

from __future__ import annotations

import logging
from typing import Any

import httpx

from bot.ports import ChatError
from bot.ports import ChatUnavailable

log = logging.getLogger("sirene.mattermost")

TIMEOUT_SECONDS = 10.0


def _seconds(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def error_id(response: httpx.Response) -> str:
    """Mattermost's ``AppError.id`` (``store.sql_channel.save_channel.exists.app_error``), else the status."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and isinstance(body.get("id"), str) and body["id"]:
        return str(body["id"])
    return f"http_{response.status_code}"


class MattermostApi:
    """``call("POST", "/posts", json={...})`` → the decoded JSON answer (paths are under ``/api/v4``)."""

    def __init__(self, base_url: str, token: str, transport: httpx.BaseTransport | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self._client = httpx.Client(base_url=f"{self.base_url}/api/v4", timeout=TIMEOUT_SECONDS,
                                    headers={"Authorization": f"Bearer {token}", "Accept": "application/json",
                                             "User-Agent": "Sirene"},
                                    transport=transport)

    def call(self, method: str, path: str, *, json: Any = None, params: dict[str, Any] | None = None,
             files: Any = None, data: dict[str, str] | None = None) -> Any:
        try:
            response = self._client.request(method, path, json=json, params=params, files=files, data=data)
        except httpx.HTTPError as exc:
            raise ChatUnavailable(type(exc).__name__) from None
        if response.status_code == 429:
            retry = _seconds(response.headers.get("Retry-After")) or _seconds(response.headers.get("X-RateLimit-Reset"))
            raise ChatUnavailable("ratelimited", retry)
        if response.status_code >= 500:
            raise ChatUnavailable(f"http_{response.status_code}")
        if response.status_code >= 400:
            code = error_id(response)
            log.info("mattermost %s %s → %s %s", method, path, response.status_code, code)
            raise ChatError(code)
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            return None

    def close(self) -> None:
        self._client.close()
