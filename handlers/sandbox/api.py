"""The sandbox's HTTP API: what the page (and the tests) send, as the platform would deliver it to a bot.

Each request names who acts (``user``, one of the sandbox's people) and carries the page's token
(header ``X-Sirene-Token``, or ``token`` in the query): without it the answer is 403 and nothing
changes, so another web page cannot act for you. Handlers only check, parse, call one core use
case and render the outcome; no rule of the plan lives here.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.responses import Response

from bot import actions
from bot.core import Actor
from bot.core import Core
from bot.core import FieldErrors
from bot.core import FormDone
from bot.core import Notice
from bot.core import OpenForm
from bot.core import Outcome
from bot.domain.incident import MessageRef
from bot.i18n import LANGUAGES
from bot.i18n import Translator
from bot.sandbox_store import SandboxChannel
from bot.sandbox_store import SandboxMessage
from bot.sandbox_store import SandboxStore
from bot.usecases import logbook
from bot.usecases.command import run_command
from bot.usecases.common import refuse
from bot.usecases.common import safely
from bot.usecases.interaction import press
from bot.usecases.interaction import submit
from handlers.sandbox.chat import SandboxChat
from handlers.sandbox.codec import UnknownSpec
from handlers.sandbox.codec import decode_form
from handlers.sandbox.codec import decode_message
from handlers.sandbox.codec import encode_form
from handlers.sandbox.codec import encode_message
from handlers.sandbox.live import Live
from handlers.sandbox.parse import form_values
from handlers.sandbox.people import BOT
from handlers.sandbox.people import People
from handlers.sandbox.render import buttons_of
from handlers.sandbox.render import done_html
from handlers.sandbox.render import form_html
from handlers.sandbox.render import message_body
from handlers.sandbox.views import channel_list
from handlers.sandbox.views import channel_pane
from handlers.sandbox.views import names_for
from handlers.sandbox.views import visible_channels

log = logging.getLogger("sirene.sandbox")

PLATFORM = "sandbox"
MAX_BODY = 100_000
TEXT_MAX = 4000
COMMAND = "incident"


class Refused(Exception):
    """A request the sandbox answers with an HTTP error and a message from the catalog."""

    def __init__(self, status: int, key: str, **params: str) -> None:
        super().__init__(key)
        self.status = status
        self.key = key
        self.params = params


@dataclass
class SandboxApp:
    core: Core
    chat: SandboxChat
    store: SandboxStore
    people: People
    live: Live
    forget_language: Callable[[str], None]
    token: str

    # ---- checks -----------------------------------------------------------------------------

    def tr(self, user_id: str | None) -> Translator:
        return self.core.translator(PLATFORM, user_id) if user_id else self.core.team_translator()

    def check_token(self, request: Request) -> None:
        given = request.headers.get("x-sirene-token") or request.query_params.get("token") or ""
        if not secrets.compare_digest(given.encode(), self.token.encode()):
            raise Refused(403, "sandbox.error.token")

    def user(self, value: object) -> str:
        if not isinstance(value, str) or self.people.get(value) is None:
            raise Refused(403, "sandbox.error.unknown_user")
        return value

    async def body(self, request: Request) -> dict[str, Any]:
        self.check_token(request)
        raw = await request.body()
        if len(raw) > MAX_BODY:
            raise Refused(413, "sandbox.error.too_large")
        try:
            data = json.loads(raw or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise Refused(400, "sandbox.error.bad_request") from None
        if not isinstance(data, dict):
            raise Refused(400, "sandbox.error.bad_request")
        return data

    def visible(self, channel_id: object, user_id: str) -> SandboxChannel:
        channel = self.store.channel(channel_id) if isinstance(channel_id, str) else None
        if channel is None or not channel.visible_to(user_id):
            raise Refused(404, "sandbox.error.no_channel")
        return channel

    def visible_message(self, message_id: object, user_id: str) -> tuple[SandboxMessage, SandboxChannel]:
        number = message_id if isinstance(message_id, int) else int(message_id) if (
            isinstance(message_id, str) and message_id.isdigit()) else None
        message = self.store.message(number) if number is not None else None
        if message is None or (message.visible_to and message.visible_to != user_id):
            raise Refused(404, "sandbox.error.no_message")
        return message, self.visible(message.channel_id, user_id)

    # ---- outcomes ---------------------------------------------------------------------------

    def answer(self, actor: Actor, outcome: Outcome, form_id: int | None = None) -> dict[str, Any]:
        """The outcome of a use case for the page: a notice (also posted, ephemeral, in the channel),
        a form to show, errors under the form's inputs, or the form's closing message."""
        tr = self.tr(actor.user_id)
        names = names_for(tr, self.people, self.store.channels())
        if isinstance(outcome, Notice):
            if actor.channel_id and form_id is None and self.store.channel(actor.channel_id) is not None:
                self.store.post(actor.channel_id, BOT, outcome.spec.summary, datetime.now(UTC),
                                spec=encode_message(outcome.spec), visible_to=actor.user_id)
                self.live.changed()
            if form_id is not None:
                self.store.close_form(form_id)
            return {"notice": {"text": outcome.spec.summary, "html": message_body(outcome.spec, names)}}
        if isinstance(outcome, OpenForm):
            spec = encode_form(outcome.form)
            if form_id is None:
                form_id = self.store.open_form(actor.user_id, actor.channel_id, spec, datetime.now(UTC))
            else:
                self.store.replace_form(form_id, spec)
            return {"form": {"id": form_id, "title": outcome.form.title,
                             "html": form_html(outcome.form, form_id, tr, self.core.plan.zone, names)}}
        if isinstance(outcome, FieldErrors):
            return {"errors": dict(outcome.errors)}
        if isinstance(outcome, FormDone):
            if form_id is not None:
                self.store.close_form(form_id)
            text = outcome.spec.summary if outcome.spec else ""
            return {"done": {"text": text, "html": done_html(outcome.spec, outcome.title or "Sirene",
                                                             outcome.close or tr.t("form.close"), names)}}
        if form_id is not None:
            self.store.close_form(form_id)
        return {"done": None} if form_id is not None else {}

    # ---- what people do ---------------------------------------------------------------------

    def send(self, data: dict[str, Any]) -> dict[str, Any]:
        user_id = self.user(data.get("user"))
        channel = self.visible(data.get("channel"), user_id)
        text = data.get("text")
        if not isinstance(text, str) or not text.strip():
            raise Refused(400, "sandbox.error.empty")
        if len(text) > TEXT_MAX:
            raise Refused(400, "sandbox.error.too_long", limit=str(TEXT_MAX))
        actor = Actor(PLATFORM, user_id, channel.id)
        if text.lstrip().startswith("/"):
            word, _, rest = text.strip()[1:].partition(" ")
            if word.lower() != COMMAND:
                outcome: Outcome = refuse(self.core, actor, "sandbox.error.unknown_command", command=f"/{word}")
            else:
                outcome = safely(self.core, actor, lambda: run_command(self.core, actor, rest))
            return self.answer(actor, outcome)
        if channel.archived:
            raise Refused(409, "sandbox.error.archived")
        if user_id not in channel.members:
            self.store.add_members(channel.id, [user_id])
        client_key = data.get("client_key")
        key = f"{user_id}:{client_key}" if isinstance(client_key, str) and client_key else None
        message, _ = self.store.post(channel.id, user_id, text, datetime.now(UTC), client_key=key)
        self.live.changed()
        ref = MessageRef(channel.id, str(message.id))
        # Also for a retried post (same client key): the logbook ignores a message it already holds.
        outcome = safely(self.core, actor, lambda: _recorded(logbook.record_tagged(
            self.core, PLATFORM, ref, user_id, text, f"message:{message.id}")))
        return {"message": message.id, **self.answer(actor, outcome)}

    def press(self, data: dict[str, Any]) -> dict[str, Any]:
        user_id = self.user(data.get("user"))
        message, channel = self.visible_message(data.get("message"), user_id)
        action, value = data.get("action"), data.get("value")
        actor = Actor(PLATFORM, user_id, channel.id)
        if not isinstance(action, str) or not isinstance(value, str) or not _offers(message, action, value):
            return self.answer(actor, refuse(self.core, actor, "error.stale_button"))
        return self.answer(actor, safely(self.core, actor, lambda: press(self.core, actor, action, value)))

    def submit(self, data: dict[str, Any]) -> dict[str, Any]:
        user_id = self.user(data.get("user"))
        raw_id = data.get("form")
        form = self.store.form(raw_id) if isinstance(raw_id, int) else None
        if form is None or form.user_id != user_id:
            raise Refused(404, "sandbox.error.no_form")
        actor = Actor(PLATFORM, user_id, form.channel_id)
        if form.closed:
            return self.answer(actor, refuse(self.core, actor, "error.stale_form"))
        try:
            spec = decode_form(form.spec)
        except (UnknownSpec, TypeError, ValueError):
            return self.answer(actor, refuse(self.core, actor, "error.stale_form"), form.id)
        raw = data.get("values")
        values = form_values(spec, raw if isinstance(raw, dict) else {}, self.core.plan.zone)
        move = data.get("move") or None  # one of the form's moves (back, save and close), or forward
        if move is not None and (not isinstance(move, str) or move not in {m.name for m in spec.moves}):
            return {"errors": {"": self.tr(user_id).t("form_moves.unknown")}}
        key = f"sandbox:form:{form.id}:{spec.form_id}"
        outcome = safely(self.core, actor, lambda: submit(self.core, actor, spec.form_id, values, spec.state, key,
                                                          move))
        return self.answer(actor, outcome, form.id)

    def react(self, data: dict[str, Any]) -> dict[str, Any]:
        user_id = self.user(data.get("user"))
        message, channel = self.visible_message(data.get("message"), user_id)
        name = data.get("name")
        if not isinstance(name, str) or not name.strip(": ") or len(name) > 64:
            raise Refused(400, "sandbox.error.bad_request")
        name = name.strip(": ")
        if channel.archived:
            raise Refused(409, "sandbox.error.archived")
        self.store.react(message.id, user_id, name)
        self.live.changed()
        actor = Actor(PLATFORM, user_id, channel.id)
        ref = MessageRef(channel.id, str(message.id))
        safely(self.core, actor, lambda: _recorded(logbook.note_reaction(
            self.core, PLATFORM, ref, name, f"reaction:{message.id}:{user_id}:{name}")))
        return {}

    def edit(self, data: dict[str, Any], delete: bool) -> dict[str, Any]:
        user_id = self.user(data.get("user"))
        message, channel = self.visible_message(data.get("message"), user_id)
        if message.author_id != user_id:
            raise Refused(403, "sandbox.error.not_yours")
        text = data.get("text")
        if not delete and (not isinstance(text, str) or not text.strip() or len(text) > TEXT_MAX):
            raise Refused(400, "sandbox.error.empty")
        changed = self.store.delete(message.id) if delete else self.store.replace(message.id, str(text), None)
        self.live.changed()
        actor = Actor(PLATFORM, user_id, channel.id)
        ref = MessageRef(channel.id, str(message.id))
        if changed:
            safely(self.core, actor, lambda: _recorded(logbook.revise(
                self.core, PLATFORM, ref, None if delete else str(text))))
        return {}

    def shortcut(self, data: dict[str, Any]) -> dict[str, Any]:
        user_id = self.user(data.get("user"))
        message, channel = self.visible_message(data.get("message"), user_id)
        actor = Actor(PLATFORM, user_id, channel.id)
        ref = MessageRef(channel.id, str(message.id))
        outcome = safely(self.core, actor, lambda: logbook.record_shortcut(
            self.core, actor, ref, message.author_id, message.text))
        return self.answer(actor, outcome)

    def language(self, data: dict[str, Any]) -> dict[str, Any]:
        user_id = self.user(data.get("user"))
        language = data.get("language")
        if language not in (*LANGUAGES, None, ""):
            raise Refused(400, "sandbox.error.bad_request")
        self.chat.set_language(user_id, str(language) if language else None)
        self.forget_language(user_id)
        return {"language": self.tr(user_id).language}

    # ---- reading ----------------------------------------------------------------------------

    def view(self, user_id: str, channel_id: str | None) -> dict[str, Any]:
        tr = self.tr(user_id)
        channels = visible_channels(self.store, user_id)
        current = next((c for c in channels if c.id == channel_id), None)
        return {"channel": current.id if current else None,
                "writable": bool(current and not current.archived),
                "channels_html": channel_list(tr, channels, current.id if current else None, user_id, self.people),
                "channel_html": channel_pane(tr, self.store, self.people, current, channels, user_id, self.token)}

    def channels(self, user_id: str) -> dict[str, Any]:
        return {"channels": [{"id": c.id, "name": c.name, "kind": c.kind.value, "topic": c.topic,
                              "archived": c.archived, "members": sorted(c.members)}
                             for c in visible_channels(self.store, user_id)]}

    def messages(self, user_id: str, channel_id: str) -> dict[str, Any]:
        channel = self.visible(channel_id, user_id)
        found = []
        for message in self.store.messages(channel.id, user_id, 500):
            buttons = []
            if message.spec is not None:
                try:
                    buttons = [{"action": b.action, "value": b.value, "label": b.label}
                               for b in buttons_of(decode_message(message.spec))]
                except (UnknownSpec, TypeError, ValueError):
                    buttons = []
            found.append({"id": message.id, "author": message.author_id, "text": message.text,
                          "thread": message.thread_id, "only_for": message.visible_to, "edited": message.edited,
                          "deleted": message.deleted, "pinned": message.pinned, "file": message.file_id,
                          "reactions": [[r.name, r.user_id] for r in message.reactions], "buttons": buttons})
        return {"channel": channel.id, "topic": channel.topic, "archived": channel.archived, "messages": found}


def _recorded(_: bool) -> Outcome:
    return None


def _offers(message: SandboxMessage, action: str, value: str) -> bool:
    """The button pressed is one the message shows now, or showed for the same incident before it was
    updated (a stale press then gets the core's "already done by…"); a forged press is refused."""
    if message.spec is None or message.deleted:
        return False
    try:
        spec = decode_message(message.spec)
    except (UnknownSpec, TypeError, ValueError):
        return False
    if any(b.action == action and b.value == value for b in buttons_of(spec)):
        return True
    subject = actions.parts(value)[0]
    return bool(subject and spec.marker and spec.marker.startswith(f"{subject}:"))


def error_response(app: SandboxApp, refused: Refused, user_id: str | None = None) -> Response:
    tr = app.tr(user_id if user_id and app.people.get(user_id) else None)
    return JSONResponse({"error": tr.t(refused.key, **refused.params)}, status_code=refused.status)


async def guarded(app: SandboxApp, request: Request, work: Callable[[dict[str, Any]], dict[str, Any]]) -> Response:
    """Parse, check, run ``work`` in the thread pool; a refusal or a failure is a clear JSON answer, never a 500."""
    user_id: str | None = None
    try:
        data = await app.body(request)
        user_id = data.get("user") if isinstance(data.get("user"), str) else None
        return JSONResponse({"ok": True, **await run_in_threadpool(work, data)})
    except Refused as refused:
        return error_response(app, refused, user_id)
    except Exception:
        log.exception("sandbox request failed")
        return error_response(app, Refused(503, "error.internal"), user_id)
