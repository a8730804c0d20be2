"""Slack over HTTP: ``POST /slack/events`` hands the request to Bolt in the thread pool.

The signature is verified first (401 for unsigned, wrongly signed or stale requests: slack_sdk's
verifier, 5 minutes), then the request's shape (400 when it is not a Slack request); Bolt answers
as soon as the listener acks; the event loop is never blocked by Bolt's synchronous dispatch. A person's
plain message that is not for the logbook (most of an incident channel's traffic) is answered at once,
without Bolt.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from slack_bolt import App
from slack_bolt.request import BoltRequest
from slack_sdk.signature import SignatureVerifier
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from handlers.slack.shape import plain_message_text, well_formed

MAX_BODY = 1_000_000


class SlackEndpoint:
    def __init__(self, app: App, signing_secret: str, team_id: str | None,
                 for_the_logbook: Callable[[str], bool] = lambda text: True) -> None:
        self._app = app
        self._verifier = SignatureVerifier(signing_secret)
        self._team_id = team_id
        self._for_the_logbook = for_the_logbook

    async def handle(self, request: Request) -> Response:
        body = await request.body()
        if len(body) > MAX_BODY:
            return Response(status_code=413)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return Response(status_code=400)
        if not self._verifier.is_valid_request(text, dict(request.headers)):
            return Response(status_code=401)
        if not well_formed(text, request.headers.get("content-type", ""), self._team_id):
            return Response(status_code=400)
        message = plain_message_text(text)
        if message is not None and not self._for_the_logbook(message):
            return Response(status_code=200)  # chatter in a channel: nothing to do, no thread, no database
        headers: dict[str, str | Sequence[str]] = {key: [value] for key, value in request.headers.items()}
        bolt_request = BoltRequest(body=text, query=request.url.query, headers=headers)
        bolt_response = await run_in_threadpool(self._app.dispatch, bolt_request)
        response = Response(status_code=bolt_response.status, content=bolt_response.body)
        for name, values in bolt_response.headers.items():
            for value in values:
                if name.lower() != "content-length":
                    response.headers.append(name, value)
        return response
