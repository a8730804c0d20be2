"""The fake Mattermost's REST routes for users, the team and its channels (``_r_<METHOD>_<path>``, called by the
HTTP side with the checked body): a user by id or email, the team by name, channels created, found by name,
patched, joined, archived, and direct channels; with the look-ups the other routes share (a user, a channel the
bot may see), which answer Mattermost's error when there is none."""

from __future__ import annotations

from typing import Any

from tests.fakes.mattermost import contract
from tests.fakes.mattermost.model import Channel
from tests.fakes.mattermost.model import Json
from tests.fakes.mattermost.model import User
from tests.fakes.mattermost.model import new_id
from tests.fakes.mattermost.state import AppError
from tests.fakes.mattermost.users_acting import UsersActing


class ChannelsApi(UsersActing):
    def _user(self, user_id: str) -> User:
        user = self.users.get(self.bot.id if user_id == "me" else user_id)
        if user is None:
            raise AppError(404, "app.user.missing_account.const")
        return user

    def _channel(self, channel_id: str, member: bool = True) -> Channel:
        channel = self.channels.get(channel_id)
        if channel is None or (member and self.bot.id not in channel.members and channel.type != "O"):
            raise AppError(404 if channel is None else 403, "app.channel.get.existing.app_error")
        return channel

    def _r_GET__users_user_id(self, body: Any, user_id: str, query: Json) -> tuple[int, Any]:
        return 200, self._user(user_id).to_json()

    def _r_GET__users_email_email(self, body: Any, email: str, query: Json) -> tuple[int, Any]:
        user = next((u for u in self.users.values() if u.email.lower() == email.lower()), None)
        if user is None:
            raise AppError(404, "app.user.missing_account.const")
        return 200, user.to_json()

    def _r_GET__teams_name_name(self, body: Any, name: str, query: Json) -> tuple[int, Any]:
        if name != self.team_name:
            raise AppError(404, "app.team.get_by_name.missing.app_error")
        return 200, {"id": self.team_id, "name": self.team_name, "display_name": self.team_name.title(),
                     "type": "O"}

    def _r_POST__channels(self, body: Json, query: Json) -> tuple[int, Any]:
        name, display = body["name"], body["display_name"]
        if body["team_id"] != self.team_id:
            raise AppError(403, "api.context.permissions.app_error")
        if body["type"] not in ("O", "P"):
            self._violate(f"POST /channels: type {body['type']!r} is neither 'O' nor 'P'")
            raise AppError(400, "model.channel.is_valid.type.app_error")
        if not contract.CHANNEL_NAME.fullmatch(name) or not 2 <= len(name) <= contract.CHANNEL_NAME_MAX:
            raise AppError(400, "model.channel.is_valid.2_or_more.app_error")
        if not 1 <= len(display) <= contract.DISPLAY_NAME_MAX:
            raise AppError(400, "model.channel.is_valid.display_name.app_error")
        if any(c.name == name and c.team_id == self.team_id for c in self.channels.values()):
            raise AppError(400, contract.NAME_EXISTS)
        channel = Channel(new_id(), self.team_id, name, display, body["type"], self.bot.id,
                          body.get("header", ""), {self.bot.id})
        self.channels[channel.id] = channel
        return 201, channel.to_json()

    def _r_GET__teams_team_id_channels_name_channel_name(self, body: Any, team_id: str, name: str,
                                                          query: Json) -> tuple[int, Any]:
        """A deleted channel is not found unless ``include_deleted``; a private one only by its members."""
        found = next((c for c in self.channels.values() if c.team_id == team_id and c.name == name
                      and (not c.archived or query.get("include_deleted") == "true")), None)
        if found is None:
            raise AppError(404, "app.channel.get_by_name.missing.app_error")
        if found.is_private and self.bot.id not in found.members:
            raise AppError(403, "api.context.permissions.app_error")
        return 200, found.to_json()

    def _r_GET__channels_channel_id(self, body: Any, channel_id: str, query: Json) -> tuple[int, Any]:
        return 200, self._channel(channel_id).to_json()

    def _r_PUT__channels_channel_id_patch(self, body: Json, channel_id: str, query: Json) -> tuple[int, Any]:
        channel = self._channel(channel_id)
        if "header" in body:
            if len(body["header"]) > contract.HEADER_MAX:
                raise AppError(400, "model.channel.is_valid.header.app_error")
            channel.header = body["header"]
        if "display_name" in body:
            channel.display_name = body["display_name"]
        return 200, channel.to_json()

    def _r_POST__channels_channel_id_members(self, body: Json, channel_id: str, query: Json) -> tuple[int, Any]:
        channel = self._channel(channel_id)
        if channel.archived:
            raise AppError(400, "api.channel.add_user.to.channel.failed.deleted.app_error")
        self._user(body["user_id"])
        channel.members.add(body["user_id"])
        return 201, {"channel_id": channel.id, "user_id": body["user_id"], "roles": "channel_user"}

    def _r_DELETE__channels_channel_id(self, body: Any, channel_id: str, query: Json) -> tuple[int, Any]:
        channel = self._channel(channel_id)
        if channel.archived:
            raise AppError(400, "api.channel.delete_channel.deleted.app_error")
        channel.delete_at = self.now()
        return 200, {"status": "OK"}

    def _r_POST__channels_direct(self, body: list[str], query: Json) -> tuple[int, Any]:
        if len(body) != 2:
            self._violate("POST /channels/direct: needs exactly two user ids")
            raise AppError(400, "api.context.invalid_body_param.app_error")
        for user_id in body:
            self._user(user_id)
        name = "__".join(sorted(body))
        channel = next((c for c in self.channels.values() if c.name == name), None)
        if channel is None:
            channel = Channel(new_id(), "", name, "", "D", self.bot.id, members=set(body))
            self.channels[channel.id] = channel
        return 201, channel.to_json()
