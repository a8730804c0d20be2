"""FakeMattermost: a strict, stateful fake of Mattermost's REST API v4 and websocket, over real HTTP.

Every call is checked against ``contract.ROUTES`` (our table, itself checked against the official
OpenAPI bundle): an unknown route, a missing token, a missing required field, an unknown field or
a wrong type gets Mattermost's error *and* a line in ``fake.violations`` (the ``fake_mattermost``
fixture fails the test at teardown when there is any). Runtime errors (a taken channel name, a
post that is gone, a channel the bot is not in) are answers, not violations.

The fake is a server of ``server_version`` (its websocket's ``hello`` says so): from 11.1 it shows the next
step of a multi-step dialog (a ``{"type": "form"}`` answer, see :meth:`FakeMattermost.dialog_answered`); before,
such an answer is a violation (the user would see the dialog close and nothing after it).

Users act through the fake (``user_post``, ``user_edit``, ``user_delete``, ``user_react``): the post
is stored and its event is pushed to the connected websockets of the channel's members, as the
server does. ``ws_disconnect()`` drops the connections and ``refuse_websocket`` keeps new ones out.

Faults: ``fail_next(method, path)`` answers an error (429 by default) without doing the work;
``drop_response_next(method, path)`` does the work, then closes the connection unanswered (a lost answer).
"""

from __future__ import annotations

import json
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.responses import Response
from starlette.routing import Route as HttpRoute
from starlette.routing import WebSocketRoute

from tests.fakes.mattermost import contract
from tests.fakes.mattermost.api_integrations import IntegrationsApi
from tests.fakes.mattermost.model import Json
from tests.fakes.mattermost.state import AppError
from tests.fakes.slack.asgi_thread import drop_connection


class FakeMattermost(IntegrationsApi):
    # ---- lifecycle ----------------------------------------------------------------------

    def start(self) -> FakeMattermost:
        self._server.start()
        return self

    def stop(self, wait: bool = True) -> None:
        self.ws_disconnect()
        self._server.stop(wait=wait)

    @property
    def url(self) -> str:
        return self._server.base_url

    # ---- HTTP ----------------------------------------------------------------------------

    def _app(self) -> Starlette:
        return Starlette(routes=[
            WebSocketRoute("/api/v4/websocket", self._websocket),
            HttpRoute("/{path:path}", self._http, methods=["GET", "POST", "PUT", "DELETE", "PATCH"]),
        ])

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
