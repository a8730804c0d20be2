"""The fake Slack's HTTP side: the Web API's dispatch (contract checks, faults, rate limits), file uploads and
response URLs."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.responses import PlainTextResponse
from starlette.responses import Response

from tests.fakes.slack.api_users import UsersApi
from tests.fakes.slack.arg_checks import check_args
from tests.fakes.slack.asgi_thread import drop_connection
from tests.fakes.slack.contract import COMMON_ERRORS
from tests.fakes.slack.contract import METHODS
from tests.fakes.slack.contract import UNIVERSAL_ARGS
from tests.fakes.slack.limits import RESPONSE_URL_MAX_USES
from tests.fakes.slack.model import Call
from tests.fakes.slack.model import Ephemeral
from tests.fakes.slack.model import Json
from tests.fakes.slack.model import ResponseUrl
from tests.fakes.slack.model import ResponseUrlPost
from tests.fakes.slack.state import SlackError


class HttpEndpoints(UsersApi):
    # ------------------------------------------------------------------ HTTP: Web API

    async def _http_api(self, request: Request) -> Response:
        method = request.path_params["method"]
        body = await request.body()
        content_type = request.headers.get("content-type", "")
        auth = request.headers.get("authorization")
        with self._lock:
            delays = self._delays.get(method)
            delay = delays.popleft() if delays else 0.0
        if delay:
            await asyncio.sleep(delay)
        status, payload, headers, drop = self._handle_api(
            method, request.method, request.url.query, content_type, body, auth
        )
        if drop:
            drop_connection(request.scope)
        return JSONResponse(payload, status_code=status, headers=headers)

    def _parse_args(self, method: str, query: str, content_type: str, body: bytes) -> Json:
        args: Json = dict(parse_qsl(query, keep_blank_values=True))
        if not body:
            return args
        ctype = content_type.split(";")[0].strip().lower()
        if ctype == "application/json":
            try:
                data = json.loads(body)
            except ValueError as exc:
                raise SlackError("invalid_json") from exc
            if not isinstance(data, dict):
                raise SlackError("json_not_object")
            args.update(data)
        elif ctype in ("application/x-www-form-urlencoded", ""):
            args.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        else:
            self._violate(f"{method}: unsupported content type {content_type!r}")
            raise SlackError("invalid_form_data")
        return args

    def _handle_api(
        self, method: str, verb: str, query: str, content_type: str, body: bytes, auth: str | None
    ) -> tuple[int, Json, dict[str, str], bool]:
        with self._lock:
            call = Call(method=method, args={}, at=self.now(), http_verb=verb)
            self.calls.append(call)
            contract = METHODS.get(method)
            if contract is None:
                self._violate(f"unknown method {method!r} (not in our Slack contract table)")
                return self._finish(call, 404, {"ok": False, "error": "unknown_method"})
            try:
                raw = self._parse_args(method, query, content_type, body)
            except SlackError as exc:
                self._violate(f"{method}: unreadable request body ({exc.code})")
                return self._finish(call, 200, {"ok": False, "error": "invalid_arguments"})
            token: str | None = None
            if auth:
                token = auth[len("Bearer ") :].strip() if auth.startswith("Bearer ") else ""
            body_token = raw.pop("token", None)
            token = token or body_token
            universal = {k: raw.pop(k) for k in UNIVERSAL_ARGS if k in raw}
            team = universal.get("team_id")
            if team is not None:
                call.team_id = str(team)
                if team != self.team_id:
                    self._violate(f"{method}: team_id {team!r} is not this workspace ({self.team_id})")
            call.args = raw
            call.token = token
            if not token:
                return self._finish(call, 200, {"ok": False, "error": "not_authed"})
            token_type = {self.bot_token: "bot", self.app_token: "app"}.get(token)
            if token_type is None:
                return self._finish(call, 200, {"ok": False, "error": "invalid_auth"})
            if token_type != contract.token:
                return self._finish(call, 200, {"ok": False, "error": "not_allowed_token_type"})

            queue = self._faults.get(method)
            fault = queue.popleft() if queue else self._chaos_fault(method)
            if fault is not None and fault.kind == "status":
                headers: dict[str, str] = {}
                if fault.status == 429:
                    if fault.retry_after is not None:
                        headers["Retry-After"] = str(fault.retry_after)
                    payload: Json = {"ok": False, "error": "ratelimited"}
                else:
                    payload = {"ok": False, "error": fault.error or "fatal_error"}
                return self._finish(call, fault.status, payload, headers)

            args, problems = check_args(method, raw)
            if problems:
                for p in problems:
                    self._violate(p)
                return self._finish(
                    call,
                    200,
                    {"ok": False, "error": "invalid_arguments", "response_metadata": {"messages": problems}},
                )
            call.args = args
            handler: Callable[[Json], Json] = getattr(self, "_m_" + method.replace(".", "_"))
            try:
                result = handler(args)
            except SlackError as exc:
                if exc.code not in contract.errors and exc.code not in COMMON_ERRORS:
                    raise RuntimeError(
                        f"fake bug: {method} answered {exc.code!r}, which contract.py does not declare"
                    ) from exc
                result = {"ok": False, "error": exc.code, **exc.extra}
            status, payload, headers, _ = self._finish(call, 200, result)
            return status, payload, headers, fault is not None and fault.kind == "drop"

    def _finish(
        self, call: Call, status: int, payload: Json, headers: dict[str, str] | None = None
    ) -> tuple[int, Json, dict[str, str], bool]:
        call.http_status = status
        call.response = payload
        return status, payload, headers or {}, False


    # ------------------------------------------------------------------ HTTP: uploads, response_url

    async def _http_upload(self, request: Request) -> Response:
        file_id = request.path_params["file_id"]
        body = await request.body()
        with self._lock:
            f = self.files.get(file_id)
            if f is None:
                return PlainTextResponse("file not found", status_code=404)
            if len(body) != f.length:
                self._violate(
                    f"upload of {file_id}: sent {len(body)} bytes but files.getUploadURLExternal said {f.length}"
                )
            f.content = body
        return PlainTextResponse(f"OK - {len(body)}")

    async def _http_response_url(self, request: Request) -> Response:
        rid = request.path_params["rid"]
        raw = await request.body()
        with self._lock:
            target = self.response_urls.get(rid)
            if target is None:
                return PlainTextResponse("invalid_url", status_code=404)
            try:
                body = json.loads(raw) if raw else {}
            except ValueError:
                body = dict(parse_qsl(raw.decode()))
                if "payload" in body:
                    body = json.loads(body["payload"])
            post = ResponseUrlPost(url_id=rid, body=body, at=self.now())
            self.response_url_posts.append(post)
            target.uses += 1
            if target.uses > RESPONSE_URL_MAX_USES:
                post.status = 404
                return PlainTextResponse("used_url", status_code=404)
            status, text = self._apply_response_url(target, body)
            post.status = status
            return PlainTextResponse(text, status_code=status)

    def _apply_response_url(self, target: ResponseUrl, body: Json) -> tuple[int, str]:
        if not isinstance(body, dict):
            self._violate("response_url: body must be a JSON object")
            return 400, "invalid_payload"
        ch = self.channels.get(target.channel_id)
        if body.get("delete_original"):
            if target.message_ts is None:
                self._violate("response_url: delete_original but the source has no message")
                return 404, "message_not_found"
            if target.is_ephemeral:
                eph = self.ephemeral(target.user_id, target.message_ts)
                if eph:
                    eph.deleted = True
            elif ch is not None:
                msg = self.message(ch.id, target.message_ts)
                if msg is not None:
                    del self._messages[ch.id][msg.ts]
            return 200, "ok"
        try:
            self._check_content("response_url", body)
        except SlackError as exc:
            return 400, exc.code
        unknown = sorted(
            set(body)
            - {
                "text",
                "blocks",
                "attachments",
                "response_type",
                "replace_original",
                "delete_original",
                "thread_ts",
                "mrkdwn",
            }
        )
        if unknown:
            self._violate(f"response_url: unknown fields {unknown}")
        blocks = self._with_block_ids(body.get("blocks"))
        if body.get("replace_original"):
            if target.message_ts is None:
                self._violate("response_url: replace_original but the source has no message to replace")
                return 404, "message_not_found"
            if target.is_ephemeral:
                eph = self.ephemeral(target.user_id, target.message_ts)
                if eph is not None:
                    eph.text = body.get("text", "")
                    eph.blocks = blocks
                    eph.attachments = body.get("attachments")
                return 200, "ok"
            msg = self.message(target.channel_id, target.message_ts)
            if msg is None:
                return 404, "message_not_found"
            msg.text = body.get("text", "")
            msg.blocks = blocks
            msg.attachments = body.get("attachments")
            msg.edited = {"user": self.bot_user_id, "ts": self.next_ts()}
            return 200, "ok"
        if body.get("response_type") == "in_channel":
            if ch is None:
                return 404, "channel_not_found"
            self._post_as_bot(
                ch,
                text=body.get("text", ""),
                blocks=body.get("blocks"),
                attachments=body.get("attachments"),
                thread_ts=body.get("thread_ts"),
            )
            return 200, "ok"
        self.ephemerals.append(
            Ephemeral(
                channel=target.channel_id,
                user=target.user_id,
                message_ts=self.next_ts(),
                text=body.get("text", ""),
                blocks=blocks,
                attachments=body.get("attachments"),
                thread_ts=body.get("thread_ts"),
                source="response_url",
            )
        )
        return 200, "ok"
