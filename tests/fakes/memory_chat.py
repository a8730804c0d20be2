"""An in-memory ``ChatPort``: records what the core asks of the chat (core tests, contract tests)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field

from bot.domain.incident import MessageRef
from bot.ports import ChatError
from bot.ports import ChatUnavailable
from bot.ports import NameTaken
from bot.specs import MessageSpec

BOT = "sirene"
"""The bot's own user id in the in-memory chat."""


@dataclass
class PostedMessage:
    ref: MessageRef
    spec: MessageSpec
    thread_id: str | None
    history: list[MessageSpec] = field(default_factory=list)


class MemoryChat:
    def __init__(self, platform: str = "sandbox") -> None:
        self.platform = platform
        self._ids = itertools.count(1)
        self.channels: dict[str, dict[str, object]] = {}
        self.messages: dict[MessageRef, PostedMessage] = {}
        self.ephemerals: list[tuple[str, str, MessageSpec]] = []
        self.direct: list[tuple[str, MessageSpec]] = []
        self.reactions: list[tuple[MessageRef, str]] = []
        self.pins: list[MessageRef] = []
        self.users_by_email: dict[str, str] = {}
        self.texts: dict[MessageRef, tuple[str, str]] = {}
        self.files: list[tuple[str, str, bytes, str]] = []
        self.languages: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.lose_answers = 0
        """Posts still to be made whose answer is then lost (the post is made; the caller sees an outage)."""
        self.lookups: list[tuple[str, str]] = []
        self.lose_channel_answers = 0
        """Channels still to be created whose answer is then lost (created; the caller sees an outage)."""

    def _next(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids)}"

    def post_message(self, channel_id: str, spec: MessageSpec, thread_id: str | None = None) -> MessageRef:
        if self.channels.get(channel_id, {}).get("archived"):
            raise ChatError("is_archived")
        ref = MessageRef(channel_id, self._next("m"))
        self.messages[ref] = PostedMessage(ref, spec, thread_id)
        if self.lose_answers:
            self.lose_answers -= 1
            raise ChatUnavailable("answer lost")
        return ref

    def update_message(self, ref: MessageRef, spec: MessageSpec) -> None:
        if ref not in self.messages:
            raise ChatError("message_not_found")
        posted = self.messages[ref]
        posted.history.append(posted.spec)
        posted.spec = spec

    def post_ephemeral(self, channel_id: str, user_id: str, spec: MessageSpec) -> None:
        self.ephemerals.append((channel_id, user_id, spec))

    def send_direct(self, user_id: str, spec: MessageSpec) -> MessageRef:
        self.direct.append((user_id, spec))
        return self.post_message(f"D-{user_id}", spec)

    def direct_to(self, user_id: str) -> list[MessageSpec]:
        """The direct messages to ``user_id`` as they read now (updates applied)."""
        return [m.spec for m in self.messages.values() if m.ref.channel_id == f"D-{user_id}"]

    def create_channel(self, name: str, private: bool) -> str:
        return self.add_channel(name, private, creator=BOT)

    def find_own_channel(self, name: str) -> str | None:
        return next((cid for cid, c in self.channels.items()
                     if c["name"] == name and c["creator"] == BOT and not c["archived"]), None)

    def invite(self, channel_id: str, user_ids: Sequence[str]) -> None:
        members = self.channels[channel_id]["members"]
        assert isinstance(members, set)
        members.update(user_ids)

    def set_header(self, channel_id: str, text: str) -> None:
        self.channels[channel_id]["topic"] = text

    def pin(self, ref: MessageRef) -> None:
        self.pins.append(ref)

    def add_reaction(self, ref: MessageRef, name: str) -> None:
        self.reactions.append((ref, name))

    def archive_channel(self, channel_id: str) -> None:
        self.channels[channel_id]["archived"] = True

    def permalink(self, ref: MessageRef) -> str | None:
        return f"https://chat.example/{ref.channel_id}/{ref.message_id}"

    def find_user_by_email(self, email: str) -> str | None:
        return self.users_by_email.get(email)

    def fetch_message(self, ref: MessageRef) -> tuple[str, str] | None:
        return self.texts.get(ref)

    def upload_file(self, channel_id: str, filename: str, content: bytes, title: str,
                    thread_id: str | None = None) -> None:
        self.files.append((channel_id, filename, content, title))

    def user_language(self, user_id: str) -> str | None:
        return self.languages.get(user_id)

    def user_display_name(self, user_id: str) -> str | None:
        return self.names.get(user_id)

    def find_posted(self, channel_id: str, marker: str, thread_id: str | None = None) -> MessageRef | None:
        self.lookups.append((channel_id, marker))
        return next((m.ref for m in self.messages.values()
                     if m.ref.channel_id == channel_id and m.spec.marker == marker and m.thread_id == thread_id), None)

    def find_direct(self, user_id: str, marker: str) -> MessageRef | None:
        return self.find_posted(f"D-{user_id}", marker)

    # ---- helpers for tests ------------------------------------------------------------

    def add_channel(self, name: str, private: bool = False, creator: str = "someone") -> str:
        """A channel made by ``creator`` (a person unless it is :data:`BOT`)."""
        if any(c["name"] == name for c in self.channels.values()):
            raise NameTaken()
        channel_id = self._next("C")
        self.channels[channel_id] = {"name": name, "private": private, "members": set(), "topic": "",
                                     "archived": False, "creator": creator}
        if creator == BOT and self.lose_channel_answers:
            self.lose_channel_answers -= 1
            raise ChatUnavailable("answer lost")
        return channel_id

    def in_channel(self, channel_id: str) -> list[PostedMessage]:
        return [m for m in self.messages.values() if m.ref.channel_id == channel_id]

    def channel_named(self, prefix: str) -> str | None:
        return next((cid for cid, c in self.channels.items() if str(c["name"]).startswith(prefix)), None)
