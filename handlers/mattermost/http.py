"""Mattermost over HTTP: the slash command, button clicks and dialog submissions.

* ``POST /mattermost/command`` — the ``/incident`` slash command (form-encoded). Its token (form
  field or ``Authorization: Token …``) is compared in constant time; a wrong one gets 401.
* ``POST /mattermost/actions`` — a button click (JSON). The button's ``context`` must carry our
  signature (Mattermost does not sign these requests); otherwise 403 and nothing changes.
* ``POST /mattermost/dialogs`` — a dialog submission (JSON). Its ``state`` must be sealed by us, for
  this form and this user; otherwise 403. A form of several steps (the review) goes on in place on
  servers that show multi-step dialogs (11.1+); on older ones the dialog closes and an ephemeral message
  offers the next step's button (the button's click brings the trigger a new dialog needs).

Each request is verified, parsed, handed to one core use case in the thread pool and answered at
once; what has to reach the user afterwards (a dialog, an ephemeral message with buttons) is done
by a small executor, never before the answer.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Callable
from collections.abc import Mapping
from concurrent.futures import Executor
from typing import Any
from urllib.parse import parse_qsl

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.responses import Response

from bot.core import Actor
from bot.core import Core
from bot.core import FieldErrors
from bot.core import FormDone
from bot.core import Notice
from bot.core import OpenForm
from bot.core import Outcome
from bot.core import Unavailable
from bot.ports import ChatError
from bot.ports import ChatUnavailable
from bot.specs import FormSpec
from bot.specs import MessageSpec
from bot.usecases.command import run_command
from bot.usecases.common import safely
from bot.usecases.interaction import press
from bot.usecases.interaction import submit
from handlers.mattermost.chat import MattermostChat
from handlers.mattermost.confirm import CONFIRM_FORM
from handlers.mattermost.confirm import confirm_dialog
from handlers.mattermost.confirm import confirmed_press
from handlers.mattermost.dialog_moves import MOVE_ELEMENT
from handlers.mattermost.dialog_moves import MoveWords
from handlers.mattermost.dialog_moves import read_move
from handlers.mattermost.render_dialog import DialogState
from handlers.mattermost.render_dialog import parse_submission
from handlers.mattermost.render_dialog import read_state
from handlers.mattermost.render_dialog import render_dialog
from handlers.mattermost.render_message import ACTION_PURPOSE
from handlers.mattermost.render_message import has_buttons
from handlers.mattermost.render_message import render_text_only
from handlers.mattermost.render_text import truncate
from handlers.mattermost.server_version import ServerVersion
from handlers.mattermost.signing import Signer

log = logging.getLogger("sirene.mattermost")

PLATFORM = "mattermost"
MAX_BODY = 1_000_000
ERROR_TEXT = 150
COMMAND_PATH = "/mattermost/command"
ACTIONS_PATH = "/mattermost/actions"
DIALOGS_PATH = "/mattermost/dialogs"


def _json(body: Mapping[str, Any] | None = None, status: int = 200) -> JSONResponse:
    return JSONResponse(dict(body or {}), status_code=status)


def _string(value: object) -> str:
    return value if isinstance(value, str) else ""


class MattermostEndpoints:
    def __init__(self, core: Core, chat: MattermostChat, signer: Signer, command_token: Callable[[], str],
                 executor: Executor, public_url: str, version: ServerVersion | None = None) -> None:
        self._core = core
        self._chat = chat
        self._signer = signer
        self._command_token = command_token
        self._executor = executor
        self._version = version or ServerVersion()
        self.dialog_url = f"{public_url.rstrip('/')}{DIALOGS_PATH}"

    # ---- what reaches the user after the answer ---------------------------------------

    def _dialog(self, form: FormSpec, user_id: str) -> dict[str, Any]:
        tr = self._core.translator(PLATFORM, user_id)
        return render_dialog(form, self._chat.names, self._signer, user_id, self._core.plan.zone,
                             tr.t("mattermost_dialog.datetime_hint", zone=self._core.plan.timezone),
                             MoveWords(tr.t("form_moves.then"), tr.t("form_moves.save")))

    def _later(self, work: Callable[[], None], user_id: str) -> None:
        def run() -> None:
            try:
                work()
            except (ChatError, ChatUnavailable) as exc:
                log.warning("could not show the answer to %s: %s", user_id, exc)
            except Exception:
                log.exception("could not show the answer to %s", user_id)

        self._executor.submit(run)

    def _open_later(self, form: FormSpec, user_id: str, trigger_id: str) -> None:
        if trigger_id:
            self._later(lambda: self._chat.open_dialog(trigger_id, self.dialog_url, self._dialog(form, user_id)),
                        user_id)

    def _ephemeral_later(self, actor: Actor, spec: MessageSpec) -> None:
        channel = actor.channel_id
        if channel:
            self._later(lambda: self._chat.post_ephemeral(channel, actor.user_id, spec), actor.user_id)

    def _failed(self, kind: str) -> Response:
        """A bug while answering: a polite answer in the catalog's words, never a 500 to Mattermost."""
        log.exception("mattermost %s failed", kind)
        text = self._core.team_translator().t("error.internal")
        body = {"command": {"response_type": "ephemeral", "text": text}, "action": {"ephemeral_text": text},
                "dialog": {"error": text}}[kind]
        return _json(body)

    async def command(self, request: Request) -> Response:
        try:
            return await self._command(request)
        except Exception:
            return self._failed("command")

    async def action(self, request: Request) -> Response:
        try:
            return await self._action(request)
        except Exception:
            return self._failed("action")

    async def dialog(self, request: Request) -> Response:
        try:
            return await self._dialog_submission(request)
        except Exception:
            return self._failed("dialog")

    # ---- the slash command --------------------------------------------------------------

    async def _command(self, request: Request) -> Response:
        body = await request.body()
        if len(body) > MAX_BODY:
            return Response(status_code=413)
        fields = dict(parse_qsl(body.decode("utf-8", errors="replace") or request.url.query, keep_blank_values=True))
        header = request.headers.get("authorization", "")
        given = fields.get("token") or (header[6:].strip() if header.lower().startswith("token ") else "")
        expected = self._command_token()
        if not expected or not hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
            return Response(status_code=401)
        user_id, channel_id = fields.get("user_id", ""), fields.get("channel_id", "")
        if not user_id:
            return Response(status_code=400)
        actor = Actor(PLATFORM, user_id, channel_id or None)
        core = self._core
        outcome = await run_in_threadpool(safely, core, actor, lambda: run_command(core, actor, fields.get("text", "")))
        if isinstance(outcome, Notice):
            answer: dict[str, Any] = {"response_type": "ephemeral",
                                      "text": render_text_only(outcome.spec, self._chat.names)}
            if has_buttons(outcome.spec):
                answer = {"response_type": "ephemeral", **self._notice_post(outcome.spec)}
            return _json(answer)
        if isinstance(outcome, OpenForm):
            self._open_later(outcome.form, user_id, fields.get("trigger_id", ""))
        return _json({})

    def _notice_post(self, spec: MessageSpec) -> dict[str, Any]:
        rendered = self._chat.render(spec)
        return {"text": rendered["message"], "attachments": rendered["props"].get("attachments", [])}

    # ---- button clicks ------------------------------------------------------------------

    async def _action(self, request: Request) -> Response:
        payload = await self._payload(request)
        if payload is None:
            return Response(status_code=400)
        context = self._signer.verify(ACTION_PURPOSE, payload.get("context"))
        user_id = _string(payload.get("user_id"))
        if context is None or not user_id:
            return Response(status_code=403)
        actor = Actor(PLATFORM, user_id, _string(payload.get("channel_id")) or None)
        trigger_id = _string(payload.get("trigger_id"))
        if context.get("confirm_title"):
            form = confirm_dialog(context, user_id, self._signer)
            self._later(lambda: self._chat.open_dialog(trigger_id, self.dialog_url, form), user_id)
            return _json({})
        core, name, value = self._core, context.get("action", ""), context.get("value", "")
        outcome = await run_in_threadpool(safely, core, actor, lambda: press(core, actor, name, value))
        return self._answer_click(actor, outcome, trigger_id)

    def _answer_click(self, actor: Actor, outcome: Outcome, trigger_id: str) -> Response:
        if isinstance(outcome, Notice):
            if has_buttons(outcome.spec):
                self._ephemeral_later(actor, outcome.spec)
                return _json({})
            return _json({"ephemeral_text": render_text_only(outcome.spec, self._chat.names)})
        if isinstance(outcome, OpenForm):
            self._open_later(outcome.form, actor.user_id, trigger_id)
        return _json({})

    # ---- dialog submissions -------------------------------------------------------------

    async def _dialog_submission(self, request: Request) -> Response:
        payload = await self._payload(request)
        if payload is None:
            return Response(status_code=400)
        state = read_state(self._signer, payload.get("state"))
        user_id = _string(payload.get("user_id"))
        if (state is None or not user_id or not hmac.compare_digest(state.user_id, user_id)
                or _string(payload.get("callback_id")) != state.form_id):
            return Response(status_code=403)
        if payload.get("cancelled") is True:
            return _json({})
        actor = Actor(PLATFORM, user_id, _string(payload.get("channel_id")) or None)
        if state.form_id == CONFIRM_FORM:
            core = self._core
            outcome = await run_in_threadpool(safely, core, actor, lambda: confirmed_press(core, actor, state))
            if isinstance(outcome, Notice):
                self._ephemeral_later(actor, outcome.spec)
            return _json({})
        return await self._submit(actor, state, payload.get("submission"))

    async def _submit(self, actor: Actor, state: DialogState, submission: object) -> Response:
        core = self._core
        values, unreadable = parse_submission(submission, state, core.plan.zone)
        move, offered = read_move(submission, state.moves)
        if unreadable or not offered:
            tr = core.translator(PLATFORM, actor.user_id)
            errors = {name: tr.t("mattermost_dialog.datetime_format") for name in unreadable}
            if not offered:
                errors[MOVE_ELEMENT] = tr.t("form_moves.unknown")
            return _json({"errors": {name: truncate(text, ERROR_TEXT) for name, text in errors.items()}})
        key = f"mattermost:dialog:{state.nonce}"
        outcome = await run_in_threadpool(
            safely, core, actor, lambda: submit(core, actor, state.form_id, values, state.state, key, move))
        if isinstance(outcome, FieldErrors):
            return _json({"errors": {name: truncate(text, ERROR_TEXT) for name, text in outcome.errors.items()}})
        if isinstance(outcome, Unavailable):  # the database is down: keep the dialog and what was typed
            return _json({"error": outcome.spec.summary})
        if isinstance(outcome, OpenForm):  # the next step of a multi-step form
            if self._version.chains_dialogs or outcome.as_message is None:
                return _json({"type": "form", "form": self._dialog(outcome.form, actor.user_id)})
            self._ephemeral_later(actor, outcome.as_message)  # an older server: the next step is a button away
            return _json({})
        if isinstance(outcome, FormDone | Notice) and outcome.spec is not None:
            self._ephemeral_later(actor, outcome.spec)
        return _json({})

    @staticmethod
    async def _payload(request: Request) -> dict[str, Any] | None:
        body = await request.body()
        if len(body) > MAX_BODY:
            return None
        try:
            payload = json.loads(body or b"null")
        except (ValueError, UnicodeDecodeError):
            return None
        return payload if isinstance(payload, dict) else None
