"""Slack over HTTP: ``POST /slack/events`` hands the request to Bolt in the thread pool.

Bolt verifies the signature (401 for unsigned, wrongly signed or stale requests) and answers as
soon as the listener acks; the event loop is never blocked by Bolt's synchronous dispatch.
"""

from __future__ import annotations

from collections.abc import Sequence

from slack_bolt import App
from slack_bolt.request import BoltRequest
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

MAX_BODY = 1_000_000


class SlackEndpoint:
    def __init__(self, app: App) -> None:
        self._app = app

    async def handle(self, request: Request) -> Response:
        body = await request.body()
        if len(body) > MAX_BODY:
            return Response(status_code=413)
        headers: dict[str, str | Sequence[str]] = {key: [value] for key, value in request.headers.items()}
        bolt_request = BoltRequest(body=body.decode("utf-8", errors="replace"), query=request.url.query,
                                   headers=headers)
        bolt_response = await run_in_threadpool(self._app.dispatch, bolt_request)
        response = Response(status_code=bolt_response.status, content=bolt_response.body)
        for name, values in bolt_response.headers.items():
            for value in values:
                if name.lower() != "content-length":
                    response.headers.append(name, value)
        return response
