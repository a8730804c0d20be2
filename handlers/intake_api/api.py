"""``POST /api/v1/reports`` (any tool or person with a source's token), ``POST /api/v1/alertmanager`` and
``POST /api/v1/grafana`` (monitoring webhooks), ``GET /api/v1/openapi.json``.

Each request passes the gate (token 401, size 413, rate 429 with ``Retry-After``), is parsed (400, 422
with the fields at fault), then calls the core's intake use case: 201 for a new report, 200 when it was
one more signal of an open one.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.responses import Response

from bot.core import FieldErrors
from bot.ports import StorageUnavailable
from bot.sources import Source
from bot.usecases.intake import IncomingReport
from bot.usecases.intake import Received
from bot.usecases.intake import receive_report
from bot.usecases.intake import resolved_at_source
from bot.usecases.intake import translator_for
from handlers.intake_api.alerts import alert_group
from handlers.intake_api.gate import REPORT_BODY_MAX
from handlers.intake_api.gate import WEBHOOK_BODY_MAX
from handlers.intake_api.gate import Gate
from handlers.intake_api.gate import problem
from handlers.intake_api.openapi import document
from handlers.intake_api.parse import API_FIELDS
from handlers.intake_api.parse import BodyInvalid
from handlers.intake_api.parse import report_from_json
from handlers.web.body import TooLarge
from handlers.web.body import read_body

log = logging.getLogger("sirene.intake")
UNAVAILABLE_RETRY = "30"


class IntakeApi:
    def __init__(self, gate: Gate) -> None:
        self.gate = gate

    async def openapi(self, request: Request) -> Response:
        return JSONResponse(document(self.gate.public_url))

    async def reports(self, request: Request) -> Response:
        return await self._serve(request, "reports", REPORT_BODY_MAX, self._report)

    async def alertmanager(self, request: Request) -> Response:
        return await self._serve(request, "alertmanager", WEBHOOK_BODY_MAX, self._alerts)

    async def grafana(self, request: Request) -> Response:
        return await self._serve(request, "grafana", WEBHOOK_BODY_MAX, self._alerts)

    async def _serve(self, request: Request, where: str, limit: int, handle: Any) -> Response:
        tr = self.gate.translator()
        source = self.gate.bearer(request)
        if source is None:
            self.gate.refuse_token(request, where)
            return problem(tr, 401, "unauthorized", headers={"WWW-Authenticate": 'Bearer realm="sirene"'})
        try:
            body = await read_body(request, limit)
        except TooLarge:
            return problem(tr, 413, "too_large")
        wait = await run_in_threadpool(self.gate.retry_after, source)
        if wait is not None:
            return problem(tr, 429, "rate_limited", headers={"Retry-After": str(wait)})
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):
            return problem(tr, 400, "not_json")
        tr = translator_for(self.gate.core, source, data.get("language") if isinstance(data, dict) else None)
        try:
            response: Response = await run_in_threadpool(handle, source, data)
        except BodyInvalid as invalid:
            return problem(tr, 422, "invalid", invalid.fields)
        except StorageUnavailable:
            log.warning("intake: database unavailable, %s report of %s refused for now", where, source.name)
            return problem(tr, 503, "unavailable", headers={"Retry-After": UNAVAILABLE_RETRY})
        return response

    def _report(self, source: Source, data: Any) -> Response:
        tr = translator_for(self.gate.core, source, data.get("language") if isinstance(data, dict) else None)
        return self._file(source, report_from_json(tr, data))

    def _file(self, source: Source, report: IncomingReport) -> Response:
        outcome = receive_report(self.gate.core, source, report, self.gate.status_base)
        if isinstance(outcome, FieldErrors):
            fields = {API_FIELDS.get(name, name): text for name, text in outcome.errors.items()}
            raise BodyInvalid(fields)
        return JSONResponse(self._received(outcome), status_code=201 if outcome.created else 200)

    def _received(self, received: Received) -> dict[str, object]:
        return {"reference": received.number, "status_url": self.gate.status_url(received.status_key),
                "created": received.created, "signals": received.signals}

    def _alerts(self, source: Source, data: Any) -> Response:
        tr = translator_for(self.gate.core, source)
        group = alert_group(tr, data, self.gate.core.now())
        if group.firing:
            return self._file(source, group.report)
        number = resolved_at_source(self.gate.core, source, group.dedup_key)
        return JSONResponse({"reference": number, "resolved_at_source": number is not None})
