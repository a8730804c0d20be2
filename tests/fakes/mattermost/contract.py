"""Our own table of the Mattermost REST API v4 routes Sirene uses, with the fields it sends.

In our words and for our needs; ``tests/fakes/test_mattermost_contract_facts.py`` checks every
route, field, type and required flag against the official OpenAPI bundle in
``../shared/platform-contracts/mattermost/`` (read in place: its licence forbids copying it).
Where we knowingly depart from the bundle, ``beyond_spec`` says why.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field

API = "/api/v4"


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    body: Mapping[str, str] = field(default_factory=dict)
    """JSON field → JSON type (``string``, ``boolean``, ``integer``, ``object``, ``array``)."""
    required: frozenset[str] = frozenset()
    body_kind: str | None = None
    """``object``, ``array`` (of strings), ``multipart``, or ``None`` (no body)."""
    query: Mapping[str, str] = field(default_factory=dict)
    beyond_spec: Mapping[str, str] = field(default_factory=dict)
    """Fields we send although the bundle's request body does not list them (or types them
    differently), and why the server takes them."""

    @property
    def pattern(self) -> re.Pattern[str]:
        return re.compile("^" + re.sub(r"\{[a-z_]+\}", r"([^/]+)", API + self.path) + "$")

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"


_POST_FIELDS = {"channel_id": "string", "message": "string", "props": "object", "root_id": "string",
                "file_ids": "array"}

ROUTES: tuple[Route, ...] = (
    Route("GET", "/users/{user_id}"),  # also /users/me
    Route("GET", "/users/email/{email}"),
    Route("GET", "/teams/name/{name}"),
    Route("POST", "/posts", _POST_FIELDS, frozenset({"channel_id", "message"}), "object"),
    Route("PUT", "/posts/{post_id}/patch", {"message": "string", "props": "object", "file_ids": "array"},
          body_kind="object",
          beyond_spec={"props": "the bundle types props as a string here; the server decodes the same property "
                                "bag as on POST /posts (model.PostPatch.Props), an object"}),
    Route("GET", "/posts/{post_id}"),
    Route("POST", "/posts/ephemeral", {"user_id": "string", "post": "object"}, frozenset({"user_id", "post"}),
          "object"),
    Route("POST", "/posts/{post_id}/pin"),
    Route("POST", "/reactions", {"user_id": "string", "post_id": "string", "emoji_name": "string"},
          frozenset({"user_id", "post_id", "emoji_name"}), "object",
          beyond_spec={"required": "the Reaction schema marks nothing required; the server refuses a reaction "
                                   "without user, post or emoji (model.Reaction.IsValid)"}),
    Route("POST", "/channels", {"team_id": "string", "name": "string", "display_name": "string", "type": "string",
                                "header": "string", "purpose": "string"},
          frozenset({"team_id", "name", "display_name", "type"}), "object"),
    Route("GET", "/channels/{channel_id}"),
    Route("GET", "/teams/{team_id}/channels/name/{channel_name}", query={"include_deleted": "boolean"}),
    Route("PUT", "/channels/{channel_id}/patch", {"header": "string", "display_name": "string", "name": "string",
                                                  "purpose": "string"}, body_kind="object"),
    Route("POST", "/channels/{channel_id}/members", {"user_id": "string"}, frozenset({"user_id"}), "object"),
    Route("DELETE", "/channels/{channel_id}"),
    Route("POST", "/channels/direct", body_kind="array"),
    Route("GET", "/channels/{channel_id}/posts", query={"since": "integer", "page": "integer",
                                                        "per_page": "integer"}),
    Route("POST", "/files", {"channel_id": "string", "files": "string"}, body_kind="multipart"),
    Route("POST", "/actions/dialogs/open", {"trigger_id": "string", "url": "string", "dialog": "object"},
          frozenset({"trigger_id", "url", "dialog"}), "object"),
    Route("GET", "/commands", query={"team_id": "string", "custom_only": "boolean"}),
    Route("POST", "/commands", {"team_id": "string", "method": "string", "trigger": "string", "url": "string",
                                "display_name": "string", "description": "string", "auto_complete": "boolean",
                                "auto_complete_desc": "string", "auto_complete_hint": "string"},
          frozenset({"team_id", "method", "trigger", "url"}), "object",
          beyond_spec={name: "a field of the Command schema (the server decodes a whole model.Command)"
                       for name in ("display_name", "description", "auto_complete", "auto_complete_desc",
                                    "auto_complete_hint")}),
)

EPHEMERAL_POST_FIELDS = {"channel_id": "string", "message": "string", "props": "object"}
EPHEMERAL_POST_REQUIRED = frozenset({"channel_id", "message"})
EPHEMERAL_BEYOND_SPEC = {"props": "an ephemeral post carries props (attachments) like any post (model.Post)"}
DIALOG_FIELDS = {"callback_id": "string", "title": "string", "introduction_text": "string", "elements": "array",
                 "submit_label": "string", "notify_on_cancel": "boolean", "state": "string"}
DIALOG_REQUIRED = frozenset({"title", "elements"})

# Facts of the server (model package, developer docs), not in the OpenAPI bundle.
ID = re.compile(r"^[a-z0-9]{26}$")
CHANNEL_NAME = re.compile(r"^[a-z0-9]([a-z0-9_-]*[a-z0-9])?$")
CHANNEL_NAME_MAX = 64
DISPLAY_NAME_MAX = 64
HEADER_MAX = 1024
MESSAGE_MAX = 16383
DIALOG_TITLE_MAX = 24
ELEMENT_DISPLAY_NAME_MAX = 24
ELEMENT_HELP_TEXT_MAX = 150
ELEMENT_PLACEHOLDER_MAX = 150
TEXT_MAX_LENGTH = 150
TEXTAREA_MAX_LENGTH = 3000
ELEMENT_TYPES = frozenset({"text", "textarea", "select", "bool", "radio"})
DIALOG_ANSWER_FIELDS = frozenset({"errors", "error", "type", "form"})
"""model.SubmitDialogResponse: what a dialog submission may be answered with."""
DIALOG_ANSWER_TYPES = frozenset({"", "ok", "form", "navigate"})
MULTI_STEP_DIALOGS_SINCE = (11, 1)
"""A ``{"type": "form", "form": {...}}`` answer shows the next step in place from 11.1; older servers ignore it."""
ACTION_ID = re.compile(r"^[A-Za-z0-9]+$")
"""Action ids: letters and digits (the click is routed as /posts/{post_id}/actions/{action_id})."""
TRIGGER_TTL_SECONDS = 30.0
"""ServiceSettings.OutgoingIntegrationRequestsTimeout default on current servers (3 s on old ones)."""
NAME_EXISTS = "store.sql_channel.save_channel.exists.app_error"


def route_for(method: str, path: str) -> tuple[Route, tuple[str, ...]] | None:
    for route in ROUTES:
        if route.method != method:
            continue
        match = route.pattern.match(path)
        if match:
            return route, match.groups()
    return None


def type_ok(value: object, kind: str) -> bool:
    return {
        "string": isinstance(value, str),
        "boolean": isinstance(value, bool),
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "object": isinstance(value, dict),
        "array": isinstance(value, list),
    }.get(kind, False)


def check_fields(where: str, body: Mapping[str, object], fields: Mapping[str, str],
                 required: frozenset[str]) -> list[str]:
    problems = [f"{where}: missing required field {name!r}" for name in sorted(required) if name not in body]
    for name, value in body.items():
        if name not in fields:
            problems.append(f"{where}: unknown field {name!r}")
        elif not type_ok(value, fields[name]):
            problems.append(f"{where}: field {name!r} should be {fields[name]}, got {type(value).__name__}")
    return problems
