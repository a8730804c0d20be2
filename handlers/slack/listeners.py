"""Bolt listeners: verify (Bolt does), ack fast, parse, call one core use case, render the outcome.

No rule of the plan lives here: everything is decided by ``bot.usecases``. The app runs with
``process_before_response``: an event is answered only once it is stored (so Slack retries what
failed), and what must reach the user after the ack (an ephemeral answer, a modal) is handed to
a small thread pool so the ack is never late.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any

from slack_bolt import Ack
from slack_bolt import App
from slack_bolt import BoltResponse
from slack_sdk import WebClient

from bot.actions import FORM_MOVE
from bot.core import Actor
from bot.core import Core
from bot.core import FieldErrors
from bot.core import FormDone
from bot.core import Notice
from bot.core import OpenForm
from bot.core import Outcome
from bot.core import Unavailable
from bot.domain.incident import MessageRef
from bot.ports import ChatError
from bot.ports import ChatUnavailable
from bot.ports import StorageUnavailable
from bot.usecases import logbook
from bot.usecases.command import run_command
from bot.usecases.common import safely
from bot.usecases.interaction import press
from bot.usecases.interaction import replay_of_command
from bot.usecases.interaction import replay_of_press
from bot.usecases.interaction import submit
from handlers.slack.chat import SlackChat
from handlers.slack.chat import slack_errors
from handlers.slack.home import publish_home
from handlers.slack.render import action_name
from handlers.slack.render import field_errors
from handlers.slack.render import notice_view
from handlers.slack.render import parse_view_state
from handlers.slack.render import render_message
from handlers.slack.render import render_modal

log = logging.getLogger("sirene.slack")

ACTION_PATTERN = re.compile(r"^sirene\.")
SHORTCUT_LOG = "add_to_logbook"
PRODUCT = "Sirene"
PLATFORM = "slack"
EXPIRED_TRIGGER = frozenset({"expired_trigger_id", "exchanged_trigger_id", "invalid_trigger_id"})
IGNORED_EVENTS = ("reaction_removed", "member_joined_channel", "member_left_channel", "app_mention",
                  "channel_archive", "group_archive", "pin_added", "pin_removed")


class Replies:
    """Shows an outcome to the user after the ack, off the request thread."""

    def __init__(self, chat: SlackChat, client: WebClient, executor: Executor,
                 expired: Callable[[Actor, str], Notice]) -> None:
        self._chat = chat
        self._client = client
        self._executor = executor
        self._expired = expired

    def later(self, actor: Actor, outcome: Outcome, trigger_id: str | None, replay: str = "") -> None:
        if isinstance(outcome, Notice | OpenForm):
            self._executor.submit(self._show, actor, outcome, trigger_id, replay)

    def _show(self, actor: Actor, outcome: Outcome, trigger_id: str | None, replay: str) -> None:
        try:
            if isinstance(outcome, Notice) and actor.channel_id:
                self._chat.post_ephemeral(actor.channel_id, actor.user_id, outcome.spec)
            elif isinstance(outcome, OpenForm) and trigger_id:
                self._open(actor, outcome, trigger_id, replay)
        except (ChatError, ChatUnavailable) as exc:
            log.warning("could not show the answer to %s: %s", actor.user_id, exc)

    def _open(self, actor: Actor, outcome: OpenForm, trigger_id: str, replay: str) -> None:
        try:
            with slack_errors():
                self._client.views_open(trigger_id=trigger_id, view=render_modal(outcome.form, outcome.form.state))
        except ChatError as exc:
            if exc.code not in EXPIRED_TRIGGER or not replay or not actor.channel_id:
                raise
            log.info("trigger expired for %s: offering to open the form again", actor.user_id)
            self._chat.post_ephemeral(actor.channel_id, actor.user_id, self._expired(actor, replay).spec)

    def in_view(self, actor: Actor, outcome: Outcome, view_id: str, view_hash: str | None, close: str) -> None:
        """Replace an open modal by the outcome of a button pressed inside it (``views.update``)."""
        if isinstance(outcome, OpenForm | FormDone | Notice | FieldErrors):
            self._executor.submit(self._update_view, actor, outcome, view_id, view_hash, close)

    def _update_view(self, actor: Actor, outcome: Outcome, view_id: str, view_hash: str | None,
                     close: str) -> None:
        if isinstance(outcome, OpenForm | FieldErrors) and outcome.form is not None:
            view = render_modal(outcome.form, outcome.form.state)  # a move with errors: written in the form
        elif isinstance(outcome, FormDone) and outcome.spec is not None:
            view = notice_view(outcome.spec, outcome.title, outcome.close)
        elif isinstance(outcome, Notice):
            view = notice_view(outcome.spec, PRODUCT, close)
        else:
            return
        extra = {"hash": view_hash} if view_hash else {}
        try:
            with slack_errors():
                self._client.views_update(view_id=view_id, view=view, **extra)
        except (ChatError, ChatUnavailable) as exc:  # hash_conflict: a double click, the first one won
            log.warning("could not update the view of %s: %s", actor.user_id, exc)


def _channel_of(body: dict[str, Any]) -> str | None:
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
    return str(channel) if channel else None


def register(app: App, core: Core, chat: SlackChat, replies: Replies) -> None:
    """Attach Sirene's listeners to a Bolt app (called once by the composition root)."""

    def on_command(ack: Ack, command: dict[str, Any]) -> None:
        actor = Actor(PLATFORM, command["user_id"], command.get("channel_id"))
        outcome = safely(core, actor, lambda: run_command(core, actor, command.get("text") or ""))
        if isinstance(outcome, Notice):
            ack(**render_message(outcome.spec))
            return
        ack()
        replies.later(actor, outcome, command.get("trigger_id"), replay_of_command(command.get("text") or ""))

    def on_action(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        actor = Actor(PLATFORM, body["user"]["id"], _channel_of(body))
        actions = body.get("actions") or [{}]
        name, value = action_name(actions[0].get("action_id", "")), actions[0].get("value") or ""
        view = body.get("view") or {}
        if name == FORM_MOVE and view.get("id"):
            form_id, state = view.get("callback_id", ""), view.get("private_metadata") or ""
            values = parse_view_state(view)
            moved = safely(core, actor, lambda: submit(core, actor, form_id, values, state, None, value))
            close = core.translator(actor.platform, actor.user_id).t("form.close")
            replies.in_view(actor, moved, str(view["id"]), view.get("hash"), close)
            return
        outcome = safely(core, actor, lambda: press(core, actor, name, value))
        replies.later(actor, outcome, body.get("trigger_id"), replay_of_press(name, value))

    def on_view(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        actor = Actor(PLATFORM, body["user"]["id"])
        values = parse_view_state(view)
        key = f"slack:view:{view.get('id')}"
        form_id, state = view.get("callback_id", ""), view.get("private_metadata") or ""
        outcome = safely(core, actor, lambda: submit(core, actor, form_id, values, state, key))
        if isinstance(outcome, Unavailable):  # keep the form and what was typed: submit again later
            first = next(iter((view.get("state") or {}).get("values") or {"": None}))
            ack(**field_errors({first: outcome.spec.summary}))
        elif isinstance(outcome, FieldErrors):
            ack(**field_errors(outcome.errors))
        elif isinstance(outcome, OpenForm):  # the next step of a multi-step form
            ack(response_action="update", view=render_modal(outcome.form, outcome.form.state))
        elif isinstance(outcome, FormDone) and outcome.spec is not None:
            ack(response_action="update", view=notice_view(outcome.spec, outcome.title, outcome.close))
        elif isinstance(outcome, Notice):
            close = core.translator(actor.platform, actor.user_id).t("form.close")
            ack(response_action="update", view=notice_view(outcome.spec, PRODUCT, close))
        else:
            ack()

    def on_message(event: dict[str, Any], body: dict[str, Any]) -> None:
        subtype = event.get("subtype")
        channel = event.get("channel", "")
        event_id = body.get("event_id")
        if subtype == "message_changed":
            message = event.get("message") or {}
            logbook.revise(core, PLATFORM, MessageRef(channel, message.get("ts", "")), message.get("text") or "",
                           event_id)
        elif subtype == "message_deleted":
            ts = event.get("deleted_ts") or (event.get("previous_message") or {}).get("ts", "")
            logbook.revise(core, PLATFORM, MessageRef(channel, ts), None, event_id)
        elif subtype in (None, "thread_broadcast", "file_share") and event.get("user") and not event.get("bot_id"):
            logbook.record_tagged(core, PLATFORM, MessageRef(channel, event.get("ts", "")), event["user"],
                                  event.get("text") or "", event_id, event.get("thread_ts"))

    def on_reaction(event: dict[str, Any], body: dict[str, Any]) -> None:
        item = event.get("item") or {}
        if item.get("type") == "message":
            logbook.note_reaction(core, PLATFORM, MessageRef(item.get("channel", ""), item.get("ts", "")),
                                  event.get("reaction", ""), body.get("event_id"))

    def on_shortcut(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        channel = _channel_of(body) or ""
        message = body.get("message") or {}
        actor = Actor(PLATFORM, body["user"]["id"], channel)
        ref = MessageRef(channel, message.get("ts", ""))
        author, text = message.get("user") or actor.user_id, message.get("text") or ""
        outcome = safely(core, actor, lambda: logbook.record_shortcut(core, actor, ref, author, text))
        replies.later(actor, outcome, None)

    def on_home_opened(event: dict[str, Any], client: WebClient) -> None:
        publish_home(core, client, event)

    def ignore(ack: Ack) -> None:
        ack()

    def nothing() -> None:
        return None

    def on_error(error: Exception) -> BoltResponse:
        """A listener failed before answering. A database outage: 503, so Slack delivers the event again
        later; anything else is our bug: logged with its trace, answered 200 so Slack does not retry it."""
        if isinstance(error, StorageUnavailable):
            log.warning("database unavailable; Slack will retry: %s", error)
            return BoltResponse(status=503, body="")
        log.error("a Slack listener failed", exc_info=error)
        return BoltResponse(status=200, body="")

    app.error(on_error)
    app.command("/incident")(on_command)
    app.action(ACTION_PATTERN)(on_action)
    app.view(re.compile(r".*"))(on_view)
    app.view_closed(re.compile(r".*"))(ignore)
    app.shortcut(SHORTCUT_LOG)(on_shortcut)
    app.event("message")(on_message)
    app.event("reaction_added")(on_reaction)
    app.event("app_home_opened")(on_home_opened)
    for other in IGNORED_EVENTS:
        app.event(other)(nothing)
