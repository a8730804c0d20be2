"""The test's side of the fake Mattermost: setting up the team (users, channels made by people) and reading what
the bot did there (a channel's posts, the files attached, the ephemerals and dialogs a user was shown, the calls
made), and the trigger ids the server hands out with a slash command or a click."""

from __future__ import annotations

import secrets
import time
from typing import Any

from tests.fakes.mattermost import contract
from tests.fakes.mattermost.model import Channel
from tests.fakes.mattermost.model import Dialog
from tests.fakes.mattermost.model import Ephemeral
from tests.fakes.mattermost.model import Post
from tests.fakes.mattermost.model import User
from tests.fakes.mattermost.model import new_id
from tests.fakes.mattermost.state import MattermostState


class Workspace(MattermostState):
    def add_user(self, username: str, email: str, locale: str = "en", user_id: str | None = None) -> User:
        user = User(user_id or new_id(), username, email, locale)
        self.users[user.id] = user
        return user

    def add_channel(self, name: str, members: list[str], private: bool = False) -> Channel:
        """A channel made by a person: its first member (as if they had created it in the client)."""
        channel = Channel(new_id(), self.team_id, name, name.title(), "P" if private else "O",
                          creator_id=members[0] if members else "", members=set(members))
        self.channels[channel.id] = channel
        return channel

    def channel_by_name(self, name: str) -> Channel | None:
        return next((c for c in self.channels.values() if c.name == name), None)

    def channel_named_like(self, prefix: str) -> Channel | None:
        return next((c for c in self.channels.values() if c.name.startswith(prefix)), None)

    def messages(self, channel_id: str) -> list[Post]:
        with self._lock:
            return sorted((p for p in self.posts.values() if p.channel_id == channel_id and not p.delete_at),
                          key=lambda p: p.create_at)

    def bot_posts(self, channel_id: str) -> list[Post]:
        return [p for p in self.messages(channel_id) if p.user_id == self.bot.id]

    def attached(self, channel_id: str) -> list[tuple[str, bytes]]:
        """The files posted in a channel (name and content), oldest first."""
        with self._lock:
            return [self.files[f][:2] for p in self.messages(channel_id) for f in p.file_ids if f in self.files]

    def ephemerals_for(self, user_id: str) -> list[Ephemeral]:
        with self._lock:
            return [e for e in self.ephemerals if e.user_id == user_id]

    def dialogs_for(self, user_id: str) -> list[Dialog]:
        with self._lock:
            return [d for d in self.dialogs if d.user_id == user_id]

    def calls_to(self, method: str, path_prefix: str) -> list[Any]:
        return [body for m, p, body in self.calls if m == method and p.startswith(contract.API + path_prefix)]

    def new_trigger(self, user_id: str) -> str:
        trigger = secrets.token_urlsafe(24)
        self._triggers[trigger] = (user_id, time.monotonic(), False)
        return trigger
