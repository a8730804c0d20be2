"""Mattermost's websocket events and caught-up posts → the same core use cases as Slack's events.

``posted`` → :func:`bot.usecases.logbook.record_tagged`; ``post_edited`` and ``post_deleted`` →
:func:`~bot.usecases.logbook.revise`; ``reaction_added`` → :func:`~bot.usecases.logbook.note_reaction`.
Each gets an event id built from the post (``posted:<id>``, ``edited:<id>:<edit_at>``…), the same
whether it arrives live or is caught up after a gap, so a post seen twice is handled once.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from bot.core import Core
from bot.domain.incident import MessageRef
from bot.usecases import logbook

PLATFORM = "mattermost"
HANDLED = frozenset({"posted", "post_edited", "post_deleted", "reaction_added"})


def _object(value: object) -> dict[str, Any]:
    """``data.post`` / ``data.reaction`` arrive as JSON strings inside the event."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    return dict(value) if isinstance(value, Mapping) else {}


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def moment(post: Mapping[str, Any]) -> int:
    """The latest server time a post carries (ms): when it was created, edited or deleted."""
    return max(_int(post.get(k)) for k in ("create_at", "update_at", "edit_at", "delete_at"))


def _by_a_person(post: Mapping[str, Any], bot_user_id: str) -> bool:
    props = post.get("props") if isinstance(post.get("props"), Mapping) else {}
    assert isinstance(props, Mapping)
    return (bool(post.get("user_id")) and post.get("user_id") != bot_user_id and not post.get("type")
            and not props.get("from_bot") and not props.get("from_webhook"))


def _ref(post: Mapping[str, Any]) -> MessageRef:
    return MessageRef(str(post.get("channel_id") or ""), str(post.get("id") or ""))


def _root(post: Mapping[str, Any]) -> str | None:
    """The thread a post is in (a weak event's helpdesk thread), ``None`` for a post of its own."""
    root = post.get("root_id")
    return root if isinstance(root, str) and root else None


def handle_event(core: Core, bot_user_id: str, event: Mapping[str, Any]) -> int:
    """Hand one websocket event to the core; return its server time (ms), 0 when it carries none."""
    kind = event.get("event")
    data = event.get("data") if isinstance(event.get("data"), Mapping) else {}
    assert isinstance(data, Mapping)
    if kind in ("posted", "post_edited", "post_deleted"):
        post = _object(data.get("post"))
        if not post.get("id") or not _by_a_person(post, bot_user_id):
            return moment(post)
        ref = _ref(post)
        if kind == "posted":
            logbook.record_tagged(core, PLATFORM, ref, str(post["user_id"]), str(post.get("message") or ""),
                                  f"posted:{ref.message_id}", _root(post))
        elif kind == "post_edited":
            logbook.revise(core, PLATFORM, ref, str(post.get("message") or ""),
                           f"edited:{ref.message_id}:{_int(post.get('edit_at'))}")
        else:
            logbook.revise(core, PLATFORM, ref, None, f"deleted:{ref.message_id}")
        return moment(post)
    if kind == "reaction_added":
        reaction = _object(data.get("reaction"))
        broadcast = event.get("broadcast") if isinstance(event.get("broadcast"), Mapping) else {}
        assert isinstance(broadcast, Mapping)
        channel = str(broadcast.get("channel_id") or reaction.get("channel_id") or "")
        note(core, bot_user_id, channel, reaction)
        return _int(reaction.get("create_at"))
    return 0


def note(core: Core, bot_user_id: str, channel_id: str, reaction: Mapping[str, Any]) -> None:
    user, post_id, emoji = (str(reaction.get(k) or "") for k in ("user_id", "post_id", "emoji_name"))
    if channel_id and post_id and emoji and user != bot_user_id:
        logbook.note_reaction(core, PLATFORM, MessageRef(channel_id, post_id), emoji,
                              f"reaction:{post_id}:{user}:{emoji}")


def catch_up_post(core: Core, bot_user_id: str, post: Mapping[str, Any]) -> None:
    """A post as it is now (read through the API after a gap): whatever of it was missed."""
    if not post.get("id"):
        return
    ref = _ref(post)
    if _by_a_person(post, bot_user_id):
        if _int(post.get("delete_at")):
            logbook.revise(core, PLATFORM, ref, None, f"deleted:{ref.message_id}")
            return
        message = str(post.get("message") or "")
        logbook.record_tagged(core, PLATFORM, ref, str(post["user_id"]), message, f"posted:{ref.message_id}",
                              _root(post))
        if _int(post.get("edit_at")):
            logbook.revise(core, PLATFORM, ref, message, f"edited:{ref.message_id}:{_int(post.get('edit_at'))}")
    if _int(post.get("delete_at")):
        return
    metadata = post.get("metadata") if isinstance(post.get("metadata"), Mapping) else {}
    assert isinstance(metadata, Mapping)
    for reaction in metadata.get("reactions") or []:
        if isinstance(reaction, Mapping):
            note(core, bot_user_id, ref.channel_id, reaction)
