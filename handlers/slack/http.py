"""Slack over HTTP: ``POST /slack/events`` hands the request to Bolt in the thread pool.

The signature is verified first (401 for unsigned, wrongly signed or stale requests: slack_sdk's
verifier, 5 minutes), then the request's shape (400 when it is not a Slack request); Bolt answers
as soon as the listener acks; the event loop is never blocked by Bolt's synchronous dispatch.

A person's plain new message, most of an incident channel's traffic, does not go through Bolt: chatter
is answered at once (no thread, no database); a tagged message joins the logbook's intake
(:mod:`bot.group_commit`, shared with every other way a message arrives), where messages arriving
together are committed as one batch, and is answered once it is stored (503 when
the database is out of reach, so that Slack delivers it again).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable
from collections.abc import Callable
from collections.abc import Sequence
from typing import Any

from slack_bolt import App
from slack_bolt.request import BoltRequest
from slack_sdk.signature import SignatureVerifier
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from bot.domain.incident import MessageRef
from bot.ports import StorageUnavailable
from bot.usecases.logbook import Arrival
from handlers.slack.shape import event_well_formed
from handlers.slack.shape import person_message
from handlers.slack.shape import well_formed

log = logging.getLogger("sirene.slack")

MAX_BODY = 1_000_000

Tagged = Callable[[MessageRef, str, str, str | None, str | None], Arrival | None]
"""(message, author, text, event id, thread) → the logbook arrival it makes, ``None`` when it is not tagged."""


Record = Callable[[Arrival], Awaitable[bool]]
"""Records an arrival in the logbook (with the messages arriving together: :mod:`bot.group_commit`)."""


class SlackEndpoint:
    def __init__(self, app: App, signing_secret: str, team_id: str | None, tagged: Tagged, record: Record) -> None:
        self._app = app
        self._verifier = SignatureVerifier(signing_secret)
        self._team_id = team_id
        self._tagged = tagged
        self._record = record

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
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("application/json"):
            try:
                data = json.loads(text)
            except ValueError:
                return Response(status_code=400)
            if not event_well_formed(data, self._team_id):
                return Response(status_code=400)
            event = person_message(data)
            if event is not None:
                return await self._person_message(event, data.get("event_id"))
        elif not well_formed(text, content_type, self._team_id):
            return Response(status_code=400)
        return await self._bolt(request, text)

    async def _person_message(self, event: dict[str, Any], event_id: Any) -> Response:
        ref = MessageRef(str(event.get("channel") or ""), str(event.get("ts") or ""))
        thread = event.get("thread_ts")
        arrival = self._tagged(ref, str(event["user"]), str(event["text"]),
                               event_id if isinstance(event_id, str) else None,
                               thread if isinstance(thread, str) else None)
        if arrival is None:
            return Response(status_code=200)  # chatter in a channel: nothing to do, no thread, no database
        try:
            await self._record(arrival)
        except StorageUnavailable as exc:
            log.warning("database unavailable; Slack will retry: %s", exc)
            return Response(status_code=503)
        except Exception:
            log.exception("a tagged message could not be recorded")  # our bug: Slack must not retry it
        return Response(status_code=200)

    async def _bolt(self, request: Request, text: str) -> Response:
        headers: dict[str, str | Sequence[str]] = {key: [value] for key, value in request.headers.items()}
        try:
            bolt_request = BoltRequest(body=text, query=request.url.query, headers=headers)
        except (TypeError, ValueError, KeyError, AttributeError, IndexError) as exc:
            log.warning("a Slack request Bolt cannot read was refused: %s", type(exc).__name__)
            return Response(status_code=400)  # a shape our checks let through; never a 500 to Slack
        bolt_response = await run_in_threadpool(self._app.dispatch, bolt_request)
        response = Response(status_code=bolt_response.status, content=bolt_response.body)
        for name, values in bolt_response.headers.items():
            for value in values:
                if name.lower() != "content-length":
                    response.headers.append(name, value)
        return response
