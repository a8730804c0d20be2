"""The chat platform as the core sees it: :class:`ChatPort`, implemented by each platform adapter (Slack,
Mattermost, the sandbox), and the errors it raises."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bot.domain.incident import MessageRef
from bot.specs import MessageSpec


class ChatError(Exception):
    """A platform call failed in a way retrying will not fix (bad request, not allowed)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class ChatUnavailable(Exception):
    """The platform is busy or unreachable; try again later (``retry_after`` seconds if known)."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class NameTaken(ChatError):
    def __init__(self) -> None:
        super().__init__("name_taken")


class ChatPort(Protocol):
    platform: str

    def post_message(self, channel_id: str, spec: MessageSpec, thread_id: str | None = None) -> MessageRef: ...

    def update_message(self, ref: MessageRef, spec: MessageSpec) -> None: ...

    def post_ephemeral(self, channel_id: str, user_id: str, spec: MessageSpec) -> None: ...

    def send_direct(self, user_id: str, spec: MessageSpec) -> MessageRef: ...

    def create_channel(self, name: str, private: bool) -> str:
        """Create a channel and return its id; raise :class:`NameTaken` when the name is used."""
        ...

    def find_own_channel(self, name: str) -> str | None:
        """The id of the live (not archived) channel named ``name`` that the bot itself created, or ``None``
        (no such channel, or a person's): how a retry adopts the channel it created when the platform's answer
        to :meth:`create_channel` was lost, instead of creating a second one under another name."""
        ...

    def invite(self, channel_id: str, user_ids: Sequence[str]) -> None: ...

    def set_header(self, channel_id: str, text: str) -> None: ...

    def pin(self, ref: MessageRef) -> None: ...

    def add_reaction(self, ref: MessageRef, name: str) -> None: ...

    def archive_channel(self, channel_id: str) -> None: ...

    def permalink(self, ref: MessageRef) -> str | None: ...

    def find_user_by_email(self, email: str) -> str | None: ...

    def fetch_message(self, ref: MessageRef) -> tuple[str, str] | None:
        """The author's id and the text of a message, or ``None`` when it is gone."""
        ...

    def upload_file(self, channel_id: str, filename: str, content: bytes, title: str,
                    thread_id: str | None = None) -> None:
        """Share a file (an export) in a channel."""
        ...

    def user_language(self, user_id: str) -> str | None:
        """The user's language as the platform knows it (``nl``, ``fr``, ``en``…), if it says."""
        ...

    def user_display_name(self, user_id: str) -> str | None:
        """How the platform shows the user (display name, else full name, else user name), as the platform
        gives it (not neutralised: :func:`bot.people.neutral_name`), or ``None`` when it cannot say."""
        ...

    def find_posted(self, channel_id: str, marker: str, thread_id: str | None = None) -> MessageRef | None:
        """A recent message of the bot in the channel (or the thread) that carries ``marker`` (the spec's
        ``marker`` as it was posted), or ``None``: how a retry learns that a post whose answer was lost
        did arrive, so that it is not posted twice."""
        ...

    def find_direct(self, user_id: str, marker: str) -> MessageRef | None:
        """:meth:`find_posted` in the direct conversation with ``user_id``."""
        ...
