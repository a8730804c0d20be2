"""The shape a Slack request must have before Bolt and our listeners read it.

Slack's requests always have it; anything else (a bug upstream, a fuzzer, a replayed fragment)
gets a 400 instead of crashing deeper down. Lenient: unknown keys are allowed, only the fields
that Bolt and our listeners read are checked.
"""

from __future__ import annotations

import json
import urllib.parse
from typing import Annotated
from typing import Any

from pydantic import BaseModel
from pydantic import ConfigDict
from pydantic import StringConstraints
from pydantic import ValidationError
from pydantic import model_validator

SlackId = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9][A-Z0-9._-]{0,39}$")]
"""User, channel, team ids as Slack writes them (``U0123ABCD``, ``C0123ABCD``, ``T0123ABCD``)."""


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="allow")


class _Id(_Lenient):
    id: SlackId


class _OptionalId(_Lenient):
    id: SlackId | None = None


class _Action(_Lenient):
    action_id: str
    value: str | None = None
    type: str | None = None
    block_id: str | None = None


class _ViewState(_Lenient):
    values: dict[str, dict[str, dict[str, Any]]] = {}


class _View(_Lenient):
    type: str | None = None
    id: str | None = None
    callback_id: str | None = None
    private_metadata: str | None = None
    state: _ViewState | None = None


class _Container(_Lenient):
    channel_id: SlackId | None = None
    message_ts: str | None = None


class _Message(_Lenient):
    ts: str | None = None
    text: str | None = None
    user: SlackId | None = None


class _ResponseUrl(_Lenient):
    response_url: str


class Interaction(_Lenient):
    type: str
    user: _Id
    team: _OptionalId | None = None
    channel: _OptionalId | None = None
    container: _Container | None = None
    actions: list[_Action] | None = None
    view: _View | None = None
    message: _Message | None = None
    trigger_id: str | None = None
    callback_id: str | None = None
    response_url: str | None = None
    token: str | None = None
    api_app_id: str | None = None
    response_urls: list[_ResponseUrl] | None = None

    @model_validator(mode="after")
    def _per_type(self) -> Interaction:
        if self.type in ("view_submission", "view_closed") and (
                self.view is None or self.view.callback_id is None or self.view.type is None):
            raise ValueError("a view payload needs its view")
        if self.type in ("block_actions", "interactive_message") and not self.actions:
            raise ValueError("an action payload needs its actions")
        if "response_urls" in self.model_fields_set and self.response_urls is None:
            raise ValueError("response_urls, when given, is a list")  # Bolt takes its length
        return self


class _Item(_Lenient):
    type: str | None = None
    channel: SlackId | None = None
    ts: str | None = None


class _Event(_Lenient):
    type: str
    subtype: str | None = None
    channel: SlackId | None = None
    user: SlackId | None = None
    text: str | None = None
    ts: str | None = None
    bot_id: str | None = None
    deleted_ts: str | None = None
    reaction: str | None = None
    item: _Item | None = None
    message: _Message | None = None
    previous_message: _Message | None = None


class EventEnvelope(_Lenient):
    type: str
    team_id: SlackId | None = None
    api_app_id: str | None = None
    event_id: str | None = None
    event: _Event | None = None
    challenge: str | None = None
    token: str | None = None
    authorizations: list[dict[str, Any]] | None = None


class SlashCommand(_Lenient):
    command: str
    user_id: SlackId
    team_id: SlackId
    channel_id: SlackId
    text: str = ""
    trigger_id: str | None = None


def well_formed(body: str, content_type: str, team_id: str | None = None) -> bool:
    """Whether ``body`` has the shape of a Slack request of its kind, for our workspace (``team_id``)."""
    try:
        if content_type.startswith("application/json"):
            return event_well_formed(json.loads(body), team_id)
        form = urllib.parse.parse_qs(body, keep_blank_values=True, strict_parsing=False)
        if "payload" in form:
            data = json.loads(form["payload"][0])
            if not isinstance(data, dict):
                return False
            interaction = Interaction.model_validate(data)
            return _ours(interaction.team.id if interaction.team else None, team_id)
        command = SlashCommand.model_validate({key: values[0] for key, values in form.items()})
        return _ours(command.team_id, team_id)
    except (ValueError, ValidationError, TypeError):
        return False


def event_well_formed(data: Any, team_id: str | None = None) -> bool:
    """Whether a JSON body (parsed) has the shape of an Events API request for our workspace."""
    if not isinstance(data, dict):
        return False
    if data.get("type") == "event_callback" and not isinstance(data.get("event"), dict):
        return False
    if "event" in data and not isinstance(data["event"], dict):
        return False  # Bolt reads any delivery's "event" as an object
    try:
        envelope = EventEnvelope.model_validate(data)
    except (ValueError, ValidationError, TypeError):
        return False
    return _ours(envelope.team_id, team_id)


def _ours(named: str | None, expected: str | None) -> bool:
    return expected is None or named is None or named == expected


def person_message(data: Any) -> dict[str, Any] | None:
    """The event of an Events API delivery (parsed) that is a person's plain new message; ``None`` for
    anything else (an edit, a deletion, a bot's message, another event)."""
    event = data.get("event") if isinstance(data, dict) and data.get("type") == "event_callback" else None
    if not isinstance(event, dict) or event.get("type") != "message":
        return None
    if event.get("subtype") or event.get("bot_id") or not event.get("user") or not isinstance(event.get("text"), str):
        return None
    return event
