"""The sandbox's routes: the page, its script and style, the JSON API, live updates and file downloads."""

from __future__ import annotations

import logging
from collections.abc import Callable
from importlib import resources
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.responses import JSONResponse
from starlette.responses import Response
from starlette.responses import StreamingResponse
from starlette.routing import Route

from handlers.sandbox.api import Refused
from handlers.sandbox.api import SandboxApp
from handlers.sandbox.api import error_response
from handlers.sandbox.api import guarded
from handlers.sandbox.figures_page import figures_html
from handlers.sandbox.page import page_html

log = logging.getLogger("sirene.sandbox")

STATIC_TYPES = {"sandbox.js": "text/javascript; charset=utf-8", "sandbox.css": "text/css; charset=utf-8"}
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                               "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def _static() -> dict[str, bytes]:
    folder = resources.files("handlers.sandbox").joinpath("static")
    return {name: folder.joinpath(name).read_bytes() for name in STATIC_TYPES}


def sandbox_routes(app: SandboxApp) -> list[Route]:
    static = _static()

    async def page(request: Request) -> Response:
        params = request.query_params
        html = await run_in_threadpool(page_html, app, params.get("as"), params.get("channel"))
        return HTMLResponse(html, headers=SECURITY_HEADERS)

    async def figures(request: Request) -> Response:
        params = request.query_params
        html = await run_in_threadpool(figures_html, app, params.get("as"), params.get("period"))
        return HTMLResponse(html, headers=SECURITY_HEADERS)

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in static:
            return Response(status_code=404)
        return Response(static[name], media_type=STATIC_TYPES[name], headers=SECURITY_HEADERS)

    def post(work: Callable[[dict[str, Any]], dict[str, Any]]) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            return await guarded(app, request, work)

        return endpoint

    async def read(request: Request, work: Callable[[str, str | None], dict[str, Any]]) -> Response:
        user_id = request.query_params.get("user")
        try:
            app.check_token(request)
            user = app.user(user_id)
            return JSONResponse(await run_in_threadpool(work, user, request.query_params.get("channel")))
        except Refused as refused:
            return error_response(app, refused, user_id)
        except Exception:
            log.exception("sandbox read failed")
            return error_response(app, Refused(503, "error.internal"), user_id)

    async def view(request: Request) -> Response:
        return await read(request, app.view)

    async def channels(request: Request) -> Response:
        return await read(request, lambda user, _: app.channels(user))

    async def messages(request: Request) -> Response:
        return await read(request, lambda user, channel: app.messages(user, channel or ""))

    async def events(request: Request) -> Response:
        try:
            app.check_token(request)
        except Refused as refused:
            return error_response(app, refused)
        return StreamingResponse(app.live.stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})

    async def download(request: Request) -> Response:
        user_id = request.query_params.get("user")
        try:
            app.check_token(request)
            user = app.user(user_id)
            raw = request.path_params["file_id"]
            found = await run_in_threadpool(app.store.file, raw)
            if found is None:
                raise Refused(404, "sandbox.error.no_file")
            await run_in_threadpool(app.visible, found.channel_id, user)
        except Refused as refused:
            return error_response(app, refused, user_id)
        disposition = f"attachment; filename*=UTF-8''{quote(found.filename)}"
        return Response(found.content, media_type="application/octet-stream",
                        headers={"Content-Disposition": disposition, **SECURITY_HEADERS})

    return [
        Route("/", page, methods=["GET"]),
        Route("/sandbox/static/{name}", asset, methods=["GET"]),
        Route("/sandbox/figures", figures, methods=["GET"]),
        Route("/sandbox/api/view", view, methods=["GET"]),
        Route("/sandbox/api/channels", channels, methods=["GET"]),
        Route("/sandbox/api/messages", messages, methods=["GET"]),
        Route("/sandbox/api/send", post(app.send), methods=["POST"]),
        Route("/sandbox/api/press", post(app.press), methods=["POST"]),
        Route("/sandbox/api/submit", post(app.submit), methods=["POST"]),
        Route("/sandbox/api/react", post(app.react), methods=["POST"]),
        Route("/sandbox/api/edit", post(lambda data: app.edit(data, delete=False)), methods=["POST"]),
        Route("/sandbox/api/delete", post(lambda data: app.edit(data, delete=True)), methods=["POST"]),
        Route("/sandbox/api/shortcut", post(app.shortcut), methods=["POST"]),
        Route("/sandbox/api/language", post(app.language), methods=["POST"]),
        Route("/sandbox/events", events, methods=["GET"]),
        Route("/sandbox/files/{file_id:int}", download, methods=["GET"]),
    ]
