"""The fake Mattermost's HTTP side: every REST call is found in ``contract.ROUTES`` and checked against it (the
bot's token, the body's kind, fields and types, the query parameters), each breach answered with Mattermost's
error and recorded in ``violations``; the call is recorded, its planned fault taken, then it is dispatched to
its route (``_r_<METHOD>_<path>``) under the lock, whose ``AppError`` becomes Mattermost's error answer."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.responses import Response

from tests.fakes.mattermost import contract
from tests.fakes.mattermost.api_integrations import IntegrationsApi
from tests.fakes.mattermost.model import Json
from tests.fakes.mattermost.state import AppError
from tests.fakes.slack.asgi_thread import drop_connection


class HttpApi(IntegrationsApi):
    async def _http(self, request: Request) -> Response:
        path, method = request.url.path, request.method
        found = contract.route_for(method, path)
        if found is None:
            self._violate(f"{method} {path}: no such route in the REST API v4 contract")
            return self._error(AppError(404, "api.context.404.app_error"))
        route, params = found
        if request.headers.get("authorization") != f"Bearer {self.bot_token}":
            self._violate(f"{route.key}: called without the bot token")
            return self._error(AppError(401, "api.context.session_expired.app_error"))
        if self.token_revoked:  # an admin revoked the bot's token: every call is refused, as Mattermost does
            return self._error(AppError(401, "api.context.session_expired.app_error"))
        raw = await request.body()
        try:
            body = await self._body(route, request, raw)
        except AppError as exc:
            return self._error(exc)
        self._check_query(route, dict(request.query_params))
        self.calls.append((method, path, body))
        fault = self._next_fault(route.key)
        if fault is not None and not fault.drop:
            return self._fault_answer(fault)
        handler = getattr(self, "_r_" + route.key.replace(" ", "_").replace("/", "_").replace("{", "")
                          .replace("}", ""))
        try:
            with self._lock:
                status, answer = handler(body, *params, query=dict(request.query_params))
            response: Response = JSONResponse(answer, status_code=status)
        except AppError as exc:
            response = self._error(exc)
        if fault is not None:  # a lost answer
            drop_connection(request.scope)
        return response

    async def _body(self, route: contract.Route, request: Request, raw: bytes) -> Any:
        if route.body_kind is None:
            if raw.strip():
                self._violate(f"{route.key}: takes no body")
            return None
        if route.body_kind == "multipart":
            form = await request.form()
            fields: Json = {}
            for name, value in form.multi_items():
                if name not in route.body:
                    self._violate(f"{route.key}: unknown multipart field {name!r}")
                fields[name] = value if isinstance(value, str) else (value.filename, await value.read())
            return fields
        try:
            body = json.loads(raw)
        except ValueError:
            self._violate(f"{route.key}: body is not JSON")
            raise AppError(400, "api.context.invalid_body_param.app_error") from None
        if route.body_kind == "array":
            if not isinstance(body, list) or not all(isinstance(x, str) for x in body):
                self._violate(f"{route.key}: body must be an array of strings")
                raise AppError(400, "api.context.invalid_body_param.app_error")
            return body
        if not isinstance(body, dict):
            self._violate(f"{route.key}: body must be a JSON object")
            raise AppError(400, "api.context.invalid_body_param.app_error")
        problems = contract.check_fields(route.key, body, route.body, route.required)
        for problem in problems:
            self._violate(problem)
        if problems:
            raise AppError(400, "api.context.invalid_body_param.app_error")
        return body

    def _check_query(self, route: contract.Route, query: dict[str, str]) -> None:
        for name, value in query.items():
            kind = route.query.get(name)
            if kind is None:
                self._violate(f"{route.key}: unknown query parameter {name!r}")
            elif kind == "integer" and not value.lstrip("-").isdigit():
                self._violate(f"{route.key}: query parameter {name!r} should be an integer, got {value!r}")
            elif kind == "boolean" and value not in ("true", "false"):
                self._violate(f"{route.key}: query parameter {name!r} should be a boolean, got {value!r}")

    @staticmethod
    def _error(exc: AppError) -> Response:
        return JSONResponse({"id": exc.error_id, "message": exc.error_id, "status_code": exc.status},
                            status_code=exc.status)
