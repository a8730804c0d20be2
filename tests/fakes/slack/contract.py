"""Our own table of the Slack Web API surface that Sirene uses.

This module is written in our own words. It does not copy Slack's files. It holds only the facts
the fake needs about the methods: which methods exist, which arguments each one takes and of which
kind, the token each one wants, and the error codes the fake may return (the shape of an entry is
``method_contract.MethodContract``; the checks of the arguments are in ``arg_checks``, Slack's limits
in ``limits`` and ``blockkit_facts``).
``tests/fakes/test_slack_contract_facts.py`` checks this table against the official contract files
in ``/work/shared/platform-contracts/slack`` (read in place at test time).

Where the official 2020 OpenAPI spec is known to be wrong or stale (see that folder's README,
"Known limitations"), the table says so in ``beyond_spec`` / ``errors_beyond_spec`` with a reason,
and the facts test checks each such entry against the official index's list of known spec issues
where it can.
"""

from __future__ import annotations

from collections.abc import Mapping

from tests.fakes.slack.method_contract import ArgKind
from tests.fakes.slack.method_contract import MethodContract
from tests.fakes.slack.method_contract import TokenType


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
