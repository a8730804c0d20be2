"""A small, real Bolt app that stands in for Sirene in the drivers' tests: if Bolt routes, parses and verifies
what the drivers send, the payloads are shaped like Slack's. It declares an incident from a modal, takes notes
through pushed and updated modals, answers buttons, shortcuts, mentions, messages and reactions, and records
what it saw (``Seen``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from slack_bolt import App
from slack_bolt import BoltRequest
from slack_bolt import Respond
from slack_bolt import Say
from slack_sdk import WebClient

from tests.fakes.slack import FakeSlack

SECRET = "sirene-test-signing-secret"
Json = dict[str, Any]

DECLARE_MODAL: Json = {
    "type": "modal",
    "callback_id": "declare",
    "notify_on_close": True,
    "private_metadata": "from-slash",
    "title": {"type": "plain_text", "text": "Declare incident"},
    "submit": {"type": "plain_text", "text": "Declare"},
    "close": {"type": "plain_text", "text": "Cancel"},
    "blocks": [
        {
            "type": "input",
            "block_id": "title_b",
            "label": {"type": "plain_text", "text": "Title"},
            "element": {"type": "plain_text_input", "action_id": "title", "max_length": 60},
        },
        {
            "type": "input",
            "block_id": "sev_b",
            "label": {"type": "plain_text", "text": "Severity"},
            "element": {
                "type": "static_select",
                "action_id": "severity",
                "options": [
                    {"text": {"type": "plain_text", "text": s.upper()}, "value": s} for s in ("sev1", "sev2", "sev3")
                ],
            },
        },
        {
            "type": "input",
            "block_id": "started_b",
            "optional": True,
            "label": {"type": "plain_text", "text": "Started at"},
            "element": {"type": "datetimepicker", "action_id": "started"},
        },
        {
            "type": "input",
            "block_id": "roles_b",
            "optional": True,
            "label": {"type": "plain_text", "text": "Roles"},
            "element": {
                "type": "checkboxes",
                "action_id": "roles",
                "options": [
                    {"text": {"type": "plain_text", "text": "Comms"}, "value": "comms"},
                    {"text": {"type": "plain_text", "text": "Scribe"}, "value": "scribe"},
                ],
            },
        },
        {
            "type": "input",
            "block_id": "ic_b",
            "optional": True,
            "label": {"type": "plain_text", "text": "Commander"},
            "element": {"type": "users_select", "action_id": "commander"},
        },
    ],
}


def note_modal(callback_id: str, title: str, *, with_button: bool = False) -> Json:
    blocks: list[Json] = [
        {
            "type": "input",
            "block_id": "note_b",
            "label": {"type": "plain_text", "text": "Note"},
            "element": {"type": "plain_text_input", "action_id": "note", "multiline": True},
        }
    ]
    if with_button:
        blocks.append(
            {
                "type": "actions",
                "block_id": "more_b",
                "elements": [
                    {"type": "button", "action_id": "more", "text": {"type": "plain_text", "text": "More"}},
                    {
                        "type": "static_select",
                        "action_id": "kind",
                        "options": [
                            {"text": {"type": "plain_text", "text": k}, "value": k} for k in ("update", "decision")
                        ],
                    },
                ],
            }
        )
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": "Save"},
        "blocks": blocks,
    }


@dataclass
class Seen:
    """What the Bolt app observed."""

    submissions: list[Json] = field(default_factory=list)
    closed: list[Json] = field(default_factory=list)
    retry_headers: list[tuple[str | None, str | None]] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    actions: list[Json] = field(default_factory=list)


def build_bolt_app(fake: FakeSlack) -> tuple[App, Seen]:
    seen = Seen()
    app = App(
        client=WebClient(base_url=fake.api_url, token=fake.bot_token),
        signing_secret=SECRET,
        process_before_response=True,
    )

    @app.middleware
    def record_retries(request: BoltRequest, next: Callable[[], None]) -> None:
        seen.retry_headers.append(
            (
                request.headers.get("x-slack-retry-num", [None])[0],
                request.headers.get("x-slack-retry-reason", [None])[0],
            )
        )
        next()

    @app.command("/incident")
    def open_modal(ack: Callable[..., None], body: Json, client: WebClient) -> None:
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=DECLARE_MODAL)

    @app.view("declare")
    def declare(ack: Callable[..., None], body: Json, view: Json, client: WebClient) -> None:
        values = view["state"]["values"]
        seen.submissions.append(values)
        title = values["title_b"]["title"]["value"]
        if len(title) < 5:
            ack(response_action="errors", errors={"title_b": "Give a longer title"})
            return
        ack()
        severity = values["sev_b"]["severity"]["selected_option"]["value"]
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
        channel = client.conversations_create(name=f"inc-{slug}")["channel"]["id"]
        client.conversations_invite(channel=channel, users=body["user"]["id"])
        client.chat_postMessage(
            channel=channel,
            text=f"{severity}: {title}",
            blocks=[
                {"type": "section", "text": {"type": "mrkdwn", "text": f"*{severity}* {title}"}},
                {
                    "type": "actions",
                    "elements": [
                        {
                            "type": "button",
                            "action_id": "ack_incident",
                            "value": channel,
                            "text": {"type": "plain_text", "text": "Acknowledge"},
                        }
                    ],
                },
            ],
        )

    @app.command("/note")
    def open_note(ack: Callable[..., None], body: Json, client: WebClient) -> None:
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=note_modal("note", "Add a note", with_button=True))

    @app.action("more")
    def more(ack: Callable[..., None], body: Json, client: WebClient) -> None:
        ack()
        seen.actions.append(body)
        client.views_push(trigger_id=body["trigger_id"], view=note_modal("note_more", "More details"))

    @app.action("kind")
    def kind(ack: Callable[..., None], body: Json) -> None:
        ack()
        seen.actions.append(body)

    @app.view("note_more")
    def note_more(ack: Callable[..., None]) -> None:
        ack(response_action="update", view=note_modal("note_done", "Thanks"))

    @app.view("note_done")
    def note_done(ack: Callable[..., None]) -> None:
        ack(response_action="clear")

    @app.view_closed("declare")
    def closed(ack: Callable[..., None], body: Json) -> None:
        ack()
        seen.closed.append(body)

    @app.action("ack_incident")
    def ack_incident(ack: Callable[..., None], body: Json, respond: Respond) -> None:
        ack()
        respond(replace_original=True, text=f"Acknowledged by <@{body['user']['id']}>")

    @app.shortcut("summarize")
    def summarize(ack: Callable[..., None], body: Json, client: WebClient) -> None:
        ack()
        client.chat_postEphemeral(
            channel=body["channel"]["id"], user=body["user"]["id"], text=f"Quoted: {body['message']['text']}"
        )

    @app.event("app_mention")
    def mentioned(event: Json) -> None:
        seen.mentions.append(event["text"])

    @app.message("status")
    def status(message: Json, say: Say) -> None:
        say(text="All hands on deck", thread_ts=message["ts"])

    @app.event("message")
    def other_messages() -> None:
        pass

    @app.event("reaction_added")
    def on_reaction(event: Json, client: WebClient) -> None:
        client.reactions_add(channel=event["item"]["channel"], timestamp=event["item"]["ts"], name="eyes")

    return app, seen
