"""``/healthz`` tells whether the database answers."""

from __future__ import annotations

import asyncio

import httpx
from starlette.applications import Starlette
from starlette.routing import Route

from handlers.web.health import HealthEndpoint


def get_health(database_ok: bool) -> httpx.Response:
    endpoint = HealthEndpoint(lambda: database_ok, ["slack"])
    app = Starlette(routes=[Route("/healthz", endpoint.handle, methods=["GET"])])

    async def call() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sirene") as client:
            return await client.get("/healthz")

    return asyncio.run(call())


def test_healthy_when_the_database_answers() -> None:
    answer = get_health(True)
    assert (answer.status_code, answer.json()["database"]) == (200, "ok")


def test_503_when_the_database_does_not() -> None:
    answer = get_health(False)
    assert (answer.status_code, answer.json()) == (503, {"status": "unavailable", "database": "unreachable",
                                                          "platforms": ["slack"]})
