"""What the fake Mattermost keeps: users, a team, channels with members, posts, reactions, dialogs."""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass
from dataclasses import field
from typing import Any

Json = dict[str, Any]
_ALPHABET = string.ascii_lowercase + string.digits


def new_id() -> str:
    """A Mattermost id: 26 lowercase letters and digits."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(26))


@dataclass
class User:
    id: str
    username: str
    email: str
    locale: str = "en"
    is_bot: bool = False

    def to_json(self) -> Json:
        return {"id": self.id, "username": self.username, "email": self.email, "locale": self.locale,
                "first_name": self.username.title(), "last_name": "", "nickname": "", "roles": "system_user",
                "create_at": 1, "update_at": 1, "delete_at": 0, "is_bot": self.is_bot}


@dataclass
class Channel:
    id: str
    team_id: str
    name: str
    display_name: str
    type: str  # O public, P private, D direct
    creator_id: str = ""
    header: str = ""
    members: set[str] = field(default_factory=set)
    delete_at: int = 0

    @property
    def is_private(self) -> bool:
        return self.type == "P"

    @property
    def archived(self) -> bool:
        return self.delete_at > 0

    def to_json(self) -> Json:
        return {"id": self.id, "team_id": self.team_id, "name": self.name, "display_name": self.display_name,
                "type": self.type, "header": self.header, "purpose": "", "creator_id": self.creator_id,
                "create_at": 1, "update_at": 1, "delete_at": self.delete_at}


@dataclass
class Reaction:
    user_id: str
    post_id: str
    emoji_name: str
    create_at: int

    def to_json(self) -> Json:
        return {"user_id": self.user_id, "post_id": self.post_id, "emoji_name": self.emoji_name,
                "create_at": self.create_at}


@dataclass
class Post:
    id: str
    channel_id: str
    user_id: str
    message: str
    create_at: int
    props: Json = field(default_factory=dict)
    root_id: str = ""
    update_at: int = 0
    edit_at: int = 0
    delete_at: int = 0
    is_pinned: bool = False
    file_ids: list[str] = field(default_factory=list)
    reactions: list[Reaction] = field(default_factory=list)
    type: str = ""

    def to_json(self) -> Json:
        return {"id": self.id, "channel_id": self.channel_id, "user_id": self.user_id, "message": self.message,
                "create_at": self.create_at, "update_at": self.update_at or self.create_at,
                "edit_at": self.edit_at, "delete_at": self.delete_at, "root_id": self.root_id,
                "original_id": "", "type": self.type, "props": self.props, "hashtag": "", "is_pinned": self.is_pinned,
                "file_ids": list(self.file_ids), "pending_post_id": "",
                "metadata": {"reactions": [r.to_json() for r in self.reactions]} if self.reactions else {}}

    @property
    def attachments(self) -> list[Json]:
        found = self.props.get("attachments")
        return found if isinstance(found, list) else []

    def text(self) -> str:
        """Everything a reader sees: the message and the attachments' text and fields."""
        parts = [self.message]
        for attachment in self.attachments:
            parts.append(str(attachment.get("text") or ""))
            parts.extend(f"{f.get('title')}: {f.get('value')}" for f in attachment.get("fields") or [])
        return "\n".join(p for p in parts if p)

    def actions(self) -> list[Json]:
        return [action for attachment in self.attachments for action in attachment.get("actions") or []]


@dataclass
class Ephemeral:
    user_id: str
    channel_id: str
    message: str
    props: Json

    def text(self) -> str:
        post = Post("", self.channel_id, "", self.message, 0, self.props)
        return post.text()


@dataclass
class Dialog:
    trigger_id: str
    user_id: str
    url: str
    dialog: Json


@dataclass
class Command:
    id: str
    team_id: str
    trigger: str
    url: str
    method: str
    token: str
    creator_id: str
    extra: Json = field(default_factory=dict)

    def to_json(self) -> Json:
        return {"id": self.id, "team_id": self.team_id, "trigger": self.trigger, "url": self.url,
                "method": self.method, "token": self.token, "creator_id": self.creator_id, "delete_at": 0,
                **self.extra}
