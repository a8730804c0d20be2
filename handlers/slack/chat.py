"""The Slack ``ChatPort``: the core's chat operations as Slack Web API calls (slack_sdk WebClient)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Sequence
from contextlib import contextmanager
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.errors import SlackClientError

from bot.domain.incident import MessageRef
from bot.ports import ChatError
from bot.ports import ChatUnavailable
from bot.ports import NameTaken
from bot.specs import MessageSpec
from handlers.slack.render import render_message
from handlers.slack.render_message import marker_block_id

log = logging.getLogger("sirene.slack")

HISTORY_LIMIT = 200
"""How many recent messages a retry looks through for a post whose answer was lost."""
CHANNELS_PAGE = 200
"""Conversations per page of ``users.conversations`` (Slack takes at most 1000)."""
CHANNELS_PAGES_MAX = 50
"""Pages looked through for a channel the bot created (10,000 channels of the bot's)."""

# Answers that mean "what you asked is already so": success for an idempotent job.
ALREADY_DONE = frozenset({"already_in_channel", "already_reacted", "already_archived", "already_pinned",
                          "cant_invite_self"})


@contextmanager
def slack_errors() -> Iterator[None]:
    """Translate slack_sdk's errors into the core's: retry later, or a permanent failure."""
    try:
        yield
    except SlackApiError as exc:
        status = exc.response.status_code
        error = str(exc.response.get("error", "")) if exc.response is not None else ""
        if status == 429 or error == "ratelimited":
            retry_after = exc.response.headers.get("Retry-After") or exc.response.headers.get("retry-after")
            raise ChatUnavailable("ratelimited", float(retry_after) if retry_after else None) from None
        if status >= 500 or error in {"fatal_error", "internal_error", "service_unavailable", "request_timeout"}:
            raise ChatUnavailable(error or f"http {status}") from None
        if error == "name_taken":
            raise NameTaken() from None
        if error in ALREADY_DONE:
            return
        raise ChatError(error or f"http {status}") from None
    except (SlackClientError, OSError) as exc:
        raise ChatUnavailable(type(exc).__name__) from None


class SlackChat:
    """The client must not retry calls on its own (no slack_sdk retry handlers): a ``chat.postMessage``
    repeated after a lost answer would post twice. The job runner retries, and looks first."""

    platform = "slack"

    def __init__(self, client: WebClient, workspace_url: str | None = None, bot_user_id: str | None = None) -> None:
        self._client = client
        self._workspace_url = workspace_url.rstrip("/") if workspace_url else None
        self._directs: dict[str, str] = {}
        self._bot_user_id = bot_user_id

    def bot_user_id(self) -> str:
        """The bot's own user id (``auth.test``'s ``user_id``, asked once when not given)."""
        if self._bot_user_id is None:
            self._bot_user_id = str(self._call(self._client.auth_test)["user_id"])
        return self._bot_user_id

    def _call(self, method: Callable[..., Any], **kwargs: Any) -> Any:
        with slack_errors():
            return method(**kwargs)
        return None

    def post_message(self, channel_id: str, spec: MessageSpec, thread_id: str | None = None) -> MessageRef:
        body = render_message(spec)
        extra = {"thread_ts": thread_id} if thread_id else {}
        response = self._call(self._client.chat_postMessage, channel=channel_id, text=body["text"],
                              blocks=body["blocks"], unfurl_links=False, unfurl_media=False, **extra)
        return MessageRef(response["channel"], response["ts"])

    def update_message(self, ref: MessageRef, spec: MessageSpec) -> None:
        body = render_message(spec)
        self._call(self._client.chat_update, channel=ref.channel_id, ts=ref.message_id, text=body["text"],
                   blocks=body["blocks"])

    def post_ephemeral(self, channel_id: str, user_id: str, spec: MessageSpec) -> None:
        body = render_message(spec)
        self._call(self._client.chat_postEphemeral, channel=channel_id, user=user_id, text=body["text"],
                   blocks=body["blocks"])

    def send_direct(self, user_id: str, spec: MessageSpec) -> MessageRef:
        return self.post_message(self._direct_channel(user_id), spec)

    def _direct_channel(self, user_id: str) -> str:
        """A person's direct conversation with the bot never changes: opened once, then remembered."""
        channel_id = self._directs.get(user_id)
        if channel_id is None:
            opened = self._call(self._client.conversations_open, users=user_id)
            channel_id = self._directs[user_id] = str(opened["channel"]["id"])
        return channel_id

    def create_channel(self, name: str, private: bool) -> str:
        response = self._call(self._client.conversations_create, name=name, is_private=private)
        return str(response["channel"]["id"])

    def find_own_channel(self, name: str) -> str | None:
        """Among the conversations the bot is a member of (``users.conversations``: a channel's creator is one,
        and there are far fewer than in ``conversations.list``), the live one named ``name``, if the bot made it."""
        cursor = ""
        for _ in range(CHANNELS_PAGES_MAX):
            extra = {"cursor": cursor} if cursor else {}
            response = self._call(self._client.users_conversations, types="public_channel,private_channel",
                                  exclude_archived=True, limit=CHANNELS_PAGE, **extra)
            for channel in (response or {}).get("channels", []):
                if channel.get("name") == name:
                    return str(channel["id"]) if channel.get("creator") == self.bot_user_id() else None
            cursor = str(((response or {}).get("response_metadata") or {}).get("next_cursor") or "")
            if not cursor:
                return None
        log.warning("no channel %s among the first %d pages of the bot's conversations", name, CHANNELS_PAGES_MAX)
        return None

    def invite(self, channel_id: str, user_ids: Sequence[str]) -> None:
        if not user_ids:
            return
        try:
            self._call(self._client.conversations_invite, channel=channel_id, users=",".join(user_ids))
        except ChatError:
            if len(user_ids) == 1:
                raise
            for user_id in user_ids:  # one refused user must not keep the others out
                try:
                    self._call(self._client.conversations_invite, channel=channel_id, users=user_id)
                except ChatError as exc:
                    log.warning("could not invite %s to %s: %s", user_id, channel_id, exc.code)

    def set_header(self, channel_id: str, text: str) -> None:
        self._call(self._client.conversations_setTopic, channel=channel_id, topic=text)

    def pin(self, ref: MessageRef) -> None:
        self._call(self._client.pins_add, channel=ref.channel_id, timestamp=ref.message_id)

    def add_reaction(self, ref: MessageRef, name: str) -> None:
        self._call(self._client.reactions_add, channel=ref.channel_id, timestamp=ref.message_id, name=name)

    def archive_channel(self, channel_id: str) -> None:
        self._call(self._client.conversations_archive, channel=channel_id)

    def permalink(self, ref: MessageRef) -> str | None:
        """Slack's permalink form (``…/archives/C…/p…``) when the workspace URL is known, else asked of Slack."""
        if self._workspace_url:
            return f"{self._workspace_url}/archives/{ref.channel_id}/p{ref.message_id.replace('.', '')}"
        response = self._call(self._client.chat_getPermalink, channel=ref.channel_id, message_ts=ref.message_id)
        return str(response["permalink"]) if response else None

    def find_user_by_email(self, email: str) -> str | None:
        try:
            response = self._call(self._client.users_lookupByEmail, email=email)
        except ChatError as exc:
            if exc.code == "users_not_found":
                return None
            raise
        return str(response["user"]["id"])

    def fetch_message(self, ref: MessageRef) -> tuple[str, str] | None:
        response = self._call(self._client.conversations_history, channel=ref.channel_id, latest=ref.message_id,
                              inclusive=True, limit=1)
        for message in response.get("messages", []) if response else []:
            if message.get("ts") == ref.message_id:
                return str(message.get("user") or message.get("bot_id") or ""), str(message.get("text") or "")
        return None

    def upload_file(self, channel_id: str, filename: str, content: bytes, title: str,
                    thread_id: str | None = None) -> None:
        """Slack's current upload flow: files.getUploadURLExternal, the upload, files.completeUploadExternal."""
        extra = {"thread_ts": thread_id} if thread_id else {}
        self._call(self._client.files_upload_v2, channel=channel_id, filename=filename, content=content,
                   title=title, **extra)

    def user_language(self, user_id: str) -> str | None:
        try:
            response = self._call(self._client.users_info, user=user_id, include_locale=True)
        except ChatError:
            return None
        locale = str((response or {}).get("user", {}).get("locale") or "")
        return locale[:2].lower() or None

    def user_display_name(self, user_id: str) -> str | None:
        try:
            response = self._call(self._client.users_info, user=user_id)
        except ChatError:
            return None
        user = (response or {}).get("user") or {}
        profile = user.get("profile") or {}
        for name in (profile.get("display_name"), profile.get("real_name"), user.get("real_name"), user.get("name")):
            if isinstance(name, str) and name.strip():
                return name
        return None

    def find_posted(self, channel_id: str, marker: str, thread_id: str | None = None) -> MessageRef | None:
        wanted = marker_block_id(marker)
        if thread_id:
            response = self._call(self._client.conversations_replies, channel=channel_id, ts=thread_id,
                                  limit=HISTORY_LIMIT)
        else:
            response = self._call(self._client.conversations_history, channel=channel_id, limit=HISTORY_LIMIT)
        for message in response.get("messages", []) if response else []:
            blocks = message.get("blocks") or []
            if message.get("bot_id") and blocks and blocks[0].get("block_id") == wanted:
                return MessageRef(channel_id, str(message["ts"]))
        return None

    def find_direct(self, user_id: str, marker: str) -> MessageRef | None:
        return self.find_posted(self._direct_channel(user_id), marker)
