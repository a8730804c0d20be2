"""State kept by FakeSlack: users, channels, messages, ephemerals, views, files and recorded calls."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from dataclasses import field
from typing import Any
from typing import Literal

Json = dict[str, Any]


class ManualClock:
    """A clock for ``FakeSlack(now=...)`` that only moves when told to."""

    def __init__(self, start: float = 1_767_225_600.0) -> None:  # 2026-01-01T00:00:00Z
        self._t = start

    def __call__(self) -> float:
        return self._t

    def advance(self, seconds: float) -> None:
        self._t += seconds


@dataclass
class User:
    id: str
    name: str
    email: str
    locale: str = "en-US"
    tz: str = "Europe/Brussels"
    real_name: str = ""
    is_bot: bool = False
    bot_id: str | None = None
    deleted: bool = False

    def to_slack(self, team_id: str, *, include_locale: bool = False, updated: int = 1_700_000_000) -> Json:
        real = self.real_name or self.name
        profile: Json = {
            "real_name": real,
            "real_name_normalized": real,
            "display_name": self.name,
            "display_name_normalized": self.name,
            "avatar_hash": "g0000000000a",
            "title": "",
            "phone": "",
            "skype": "",
            "status_text": "",
            "status_emoji": "",
            "fields": None,
            "team": team_id,
        }
        if not self.is_bot:
            profile["email"] = self.email
        else:
            profile["bot_id"] = self.bot_id
        user: Json = {
            "id": self.id,
            "team_id": team_id,
            "name": self.name,
            "deleted": self.deleted,
            "real_name": real,
            "tz": self.tz,
            "tz_label": _TZ_LABELS.get(self.tz, self.tz),
            "tz_offset": _TZ_OFFSETS.get(self.tz, 0),
            "profile": profile,
            "is_admin": False,
            "is_owner": False,
            "is_primary_owner": False,
            "is_restricted": False,
            "is_ultra_restricted": False,
            "is_bot": self.is_bot,
            "is_app_user": False,
            "updated": updated,
        }
        if include_locale:
            user["locale"] = self.locale
        return user


_TZ_LABELS = {"Europe/Brussels": "Central European Time", "UTC": "Coordinated Universal Time"}
_TZ_OFFSETS = {"Europe/Brussels": 3600, "UTC": 0}


@dataclass
class Channel:
    id: str
    name: str
    is_private: bool = False
    is_im: bool = False
    is_mpim: bool = False
    im_user: str | None = None
    topic: str = ""
    topic_creator: str = ""
    topic_last_set: int = 0
    purpose: str = ""
    members: list[str] = field(default_factory=list)
    archived: bool = False
    pins: list[str] = field(default_factory=list)
    created: int = 0
    creator: str = ""
    is_general: bool = False

    @property
    def channel_type(self) -> Literal["channel", "group", "im", "mpim"]:
        """The ``channel_type`` Slack puts in message events."""
        if self.is_im:
            return "im"
        if self.is_mpim:
            return "mpim"
        return "group" if self.is_private else "channel"

    def to_slack(self, *, viewer: str, include_num_members: bool = False) -> Json:
        if self.is_im:
            return {
                "id": self.id,
                "created": self.created,
                "is_im": True,
                "is_org_shared": False,
                "user": self.im_user or "",
                "priority": 0,
                "is_archived": self.archived,
                "is_open": True,
            }
        data: Json = {
            "id": self.id,
            "name": self.name,
            "is_channel": not self.is_mpim,
            "is_group": False,
            "is_im": False,
            "is_mpim": self.is_mpim,
            "is_private": self.is_private,
            "created": self.created,
            "is_archived": self.archived,
            "is_general": self.is_general,
            "unlinked": 0,
            "name_normalized": self.name,
            "is_shared": False,
            "is_org_shared": False,
            "is_pending_ext_shared": False,
            "pending_shared": [],
            "parent_conversation": None,
            "creator": self.creator,
            "is_ext_shared": False,
            "shared_team_ids": [],
            "pending_connected_team_ids": [],
            "is_member": viewer in self.members,
            "topic": {"value": self.topic, "creator": self.topic_creator, "last_set": self.topic_last_set},
            "purpose": {"value": self.purpose, "creator": "", "last_set": 0},
            "previous_names": [],
        }
        if include_num_members:
            data["num_members"] = len(self.members)
        return data


_MENTION = re.compile(r"<@([UW][A-Z0-9]+)>|<#([CG][A-Z0-9]+)(?:\|([^>]*))?>")


def rich_text_blocks(text: str) -> list[Json]:
    """The ``rich_text`` block Slack's client attaches to a typed message (mentions kept)."""
    elements: list[Json] = []
    pos = 0
    for m in _MENTION.finditer(text):
        if m.start() > pos:
            elements.append({"type": "text", "text": text[pos : m.start()]})
        if m.group(1):
            elements.append({"type": "user", "user_id": m.group(1)})
        else:
            elements.append({"type": "channel", "channel_id": m.group(2)})
        pos = m.end()
    if pos < len(text):
        elements.append({"type": "text", "text": text[pos:]})
    return [
        {
            "type": "rich_text",
            "block_id": secrets.token_hex(2),
            "elements": [{"type": "rich_text_section", "elements": elements}],
        }
    ]


@dataclass
class Message:
    channel: str
    ts: str
    text: str = ""
    blocks: list[Json] | None = None
    attachments: list[Json] | None = None
    user: str | None = None
    bot_id: str | None = None
    app_id: str | None = None
    team: str | None = None
    thread_ts: str | None = None
    parent_user_id: str | None = None
    reply_broadcast: bool = False
    reactions: dict[str, list[str]] = field(default_factory=dict)
    edited: Json | None = None
    files: list[Json] | None = None
    subtype: str | None = None
    client_msg_id: str | None = None
    bot_profile: Json | None = None

    @property
    def is_bot(self) -> bool:
        return self.bot_id is not None

    def to_slack(self) -> Json:
        """The message object as Slack's API and payloads show it."""
        data: Json = {"type": "message"}
        if self.subtype:
            data["subtype"] = self.subtype
        data["text"] = self.text
        if self.user:
            data["user"] = self.user
        if self.bot_id:
            data["bot_id"] = self.bot_id
        if self.app_id:
            data["app_id"] = self.app_id
        data["ts"] = self.ts
        if self.team:
            data["team"] = self.team
        if self.client_msg_id:
            data["client_msg_id"] = self.client_msg_id
        if self.bot_profile:
            data["bot_profile"] = self.bot_profile
        if self.blocks is not None:
            data["blocks"] = self.blocks
        if self.attachments:
            data["attachments"] = self.attachments
        if self.files:
            data["files"] = self.files
            data["upload"] = True
        if self.thread_ts:
            data["thread_ts"] = self.thread_ts
            if self.parent_user_id:
                data["parent_user_id"] = self.parent_user_id
        if self.edited:
            data["edited"] = self.edited
        if self.reactions:
            data["reactions"] = [
                {"name": name, "users": list(users), "count": len(users)}
                for name, users in self.reactions.items()
                if users
            ]
        return data


@dataclass
class Ephemeral:
    channel: str
    user: str
    message_ts: str
    text: str = ""
    blocks: list[Json] | None = None
    attachments: list[Json] | None = None
    thread_ts: str | None = None
    #: "chat.postEphemeral" or "response_url"
    source: str = "chat.postEphemeral"
    deleted: bool = False

    def to_slack(self) -> Json:
        data: Json = {"type": "message", "text": self.text, "ts": self.message_ts}
        if self.blocks is not None:
            data["blocks"] = self.blocks
        if self.attachments:
            data["attachments"] = self.attachments
        return data


@dataclass
class View:
    """A modal as Slack stores it; ``view`` is the full view object Slack returns and sends."""

    id: str
    user_id: str | None
    view: Json
    is_open: bool = True
    history: list[Json] = field(default_factory=list)

    @property
    def hash(self) -> str:
        return str(self.view["hash"])

    @property
    def callback_id(self) -> str:
        return str(self.view.get("callback_id", ""))

    @property
    def private_metadata(self) -> str:
        return str(self.view.get("private_metadata", ""))

    @property
    def blocks(self) -> list[Json]:
        return list(self.view.get("blocks") or [])

    @property
    def title(self) -> str:
        return str((self.view.get("title") or {}).get("text", ""))


@dataclass
class UploadedFile:
    id: str
    filename: str
    length: int
    alt_txt: str | None = None
    content: bytes | None = None
    title: str | None = None
    channel_id: str | None = None
    initial_comment: str | None = None
    thread_ts: str | None = None
    completed: bool = False


@dataclass
class Call:
    """One Web API call as the fake received it."""

    method: str
    args: Json
    at: float
    http_status: int = 200
    response: Json | None = None
    token: str | None = None
    http_verb: str = "POST"
    #: The ``team_id`` default param slack_sdk / Bolt add to every call, when present.
    team_id: str | None = None

    @property
    def ok(self) -> bool:
        return bool(self.response and self.response.get("ok"))

    @property
    def error(self) -> str | None:
        if self.response is None:
            return None
        err = self.response.get("error")
        return str(err) if err is not None else None


@dataclass
class ResponseUrl:
    """A response_url the fake issued (for a slash command, a click or a shortcut)."""

    id: str
    channel_id: str
    user_id: str
    message_ts: str | None = None
    is_ephemeral: bool = False
    uses: int = 0


@dataclass
class ResponseUrlPost:
    url_id: str
    body: Json
    at: float
    status: int = 200
