"""The test side of the fake Slack: setting up the workspace, reading what the bot did, and what people do in
the Slack client (posting, editing, deleting, reacting), before a driver sends the event."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from tests.fakes.slack.arg_checks import USER_ID
from tests.fakes.slack.faults import FaultInjection
from tests.fakes.slack.limits import channel_name_error
from tests.fakes.slack.model import Call
from tests.fakes.slack.model import Channel
from tests.fakes.slack.model import Ephemeral
from tests.fakes.slack.model import Json
from tests.fakes.slack.model import Message
from tests.fakes.slack.model import User
from tests.fakes.slack.model import View
from tests.fakes.slack.model import rich_text_blocks


class Workspace(FaultInjection):
    # ------------------------------------------------------------------ workspace setup

    def add_user(
        self,
        id: str,
        name: str,
        email: str,
        locale: str = "en-US",
        tz: str = "Europe/Brussels",
        *,
        real_name: str = "",
    ) -> User:
        if not USER_ID.match(id):
            raise AssertionError(f"user id {id!r} does not look like a Slack user ID (U…/W…)")
        with self._lock:
            user = User(id=id, name=name, email=email, locale=locale, tz=tz, real_name=real_name)
            self.users[id] = user
            return user

    def add_channel(
        self,
        name: str,
        *,
        is_private: bool = False,
        members: Iterable[str] = (),
        bot_is_member: bool = True,
        topic: str = "",
        is_general: bool = False,
    ) -> Channel:
        """Create a channel directly (as if a human made it), e.g. ``#general``."""
        err = channel_name_error(name)
        if err:
            raise AssertionError(f"bad channel name {name!r}: {err}")
        with self._lock:
            if self.channel_by_name(name) is not None:
                raise AssertionError(f"channel #{name} already exists")
            member_list = list(dict.fromkeys(members))
            for m in member_list:
                self._require_user(m)
            if bot_is_member and self.bot_user_id not in member_list:
                member_list.append(self.bot_user_id)
            creator = next((m for m in member_list if m != self.bot_user_id), self.bot_user_id)
            ch = Channel(
                id=self._new_id("C"),
                name=name,
                is_private=is_private,
                members=member_list,
                topic=topic,
                topic_creator=creator if topic else "",
                topic_last_set=int(self.now()) if topic else 0,
                created=int(self.now()),
                creator=creator,
                is_general=is_general,
            )
            self.channels[ch.id] = ch
            self._messages[ch.id] = {}
            return ch

    def join(self, user_id: str, channel_id: str) -> None:
        """A human joins a channel (no event is sent)."""
        with self._lock:
            self._require_user(user_id)
            ch = self.channel(channel_id)
            if user_id not in ch.members:
                ch.members.append(user_id)

    # ------------------------------------------------------------------ inspection helpers

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def channel(self, channel_id: str) -> Channel:
        with self._lock:
            ch = self.channels.get(channel_id)
            if ch is None:
                known = {c.id: c.name for c in self.channels.values()}
                raise AssertionError(f"no channel {channel_id!r}; channels: {known}")
            return ch

    def channel_by_name(self, name: str) -> Channel | None:
        name = name.lstrip("#")
        with self._lock:
            return next((c for c in self.channels.values() if c.name == name and not c.is_im), None)

    def user(self, user_id: str) -> User:
        return self._require_user(user_id)

    def messages(self, channel_id: str, *, include_replies: bool = True) -> list[Message]:
        """Messages in a channel, oldest first (thread replies included unless told otherwise)."""
        with self._lock:
            msgs = list(self._messages.get(channel_id, {}).values())
        if not include_replies:
            msgs = [m for m in msgs if not m.thread_ts or m.thread_ts == m.ts]
        return msgs

    def thread(self, channel_id: str, thread_ts: str) -> list[Message]:
        """Replies of a thread, oldest first (the parent is not included)."""
        return [m for m in self.messages(channel_id) if m.thread_ts == thread_ts and m.ts != thread_ts]

    def ephemerals_for(self, user_id: str) -> list[Ephemeral]:
        with self._lock:
            return [e for e in self.ephemerals if e.user == user_id and not e.deleted]

    def ephemeral(self, user_id: str, message_ts: str) -> Ephemeral | None:
        with self._lock:
            return next((e for e in self.ephemerals if e.user == user_id and e.message_ts == message_ts), None)

    def last_view(self, user_id: str) -> View | None:
        """The view on top of the user's open modal stack (None when no modal is open)."""
        with self._lock:
            stack = self._stacks.get(user_id) or []
            return self.views[stack[-1]] if stack else None

    def view(self, view_id: str) -> View:
        with self._lock:
            v = self.views.get(view_id)
            if v is None:
                raise AssertionError(f"no view {view_id!r}; views: {sorted(self.views)}")
            return v

    def open_views(self, user_id: str) -> list[View]:
        """The user's modal stack, root first."""
        with self._lock:
            return [self.views[v] for v in self._stacks.get(user_id) or []]

    def bot_is_member(self, channel_id: str) -> bool:
        with self._lock:
            ch = self.channels.get(channel_id)
            return ch is not None and self.bot_user_id in ch.members


    # ------------------------------------------------------------------ driver-side mutations
    # (what humans do in the Slack client; the drivers call these before sending the event)

    def store_user_message(self, user_id: str, channel_id: str, text: str, thread_ts: str | None = None) -> Message:
        with self._lock:
            self._require_user(user_id)
            ch = self.channel(channel_id)
            if ch.archived:
                raise AssertionError(f"#{ch.name} is archived; a user cannot post there")
            if ch.is_private and user_id not in ch.members:
                raise AssertionError(f"{user_id} is not a member of private channel #{ch.name}")
            parent_user: str | None = None
            if thread_ts is not None:
                parent = self.message(channel_id, thread_ts)
                if parent is None:
                    raise AssertionError(f"no message {thread_ts} in {channel_id} to reply to")
                parent_user = parent.user
            msg = Message(
                channel=channel_id,
                ts=self.next_ts(),
                text=text,
                blocks=rich_text_blocks(text),
                user=user_id,
                team=self.team_id,
                thread_ts=thread_ts,
                parent_user_id=parent_user,
                client_msg_id=str(uuid.uuid4()),
            )
            self._messages.setdefault(channel_id, {})[msg.ts] = msg
            return msg

    def edit_user_message(self, user_id: str, channel_id: str, ts: str, text: str) -> tuple[Json, Message]:
        """Returns (previous message object, edited message)."""
        with self._lock:
            msg = self.message(channel_id, ts)
            if msg is None:
                raise AssertionError(f"no message {ts} in {channel_id}")
            if msg.user != user_id or msg.is_bot:
                raise AssertionError(f"{user_id} cannot edit message {ts}: not their message")
            previous = msg.to_slack()
            msg.text = text
            msg.blocks = rich_text_blocks(text)
            msg.edited = {"user": user_id, "ts": self.next_ts()}
            return previous, msg

    def delete_user_message(self, user_id: str, channel_id: str, ts: str) -> Json:
        """Returns the deleted message object."""
        with self._lock:
            msg = self.message(channel_id, ts)
            if msg is None:
                raise AssertionError(f"no message {ts} in {channel_id}")
            if msg.user != user_id or msg.is_bot:
                raise AssertionError(f"{user_id} cannot delete message {ts}: not their message")
            del self._messages[channel_id][msg.ts]
            return msg.to_slack()

    def add_reaction(self, user_id: str, channel_id: str, ts: str, name: str) -> Message:
        with self._lock:
            self._require_user(user_id)
            msg = self.message(channel_id, ts)
            if msg is None:
                raise AssertionError(f"no message {ts} in {channel_id}")
            users = msg.reactions.setdefault(name, [])
            if user_id in users:
                raise AssertionError(f"{user_id} already reacted :{name}: to {ts}")
            users.append(user_id)
            return msg
