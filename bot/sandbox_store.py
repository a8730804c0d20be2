"""What the local sandbox (a chat platform of our own, served in the browser) keeps: its channels, their
members, messages, reactions, shared files, open forms and each user's language.

The sandbox's ``ChatPort`` (``handlers/sandbox``) writes here; ``storage/`` implements it on the same
database as the incidents, so a restart loses no message. The core itself never uses this port.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from typing import Protocol


class ChannelKind(StrEnum):
    PUBLIC = "public"
    PRIVATE = "private"
    DIRECT = "direct"


@dataclass(frozen=True)
class SandboxChannel:
    id: str
    name: str
    kind: ChannelKind
    topic: str = ""
    archived: bool = False
    members: frozenset[str] = frozenset()

    def visible_to(self, user_id: str) -> bool:
        return self.kind is ChannelKind.PUBLIC or user_id in self.members


@dataclass(frozen=True)
class Reaction:
    name: str
    user_id: str


@dataclass(frozen=True)
class SandboxMessage:
    id: int
    channel_id: str
    author_id: str
    text: str
    """What a person wrote, or the plain-text summary of the bot's message."""
    posted_at: datetime
    spec: dict[str, Any] | None = None
    """The bot's message as the neutral spec (encoded), rendered when shown."""
    thread_id: str | None = None
    visible_to: str | None = None
    """Set for an ephemeral message: only this user sees it."""
    edited: bool = False
    deleted: bool = False
    pinned: bool = False
    file_id: int | None = None
    reactions: tuple[Reaction, ...] = ()


@dataclass(frozen=True)
class SandboxFile:
    id: int
    channel_id: str
    filename: str
    title: str
    content: bytes


@dataclass(frozen=True)
class SandboxForm:
    id: int
    user_id: str
    channel_id: str | None
    spec: dict[str, Any]
    closed: bool = False


class SandboxStore(Protocol):
    def ensure_channel(self, channel_id: str, name: str, kind: ChannelKind) -> None: ...

    def create_channel(self, name: str, kind: ChannelKind, members: Sequence[str] = ()) -> str | None:
        """The new channel's id, or ``None`` when the name is taken."""
        ...

    def channel(self, channel_id: str) -> SandboxChannel | None: ...

    def channel_by_name(self, name: str) -> SandboxChannel | None: ...

    def channels(self) -> list[SandboxChannel]: ...

    def add_members(self, channel_id: str, user_ids: Sequence[str]) -> None: ...

    def set_topic(self, channel_id: str, topic: str) -> None: ...

    def archive(self, channel_id: str) -> None: ...

    def post(self, channel_id: str, author_id: str, text: str, posted_at: datetime, *,
             spec: dict[str, Any] | None = None, thread_id: str | None = None, visible_to: str | None = None,
             file_id: int | None = None, client_key: str | None = None) -> tuple[SandboxMessage, bool]:
        """Store a message; with ``client_key`` a second post of the same key returns the first (``False``)."""
        ...

    def message(self, message_id: int) -> SandboxMessage | None: ...

    def messages(self, channel_id: str, viewer: str, limit: int) -> list[SandboxMessage]:
        """The last ``limit`` messages of a channel that ``viewer`` may see, oldest first."""
        ...

    def replace(self, message_id: int, text: str, spec: dict[str, Any] | None) -> bool:
        """Edit a message (text, and spec for the bot's); ``False`` when it is gone."""
        ...

    def delete(self, message_id: int) -> bool: ...

    def pin(self, message_id: int) -> None: ...

    def react(self, message_id: int, user_id: str, name: str) -> bool:
        """Add a reaction; ``False`` when that user already reacted so."""
        ...

    def add_file(self, channel_id: str, filename: str, title: str, content: bytes, uploaded_at: datetime) -> int: ...

    def file(self, file_id: int) -> SandboxFile | None: ...

    def open_form(self, user_id: str, channel_id: str | None, spec: dict[str, Any], opened_at: datetime) -> int: ...

    def form(self, form_id: int) -> SandboxForm | None: ...

    def replace_form(self, form_id: int, spec: dict[str, Any]) -> None:
        """The next step of a multi-step form replaces the current one."""
        ...

    def close_form(self, form_id: int) -> None: ...

    def set_language(self, user_id: str, language: str | None) -> None: ...

    def language(self, user_id: str) -> str | None: ...

    def languages(self) -> dict[str, str]:
        """Every user's chosen language."""
        ...
