"""``GET /healthz``: 200 when the database answers, 503 otherwise; ``degraded`` lists the chat platforms that
are down for a while (Sirene then pages by e-mail and SMS)."""

from __future__ import annotations

from collections.abc import Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.responses import Response


class HealthEndpoint:
    def __init__(self, database_ok: Callable[[], bool], platforms: list[str],
                 degraded: Callable[[], list[str]] = lambda: []) -> None:
        self._database_ok = database_ok
        self._platforms = platforms
        self._degraded = degraded

    async def handle(self, request: Request) -> Response:
        ok = await run_in_threadpool(self._database_ok)
        body = {"status": "ok" if ok else "unavailable", "database": "ok" if ok else "unreachable",
                "platforms": self._platforms}
        degraded = self._degraded()
        if degraded:
            body["degraded"] = degraded
            if ok:
                body["status"] = "degraded"
        return JSONResponse(body, status_code=200 if ok else 503)
