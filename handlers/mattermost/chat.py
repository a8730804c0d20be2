"""The Mattermost ``ChatPort``: the core's chat operations as REST API v4 calls."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from bot.domain.incident import MessageRef
from bot.ports import ChatError
from bot.ports import NameTaken
from bot.specs import MessageSpec
from handlers.mattermost.api import MattermostApi
from handlers.mattermost.names import ApiNames
from handlers.mattermost.render_message import Callback
from handlers.mattermost.render_message import render_post
from handlers.mattermost.render_text import escape
from handlers.mattermost.render_text import truncate

log = logging.getLogger("sirene.mattermost")

CHANNEL_NAME_MAX = 64
DISPLAY_NAME_MAX = 64
HEADER_MAX = 1024
NAME_EXISTS = "store.sql_channel.save_channel.exists.app_error"
ALREADY_DELETED = "api.channel.delete_channel.deleted.app_error"
_INVALID = re.compile(r"[^a-z0-9_-]+")


def channel_name(name: str) -> str:
    """The core's channel name as Mattermost takes it: ``[a-z0-9_-]``, at most 64 characters.

    A longer name keeps its last part (the ``-2`` of a second attempt stays, so attempts differ).
    """
    clean = _INVALID.sub("-", name.lower()).strip("-_") or "incident"
    if len(clean) <= CHANNEL_NAME_MAX:
        return clean
    head, _, tail = clean.rpartition("-")
    if not head or len(tail) > 8:
        return clean[:CHANNEL_NAME_MAX].rstrip("-_")
    return f"{head[: CHANNEL_NAME_MAX - len(tail) - 1].rstrip('-_')}-{tail}"


MARKER_PROP = "sirene_marker"
RECENT_POSTS = 60

class MattermostChat:
    platform = "mattermost"

    def __init__(self, api: MattermostApi, team_id: str, team_name: str, bot_user_id: str, callback: Callback,
                 names: ApiNames | None = None) -> None:
        self.api = api
        self.team_id = team_id
        self.team_name = team_name
        self.bot_user_id = bot_user_id
        self.callback = callback
        self.names = names or ApiNames(api)

    def render(self, spec: MessageSpec) -> dict[str, Any]:
        rendered = render_post(spec, self.names, self.callback)
        if spec.marker:  # how a retried job recognises a post whose answer was lost (see find_posted)
            rendered["props"][MARKER_PROP] = spec.marker
        return rendered

    def find_posted(self, channel_id: str, marker: str, thread_id: str | None = None) -> MessageRef | None:
        """The bot's recent post carrying ``marker`` (channel posts include thread replies)."""
        answer = self.api.call("GET", f"/channels/{channel_id}/posts", params={"per_page": RECENT_POSTS})
        posts = answer.get("posts") or {} if isinstance(answer, dict) else {}
        for post_id in answer.get("order") or [] if isinstance(answer, dict) else []:
            post = posts.get(post_id) or {}
            if post.get("user_id") == self.bot_user_id and (post.get("props") or {}).get(MARKER_PROP) == marker:
                return MessageRef(channel_id, str(post_id))
        return None

    def find_direct(self, user_id: str, marker: str) -> MessageRef | None:
        return self.find_posted(self.direct_channel(user_id), marker)

    def post_message(self, channel_id: str, spec: MessageSpec, thread_id: str | None = None) -> MessageRef:
        body = {"channel_id": channel_id, **self.render(spec)}
        if thread_id:
            body["root_id"] = thread_id
        post = self.api.call("POST", "/posts", json=body)
        return MessageRef(channel_id, str(post["id"]))

    def update_message(self, ref: MessageRef, spec: MessageSpec) -> None:
        self.api.call("PUT", f"/posts/{ref.message_id}/patch", json=self.render(spec))

    def post_ephemeral(self, channel_id: str, user_id: str, spec: MessageSpec) -> None:
        self.api.call("POST", "/posts/ephemeral",
                      json={"user_id": user_id, "post": {"channel_id": channel_id, **self.render(spec)}})

    def direct_channel(self, user_id: str) -> str:
        channel = self.api.call("POST", "/channels/direct", json=[self.bot_user_id, user_id])
        return str(channel["id"])

    def send_direct(self, user_id: str, spec: MessageSpec) -> MessageRef:
        return self.post_message(self.direct_channel(user_id), spec)

    def create_channel(self, name: str, private: bool) -> str:
        handle = channel_name(name)
        body = {"team_id": self.team_id, "name": handle, "display_name": truncate(name, DISPLAY_NAME_MAX),
                "type": "P" if private else "O"}
        try:
            channel = self.api.call("POST", "/channels", json=body)
        except ChatError as exc:
            if exc.code == NAME_EXISTS:
                raise NameTaken() from None
            raise
        self.names.remember_channel(str(channel["id"]), handle)
        return str(channel["id"])

    def find_own_channel(self, name: str) -> str | None:
        """The team's live channel of that name (``GET /teams/{team_id}/channels/name/{name}``: a deleted one is
        not found), if the bot created it; one the bot may not read (a person's private channel) is not its own."""
        handle = channel_name(name)
        try:
            channel = self.api.call("GET", f"/teams/{self.team_id}/channels/name/{quote(handle, safe='')}")
        except ChatError:
            return None
        if not isinstance(channel, dict) or channel.get("creator_id") != self.bot_user_id or channel.get("delete_at"):
            return None
        self.names.remember_channel(str(channel["id"]), handle)
        return str(channel["id"])

    def invite(self, channel_id: str, user_ids: Sequence[str]) -> None:
        refused: list[ChatError] = []
        for user_id in user_ids:  # one refused user must not keep the others out
            try:
                self.api.call("POST", f"/channels/{channel_id}/members", json={"user_id": user_id})
            except ChatError as exc:
                log.warning("could not add %s to %s: %s", user_id, channel_id, exc.code)
                refused.append(exc)
        if refused and len(refused) == len(user_ids):
            raise refused[0]

    def set_header(self, channel_id: str, text: str) -> None:
        self.api.call("PUT", f"/channels/{channel_id}/patch", json={"header": truncate(escape(text), HEADER_MAX)})

    def pin(self, ref: MessageRef) -> None:
        self.api.call("POST", f"/posts/{ref.message_id}/pin")

    def add_reaction(self, ref: MessageRef, name: str) -> None:
        self.api.call("POST", "/reactions",
                      json={"user_id": self.bot_user_id, "post_id": ref.message_id, "emoji_name": name})

    def archive_channel(self, channel_id: str) -> None:
        try:
            self.api.call("DELETE", f"/channels/{channel_id}")
        except ChatError as exc:
            if exc.code != ALREADY_DELETED:
                raise

    def permalink(self, ref: MessageRef) -> str | None:
        return f"{self.api.base_url}/{self.team_name}/pl/{ref.message_id}"

    def find_user_by_email(self, email: str) -> str | None:
        try:
            user = self.api.call("GET", f"/users/email/{quote(email, safe='@')}")
        except ChatError:
            return None
        return str(user["id"]) if isinstance(user, dict) and user.get("id") else None

    def fetch_message(self, ref: MessageRef) -> tuple[str, str] | None:
        try:
            post = self.api.call("GET", f"/posts/{ref.message_id}")
        except ChatError:
            return None
        if not isinstance(post, dict) or post.get("delete_at"):
            return None
        return str(post.get("user_id") or ""), str(post.get("message") or "")

    def upload_file(self, channel_id: str, filename: str, content: bytes, title: str,
                    thread_id: str | None = None) -> None:
        uploaded = self.api.call("POST", "/files", data={"channel_id": channel_id},
                                 files={"files": (filename, content, "application/octet-stream")})
        file_ids = [str(info["id"]) for info in (uploaded or {}).get("file_infos", [])]
        body: dict[str, Any] = {"channel_id": channel_id, "message": escape(title), "file_ids": file_ids}
        if thread_id:
            body["root_id"] = thread_id
        self.api.call("POST", "/posts", json=body)

    def user_language(self, user_id: str) -> str | None:
        try:
            user = self.api.call("GET", f"/users/{user_id}")
        except ChatError:
            return None
        locale = str((user or {}).get("locale") or "") if isinstance(user, dict) else ""
        return locale[:2].lower() or None

    def user_display_name(self, user_id: str) -> str | None:
        try:
            user = self.api.call("GET", f"/users/{user_id}")
        except ChatError:
            return None
        if not isinstance(user, dict):
            return None
        full = f"{user.get('first_name') or ''} {user.get('last_name') or ''}".strip()
        for name in (user.get("nickname"), full, user.get("username")):
            if isinstance(name, str) and name.strip():
                return name
        return None

    def open_dialog(self, trigger_id: str, url: str, dialog: dict[str, Any]) -> None:
        self.api.call("POST", "/actions/dialogs/open", json={"trigger_id": trigger_id, "url": url, "dialog": dialog})
