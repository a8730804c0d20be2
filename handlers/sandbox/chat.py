"""The sandbox's ``ChatPort``: what the core asks of the chat, done on the sandbox's own store.

Every change wakes the browsers (:class:`handlers.sandbox.live.Live`). Errors read like a platform's:
an archived or unknown channel is a :class:`ChatError`, a taken name :class:`NameTaken`.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Sequence
from datetime import UTC
from datetime import datetime
from urllib.parse import urlencode

from bot.domain.incident import MessageRef
from bot.ports import ChatError
from bot.ports import NameTaken
from bot.sandbox_store import ChannelKind
from bot.sandbox_store import SandboxChannel
from bot.sandbox_store import SandboxStore
from bot.specs import MessageSpec
from handlers.sandbox.codec import encode_message
from handlers.sandbox.live import Live
from handlers.sandbox.people import BOT
from handlers.sandbox.people import EMPLOYEE
from handlers.sandbox.people import EMPLOYEE_NAME


def direct_channel_id(user_id: str) -> str:
    return f"D-{user_id}"


def message_number(ref: MessageRef) -> int:
    if not ref.message_id.isdigit():
        raise ChatError("message_not_found")
    return int(ref.message_id)


RECENT_MESSAGES = 60

class SandboxChat:
    platform = "sandbox"

    def __init__(self, store: SandboxStore, live: Live, base_url: str, emails: Mapping[str, str]) -> None:
        """``emails``: the sandbox user id of each e-mail address (the plan's people)."""
        self._store = store
        self._live = live
        self._emails = {email.strip().casefold(): user_id for email, user_id in emails.items()}
        self._languages = store.languages()
        """Kept in memory too: the core asks for it inside its transactions, so it must not touch the database."""
        self._base_url = base_url.rstrip("/")
        self._names = {EMPLOYEE: EMPLOYEE_NAME}

    def _open_channel(self, channel_id: str) -> SandboxChannel:
        channel = self._store.channel(channel_id)
        if channel is None:
            raise ChatError("channel_not_found")
        if channel.archived:
            raise ChatError("is_archived")
        return channel

    def post_message(self, channel_id: str, spec: MessageSpec, thread_id: str | None = None) -> MessageRef:
        self._open_channel(channel_id)
        message, _ = self._store.post(channel_id, BOT, spec.summary, datetime.now(UTC), spec=encode_message(spec),
                                      thread_id=thread_id)
        self._live.changed()
        return MessageRef(channel_id, str(message.id))

    def update_message(self, ref: MessageRef, spec: MessageSpec) -> None:
        if not self._store.replace(message_number(ref), spec.summary, encode_message(spec)):
            raise ChatError("message_not_found")
        self._live.changed()

    def post_ephemeral(self, channel_id: str, user_id: str, spec: MessageSpec) -> None:
        if self._store.channel(channel_id) is None:
            raise ChatError("channel_not_found")
        self._store.post(channel_id, BOT, spec.summary, datetime.now(UTC), spec=encode_message(spec),
                         visible_to=user_id)
        self._live.changed()

    def find_posted(self, channel_id: str, marker: str, thread_id: str | None = None) -> MessageRef | None:
        """The bot's recent message carrying ``marker`` (the spec is stored with the message)."""
        if self._store.channel(channel_id) is None:
            return None
        for message in self._store.messages(channel_id, BOT, RECENT_MESSAGES):
            if message.author_id == BOT and message.spec and message.spec.get("marker") == marker:
                return MessageRef(channel_id, str(message.id))
        return None

    def find_direct(self, user_id: str, marker: str) -> MessageRef | None:
        return self.find_posted(direct_channel_id(user_id), marker)

    def send_direct(self, user_id: str, spec: MessageSpec) -> MessageRef:
        channel_id = direct_channel_id(user_id)
        self._store.ensure_channel(channel_id, f"dm-{user_id}", ChannelKind.DIRECT)
        self._store.add_members(channel_id, [user_id])
        return self.post_message(channel_id, spec)

    def create_channel(self, name: str, private: bool) -> str:
        channel_id = self._store.create_channel(name, ChannelKind.PRIVATE if private else ChannelKind.PUBLIC)
        if channel_id is None:
            raise NameTaken()
        self._live.changed()
        return channel_id

    def find_own_channel(self, name: str) -> str | None:
        """In the sandbox only Sirene creates channels (people cannot): a live public or private channel of that
        name is its own, e.g. one whose id a kill -9 kept from being stored. (The helpdesk it seeds at start is
        its own too; no incident channel is named like it.)"""
        channel = self._store.channel_by_name(name)
        if channel is None or channel.archived or channel.kind is ChannelKind.DIRECT:
            return None
        return channel.id

    def invite(self, channel_id: str, user_ids: Sequence[str]) -> None:
        self._open_channel(channel_id)
        self._store.add_members(channel_id, list(user_ids))
        self._live.changed()

    def set_header(self, channel_id: str, text: str) -> None:
        self._open_channel(channel_id)
        self._store.set_topic(channel_id, text)
        self._live.changed()

    def pin(self, ref: MessageRef) -> None:
        self._store.pin(message_number(ref))
        self._live.changed()

    def add_reaction(self, ref: MessageRef, name: str) -> None:
        if self._store.message(message_number(ref)) is None:
            raise ChatError("message_not_found")
        self._store.react(message_number(ref), BOT, name)
        self._live.changed()

    def archive_channel(self, channel_id: str) -> None:
        if self._store.channel(channel_id) is None:
            raise ChatError("channel_not_found")
        self._store.archive(channel_id)
        self._live.changed()

    def permalink(self, ref: MessageRef) -> str | None:
        query = urlencode({"channel": ref.channel_id, "message": ref.message_id})
        return f"{self._base_url}/?{query}#m{ref.message_id}"

    def find_user_by_email(self, email: str) -> str | None:
        return self._emails.get(email.strip().casefold())

    def fetch_message(self, ref: MessageRef) -> tuple[str, str] | None:
        if not ref.message_id.isdigit():
            return None
        message = self._store.message(int(ref.message_id))
        if message is None or message.deleted or message.channel_id != ref.channel_id:
            return None
        return message.author_id, message.text

    def upload_file(self, channel_id: str, filename: str, content: bytes, title: str,
                    thread_id: str | None = None) -> None:
        self._open_channel(channel_id)
        file_id = self._store.add_file(channel_id, filename, title, content, datetime.now(UTC))
        self._store.post(channel_id, BOT, title, datetime.now(UTC), thread_id=thread_id, file_id=file_id)
        self._live.changed()

    def user_language(self, user_id: str) -> str | None:
        return self._languages.get(user_id)

    def user_display_name(self, user_id: str) -> str | None:
        return self._names.get(user_id)

    def set_language(self, user_id: str, language: str | None) -> None:
        """What the sandbox's language menu does (a platform's own user setting)."""
        self._store.set_language(user_id, language)
        if language:
            self._languages[user_id] = language
        else:
            self._languages.pop(user_id, None)
