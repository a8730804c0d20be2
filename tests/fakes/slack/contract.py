"""Our own table of the Slack Web API surface that Sirene uses.

This module is written in our own words. It does not copy Slack's files. It holds only the facts
the fake needs: which methods exist, which arguments each one takes, the arg-level rules, the error
codes the fake may return, and the Block Kit and channel limits.
``tests/fakes/test_slack_contract_facts.py`` checks this table against the official contract files
in ``/work/shared/platform-contracts/slack`` (read in place at test time).

Where the official 2020 OpenAPI spec is known to be wrong or stale (see that folder's README,
"Known limitations"), the table says so in ``beyond_spec`` / ``errors_beyond_spec`` with a reason,
and the facts test checks each such entry against the official index's list of known spec issues
where it can.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from typing import Any
from typing import Literal

# ---------------------------------------------------------------------------------------------
# Argument kinds (arg-level rules)
# ---------------------------------------------------------------------------------------------

ArgKind = Literal[
    "string",  # non-empty string
    "text",  # any string, may be empty
    "bool",  # JSON true/false, or form "true"/"false"/"1"/"0"
    "int",  # JSON integer, or a form string of digits
    "conversation",  # a conversation ID: C..., G... or D...
    "conversation_or_user",  # conversation ID, user ID (DM with the app) or a channel name
    "user",  # a user ID: U... or W...
    "users_csv",  # comma-separated user IDs
    "view_id",  # V...
    "ts",  # Slack message timestamp, exactly ten digits, a dot, six digits
    "email",
    "blocks",  # JSON array of block objects (JSON value or a JSON string in a form field)
    "attachments",  # JSON array of attachment objects
    "view",  # JSON view object
    "upload_files",  # JSON array of {"id": "F...", "title"?: str}
]

CONVERSATION_ID = re.compile(r"^[CGD][A-Z0-9]{2,}$")
USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
VIEW_ID = re.compile(r"^V[A-Z0-9]{2,}$")
FILE_ID = re.compile(r"^F[A-Z0-9]{2,}$")
# A message ts always has six decimals. A ts that went through a float ("1610261659.0014") is a bug:
# Slack answers message_not_found for it.
MESSAGE_TS = re.compile(r"^\d{10}\.\d{6}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

#: Arguments that may arrive as a JSON string inside a form field and that we parse.
JSON_KINDS: frozenset[str] = frozenset({"blocks", "attachments", "view", "upload_files"})

TokenType = Literal["bot", "app"]


@dataclass(frozen=True)
class MethodContract:
    """What we accept for one Web API method."""

    name: str
    required: frozenset[str] = frozenset()
    optional: frozenset[str] = frozenset()
    #: Each group needs at least one of its arguments (e.g. trigger_id OR interactivity_pointer).
    one_of: tuple[frozenset[str], ...] = ()
    kinds: Mapping[str, ArgKind] = field(default_factory=dict)
    #: The token type Slack wants for this method.
    token: TokenType = "bot"
    #: Is the method in the frozen 2020 OpenAPI spec?
    in_2020_spec: bool = True
    #: Arguments we accept or require although the 2020 spec does not list/flag them: arg -> reason.
    beyond_spec: Mapping[str, str] = field(default_factory=dict)
    #: Method-specific error codes the fake may return.
    errors: frozenset[str] = frozenset()
    #: Those of ``errors`` that the 2020 spec's error enum lacks: code -> reason.
    errors_beyond_spec: Mapping[str, str] = field(default_factory=dict)

    @property
    def accepted(self) -> frozenset[str]:
        return self.required | self.optional


def _m(
    name: str,
    required: tuple[str, ...] = (),
    optional: tuple[str, ...] = (),
    *,
    kinds: Mapping[str, ArgKind] | None = None,
    one_of: tuple[tuple[str, ...], ...] = (),
    token: TokenType = "bot",
    in_2020_spec: bool = True,
    beyond_spec: Mapping[str, str] | None = None,
    errors: tuple[str, ...] = (),
    errors_beyond_spec: Mapping[str, str] | None = None,
) -> MethodContract:
    return MethodContract(
        name=name,
        required=frozenset(required),
        optional=frozenset(optional),
        one_of=tuple(frozenset(g) for g in one_of),
        kinds=dict(kinds or {}),
        token=token,
        in_2020_spec=in_2020_spec,
        beyond_spec=dict(beyond_spec or {}),
        errors=frozenset(errors) | frozenset((errors_beyond_spec or {}).keys()),
        errors_beyond_spec=dict(errors_beyond_spec or {}),
    )


_MSG_KINDS: dict[str, ArgKind] = {
    "text": "text",
    "blocks": "blocks",
    "attachments": "attachments",
    "thread_ts": "ts",
    "reply_broadcast": "bool",
    "unfurl_links": "bool",
    "unfurl_media": "bool",
    "mrkdwn": "bool",
    "link_names": "bool",
    "parse": "string",
}

_INVALID_BLOCKS = {"invalid_blocks": "Block Kit validation error; postdates the 2020 spec's error list"}
_TRIGGER_ERRORS = {
    "invalid_trigger_id": "views.* have no error enum in the 2020 spec",
    "expired_trigger_id": "views.* have no error enum in the 2020 spec",
    "exchanged_trigger_id": "views.* have no error enum in the 2020 spec",
}
_VIEW_ERRORS = {
    "invalid_blocks": "views.* have no error enum in the 2020 spec",
    "not_found": "views.* have no error enum in the 2020 spec",
    "hash_conflict": "views.* have no error enum in the 2020 spec",
    "push_limit_reached": "views.* have no error enum in the 2020 spec",
}
_POINTER_REASON = (
    "current docs accept interactivity_pointer instead of trigger_id; the spec only has trigger_id "
    "(listed in the official index's known_spec_issues)"
)

METHODS: dict[str, MethodContract] = {
    c.name: c
    for c in [
        _m("auth.test"),
        _m(
            "chat.postMessage",
            ("channel",),
            (
                "text",
                "blocks",
                "attachments",
                "thread_ts",
                "reply_broadcast",
                "unfurl_links",
                "unfurl_media",
                "mrkdwn",
                "link_names",
                "parse",
            ),
            kinds={"channel": "conversation_or_user", **_MSG_KINDS},
            errors=("channel_not_found", "not_in_channel", "is_archived", "no_text", "msg_too_long"),
            errors_beyond_spec=_INVALID_BLOCKS,
        ),
        _m(
            "chat.update",
            ("channel", "ts"),
            ("text", "blocks", "attachments", "link_names", "parse"),
            kinds={"channel": "conversation", "ts": "ts", **_MSG_KINDS},
            errors=(
                "channel_not_found",
                "message_not_found",
                "cant_update_message",
                "no_text",
                "msg_too_long",
            ),
            errors_beyond_spec=_INVALID_BLOCKS,
        ),
        _m(
            "chat.postEphemeral",
            ("channel", "user"),
            ("text", "blocks", "attachments", "thread_ts", "link_names", "parse"),
            kinds={"channel": "conversation", "user": "user", **_MSG_KINDS},
            errors=("channel_not_found", "is_archived", "no_text", "msg_too_long", "user_not_in_channel"),
            errors_beyond_spec=_INVALID_BLOCKS,
        ),
        _m(
            "chat.getPermalink",
            ("channel", "message_ts"),
            kinds={"channel": "conversation", "message_ts": "ts"},
            errors=("channel_not_found", "message_not_found"),
        ),
        _m(
            "chat.delete",
            ("channel", "ts"),
            kinds={"channel": "conversation", "ts": "ts"},
            beyond_spec={
                "channel": "required in reality, optional in the spec",
                "ts": "required in reality, optional in the spec",
            },
            errors=("channel_not_found", "message_not_found", "cant_delete_message"),
        ),
        _m(
            "conversations.create",
            ("name",),
            ("is_private",),
            kinds={"name": "text", "is_private": "bool"},
            beyond_spec={"name": "required in reality, not flagged in the spec (known spec issue)"},
            errors=(
                "name_taken",
                "invalid_name_required",
                "invalid_name_maxlength",
                "invalid_name_specials",
                "invalid_name_punctuation",
            ),
        ),
        _m(
            "conversations.invite",
            ("channel", "users"),
            kinds={"channel": "conversation", "users": "users_csv"},
            beyond_spec={
                "channel": "required in reality, not flagged in the spec",
                "users": "required in reality, not flagged in the spec",
            },
            errors=(
                "channel_not_found",
                "not_in_channel",
                "is_archived",
                "user_not_found",
                "already_in_channel",
                "cant_invite_self",
                "no_user",
                "too_many_users",
            ),
        ),
        _m(
            "conversations.setTopic",
            ("channel", "topic"),
            kinds={"channel": "conversation", "topic": "text"},
            beyond_spec={
                "channel": "required in reality, not flagged in the spec",
                "topic": "required in reality, not flagged in the spec",
            },
            errors=("channel_not_found", "not_in_channel", "is_archived", "too_long"),
        ),
        _m(
            "conversations.archive",
            ("channel",),
            kinds={"channel": "conversation"},
            beyond_spec={"channel": "required in reality, not flagged in the spec"},
            errors=("channel_not_found", "already_archived"),
        ),
        _m(
            "conversations.info",
            ("channel",),
            ("include_locale", "include_num_members"),
            kinds={"channel": "conversation", "include_locale": "bool", "include_num_members": "bool"},
            beyond_spec={"channel": "required in reality, not flagged in the spec (known spec issue)"},
            errors=("channel_not_found",),
        ),
        _m(
            "conversations.open",
            (),
            ("channel", "users", "return_im"),
            one_of=(("channel", "users"),),
            kinds={"channel": "conversation", "users": "users_csv", "return_im": "bool"},
            errors=("channel_not_found", "user_not_found", "too_many_users", "users_list_not_supplied"),
        ),
        _m(
            "conversations.members",
            ("channel",),
            ("limit", "cursor"),
            kinds={"channel": "conversation", "limit": "int", "cursor": "text"},
            beyond_spec={"channel": "required in reality, not flagged in the spec"},
            errors=("channel_not_found", "invalid_cursor", "invalid_limit"),
        ),
        _m(
            "conversations.history",
            ("channel",),
            ("latest", "oldest", "inclusive", "limit", "cursor"),
            kinds={"channel": "conversation", "latest": "ts", "oldest": "ts", "inclusive": "bool", "limit": "int",
                   "cursor": "text"},
            beyond_spec={"channel": "required in reality, not flagged in the spec (known spec issue)"},
            errors=("channel_not_found", "invalid_ts_latest"),
            errors_beyond_spec={"not_in_channel": "a bot reads only the history of channels it is a member of"},
        ),
        _m(
            "conversations.replies",
            ("channel", "ts"),
            ("latest", "oldest", "inclusive", "limit", "cursor"),
            kinds={"channel": "conversation", "ts": "ts", "latest": "ts", "oldest": "ts", "inclusive": "bool",
                   "limit": "int", "cursor": "text"},
            beyond_spec={
                "channel": "required in reality, not flagged in the spec",
                "ts": "required in reality, not flagged in the spec",
            },
            errors=("channel_not_found", "thread_not_found"),
            errors_beyond_spec={"not_in_channel": "a bot reads only the threads of channels it is a member of"},
        ),
        _m(
            "conversations.join",
            ("channel",),
            kinds={"channel": "conversation"},
            beyond_spec={"channel": "required in reality, not flagged in the spec"},
            errors=("channel_not_found", "is_archived", "method_not_supported_for_channel_type"),
        ),
        _m(
            "pins.add",
            ("channel", "timestamp"),
            kinds={"channel": "conversation", "timestamp": "ts"},
            beyond_spec={"timestamp": "we only pin messages, so the message ts is required"},
            errors=("channel_not_found", "message_not_found", "already_pinned"),
        ),
        _m(
            "reactions.add",
            ("channel", "name", "timestamp"),
            kinds={"channel": "conversation", "name": "string", "timestamp": "ts"},
            errors=("already_reacted", "invalid_name", "message_not_found"),
            errors_beyond_spec={
                "channel_not_found": "listed on the current reactions.add docs page",
                "is_archived": "listed on the current reactions.add docs page",
            },
        ),
        _m(
            "reactions.remove",
            ("name", "channel", "timestamp"),
            kinds={"channel": "conversation", "name": "string", "timestamp": "ts"},
            beyond_spec={
                "channel": "we only react to messages (file/file_comment are retired)",
                "timestamp": "we only react to messages (file/file_comment are retired)",
            },
            errors=("no_reaction", "invalid_name", "message_not_found"),
            errors_beyond_spec={"channel_not_found": "listed on the current reactions.* docs pages"},
        ),
        _m(
            "views.open",
            ("view",),
            ("trigger_id", "interactivity_pointer"),
            one_of=(("trigger_id", "interactivity_pointer"),),
            kinds={"view": "view", "trigger_id": "string", "interactivity_pointer": "string"},
            beyond_spec={"interactivity_pointer": _POINTER_REASON},
            errors_beyond_spec={**_TRIGGER_ERRORS, "invalid_blocks": _VIEW_ERRORS["invalid_blocks"]},
        ),
        _m(
            "views.publish",
            ("user_id", "view"),
            ("hash",),
            kinds={"user_id": "user", "view": "view", "hash": "string"},
            errors_beyond_spec={"invalid_blocks": _VIEW_ERRORS["invalid_blocks"],
                                "hash_conflict": _VIEW_ERRORS["hash_conflict"],
                                "user_not_found": "views.* have no error enum in the 2020 spec"},
        ),
        _m(
            "views.push",
            ("view",),
            ("trigger_id", "interactivity_pointer"),
            one_of=(("trigger_id", "interactivity_pointer"),),
            kinds={"view": "view", "trigger_id": "string", "interactivity_pointer": "string"},
            beyond_spec={"interactivity_pointer": _POINTER_REASON},
            errors_beyond_spec={**_TRIGGER_ERRORS, **_VIEW_ERRORS},
        ),
        _m(
            "views.update",
            ("view",),
            ("view_id", "external_id", "hash"),
            one_of=(("view_id", "external_id"),),
            kinds={"view": "view", "view_id": "view_id", "external_id": "string", "hash": "string"},
            errors_beyond_spec=_VIEW_ERRORS,
        ),
        _m(
            "users.info",
            ("user",),
            ("include_locale",),
            kinds={"user": "user", "include_locale": "bool"},
            beyond_spec={"user": "required in reality, not flagged in the spec"},
            errors=("user_not_found",),
        ),
        _m(
            "users.conversations",
            (),
            ("types", "exclude_archived", "limit", "cursor"),
            kinds={"types": "string", "exclude_archived": "bool", "limit": "int", "cursor": "text"},
            errors=("invalid_types", "invalid_cursor", "invalid_limit"),
        ),
        _m(
            "users.lookupByEmail",
            ("email",),
            kinds={"email": "email"},
            errors=("users_not_found",),
        ),
        # ---- newer than the 2020 spec (facts from the docs + payloads/shapes/api-responses) ----
        _m("apps.connections.open", token="app", in_2020_spec=False),
        _m(
            "files.getUploadURLExternal",
            ("filename", "length"),
            ("alt_txt", "snippet_type"),
            kinds={"filename": "string", "length": "int", "alt_txt": "text", "snippet_type": "string"},
            in_2020_spec=False,
        ),
        _m(
            "files.completeUploadExternal",
            ("files",),
            ("channel_id", "initial_comment", "thread_ts"),
            kinds={
                "files": "upload_files",
                "channel_id": "conversation",
                "initial_comment": "text",
                "thread_ts": "ts",
            },
            in_2020_spec=False,
            errors=("file_not_found", "channel_not_found", "not_in_channel", "is_archived"),
        ),
    ]
}

#: Arguments accepted on every method, like the token: name -> reason. The fake takes them off
#: before the per-method checks.
UNIVERSAL_ARGS: dict[str, str] = {
    "team_id": (
        "Bolt's per-request WebClient sends the workspace ID as a default param on every call; "
        "Slack accepts it (it selects the workspace for org-wide apps)"
    ),
}

#: Errors any method may return, with the reason when the 2020 spec enums do not list them.
COMMON_ERRORS: dict[str, str] = {
    "not_authed": "in the 2020 spec enums",
    "invalid_auth": "in the 2020 spec enums",
    "not_allowed_token_type": "generic error on the current docs pages (bot token vs app token)",
    "invalid_arguments": "generic error on the current docs pages (schema violations)",
    "ratelimited": "HTTP 429 body, see rate-limits/slack_method_tiers.json",
    "fatal_error": "generic error on the current docs pages (server-side failure)",
}

# ---------------------------------------------------------------------------------------------
# Channels, topics, messages, triggers
# ---------------------------------------------------------------------------------------------

CHANNEL_NAME_MAX = 80
_CHANNEL_NAME_CHARS = re.compile(r"^[a-z0-9_-]+$")
TOPIC_MAX = 250
#: Slack truncates/rejects message text above this many characters.
MESSAGE_TEXT_MAX = 40_000
#: A trigger_id may be exchanged once, within this many seconds of its issue.
TRIGGER_TTL_SECONDS = 3.0
#: Slack expects an HTTP answer / a Socket Mode ack within this many seconds.
ACK_DEADLINE_SECONDS = 3.0
#: A modal stack holds the root view plus at most two pushed views.
VIEW_STACK_MAX = 3
#: A response_url may be used this many times (within 30 minutes).
RESPONSE_URL_MAX_USES = 5
#: conversations.invite takes at most this many users per call.
INVITE_MAX_USERS = 1000
#: conversations.open takes at most this many users (a group DM).
OPEN_MAX_USERS = 8


def channel_name_error(name: str) -> str | None:
    """Slack's channel-name rule, as conversations.create applies it.

    Lowercase ASCII letters, digits, hyphens and underscores; at most 80 characters; not only
    punctuation. Returns the Slack error code, or None when the name is fine.
    """
    if name == "":
        return "invalid_name_required"
    if len(name) > CHANNEL_NAME_MAX:
        return "invalid_name_maxlength"
    if not _CHANNEL_NAME_CHARS.match(name):
        return "invalid_name_specials"
    if name.strip("-_") == "":
        return "invalid_name_punctuation"
    return None


# ---------------------------------------------------------------------------------------------
# Block Kit limits (from the Block Kit reference pages, in our words)
# ---------------------------------------------------------------------------------------------

BLOCK_KIT: dict[str, int] = {
    "message_blocks": 50,
    "modal_blocks": 100,
    "modal_title": 24,  # view title text
    "modal_submit": 24,  # view submit button text
    "modal_close": 24,  # view close button text
    "private_metadata": 3000,
    "callback_id": 255,
    "external_id": 255,
    "block_id": 255,
    "action_id": 255,
    "section_text": 3000,
    "section_fields": 10,
    "section_field_text": 2000,
    "header_text": 150,
    "context_elements": 10,
    "actions_elements": 25,
    "button_text": 75,
    "button_value": 2000,
    "button_url": 3000,
    "input_label": 2000,
    "input_hint": 2000,
    "placeholder": 150,
    "plain_text_input_max_length": 3000,
    "select_options": 100,
    "radio_options": 10,
    "checkbox_options": 10,
    "overflow_options": 5,
    "option_text": 75,
    "option_value": 150,
    "image_alt_text": 2000,
}

KNOWN_BLOCK_TYPES: frozenset[str] = frozenset(
    {
        "section",
        "divider",
        "image",
        "actions",
        "context",
        "input",
        "header",
        "file",
        "rich_text",
        "video",
        "markdown",
        "table",
        "call",
        "context_actions",
    }
)

#: Interactive elements whose current value Slack reports in ``state.values``.
STATEFUL_ELEMENTS: frozenset[str] = frozenset(
    {
        "plain_text_input",
        "email_text_input",
        "url_text_input",
        "number_input",
        "rich_text_input",
        "static_select",
        "external_select",
        "users_select",
        "conversations_select",
        "channels_select",
        "multi_static_select",
        "multi_external_select",
        "multi_users_select",
        "multi_conversations_select",
        "multi_channels_select",
        "radio_buttons",
        "checkboxes",
        "datepicker",
        "timepicker",
        "datetimepicker",
    }
)


# ---------------------------------------------------------------------------------------------
# Argument checking
# ---------------------------------------------------------------------------------------------


class ArgProblem(Exception):
    """One argument breaks our contract."""


def _as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in {"true", "false", "1", "0"}:
        return value.lower() in {"true", "1"}
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise ArgProblem(f"expected a boolean, got {value!r}")


def _as_int(value: Any) -> int:
    if isinstance(value, bool):
        raise ArgProblem(f"expected an integer, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value):
        return int(value)
    raise ArgProblem(f"expected an integer, got {value!r}")


def _as_str(value: Any, *, allow_empty: bool) -> str:
    if not isinstance(value, str):
        raise ArgProblem(f"expected a string, got {type(value).__name__}")
    if not allow_empty and value == "":
        raise ArgProblem("must not be empty")
    return value


def _as_json(value: Any, expected: type) -> Any:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise ArgProblem(f"is not valid JSON ({exc})") from None
    if not isinstance(value, expected):
        raise ArgProblem(f"expected a JSON {'array' if expected is list else 'object'}")
    return value


def _check_kind(kind: ArgKind, value: Any) -> Any:
    """Return the normalized value or raise ArgProblem."""
    if kind == "string":
        return _as_str(value, allow_empty=False)
    if kind == "text":
        return _as_str(value, allow_empty=True)
    if kind == "bool":
        return _as_bool(value)
    if kind == "int":
        return _as_int(value)
    if kind == "conversation":
        s = _as_str(value, allow_empty=False)
        if not CONVERSATION_ID.match(s):
            raise ArgProblem(f"expected a conversation ID (C…/G…/D…), got {s!r}")
        return s
    if kind == "conversation_or_user":
        s = _as_str(value, allow_empty=False)
        if not (CONVERSATION_ID.match(s) or USER_ID.match(s) or re.fullmatch(r"#?[a-z0-9_-]{1,80}", s)):
            raise ArgProblem(f"expected a conversation ID, user ID or channel name, got {s!r}")
        return s
    if kind == "user":
        s = _as_str(value, allow_empty=False)
        if not USER_ID.match(s):
            raise ArgProblem(f"expected a user ID (U…/W…), got {s!r}")
        return s
    if kind == "users_csv":
        s = _as_str(value, allow_empty=False)
        ids = s.split(",")
        bad = [u for u in ids if not USER_ID.match(u)]
        if bad:
            raise ArgProblem(f"expected comma-separated user IDs without spaces, bad items: {bad!r}")
        return s
    if kind == "view_id":
        s = _as_str(value, allow_empty=False)
        if not VIEW_ID.match(s):
            raise ArgProblem(f"expected a view ID (V…), got {s!r}")
        return s
    if kind == "ts":
        s = _as_str(value, allow_empty=False)
        if not MESSAGE_TS.match(s):
            raise ArgProblem(f"expected a message ts like '1610261659.001400', got {s!r}")
        return s
    if kind == "email":
        s = _as_str(value, allow_empty=False)
        if not EMAIL.match(s):
            raise ArgProblem(f"expected an email address, got {s!r}")
        return s
    if kind == "blocks" or kind == "attachments":
        items = _as_json(value, list)
        if not all(isinstance(b, dict) for b in items):
            raise ArgProblem("every item must be a JSON object")
        return items
    if kind == "view":
        return _as_json(value, dict)
    if kind == "upload_files":
        items = _as_json(value, list)
        if not items:
            raise ArgProblem("must list at least one file")
        for item in items:
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                raise ArgProblem('every item must be an object with a string "id"')
            if not FILE_ID.match(item["id"]):
                raise ArgProblem(f"bad file id {item['id']!r}")
            extra = set(item) - {"id", "title"}
            if extra:
                raise ArgProblem(f"unexpected keys {sorted(extra)} (we send only id and title)")
            if "title" in item and not isinstance(item["title"], str):
                raise ArgProblem("title must be a string")
        return items
    raise AssertionError(f"unknown kind {kind}")  # pragma: no cover


def check_args(method: str, args: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Check ``args`` against our table for ``method``.

    Returns (normalized args, problems). Normalized args have JSON strings parsed, booleans and
    integers converted. ``problems`` lists contract violations in plain words.
    """
    contract = METHODS[method]
    problems: list[str] = []
    normalized: dict[str, Any] = {}
    for name in sorted(set(args) - contract.accepted):
        problems.append(f"{method}: unknown argument {name!r} (we accept {sorted(contract.accepted)})")
    for name in sorted(contract.required - set(args)):
        problems.append(f"{method}: missing required argument {name!r}")
    for group in contract.one_of:
        if not group & set(args):
            problems.append(f"{method}: needs one of {sorted(group)}")
    for name, value in args.items():
        kind = contract.kinds.get(name)
        if kind is None:
            normalized[name] = value
            continue
        try:
            normalized[name] = _check_kind(kind, value)
        except ArgProblem as exc:
            problems.append(f"{method}: argument {name!r} {exc}")
    return normalized, problems
