"""The fake Mattermost's REST routes for posts (``_r_<METHOD>_<path>``, called by the HTTP side with the checked
body): the bot's posts created (and pushed to the websockets), patched, read, pinned, a channel's posts since a
time, ephemeral posts, reactions and file uploads; with the checks of a post's content the server makes (its
length, its attachments' actions, the files it names), a broken action being a contract violation."""

from __future__ import annotations

from typing import Any

from tests.fakes.mattermost import contract
from tests.fakes.mattermost.api_channels import ChannelsApi
from tests.fakes.mattermost.model import Ephemeral
from tests.fakes.mattermost.model import Json
from tests.fakes.mattermost.model import Post
from tests.fakes.mattermost.model import Reaction
from tests.fakes.mattermost.model import new_id
from tests.fakes.mattermost.state import AppError


class PostsApi(ChannelsApi):
    def _post(self, post_id: str) -> Post:
        post = self.posts.get(post_id)
        if post is None or post.delete_at:
            raise AppError(404, "app.post.get.app_error")
        return post

    def _check_attachments(self, where: str, props: Json) -> None:
        for attachment in props.get("attachments") or []:
            if not isinstance(attachment, dict):
                self._violate(f"{where}: an attachment is not an object")
                continue
            for action in attachment.get("actions") or []:
                integration = action.get("integration") or {}
                if not contract.ACTION_ID.fullmatch(str(action.get("id", ""))):
                    self._violate(f"{where}: action id {action.get('id')!r} is not letters and digits")
                if not str(integration.get("url", "")).startswith(("http://", "https://")):
                    self._violate(f"{where}: action without an integration URL")
                if not isinstance(integration.get("context"), dict):
                    self._violate(f"{where}: action context is not an object")
                if action.get("type", "button") not in ("button", "select"):
                    self._violate(f"{where}: action type {action.get('type')!r}")

    def _check_message(self, where: str, message: str) -> None:
        if len(message) > contract.MESSAGE_MAX:
            raise AppError(400, "model.post.is_valid.msg.app_error")

    def _new_post(self, body: Json, user_id: str) -> Post:
        channel = self._channel(body["channel_id"])
        if user_id not in channel.members:
            raise AppError(403, "api.context.permissions.app_error")
        if channel.archived:
            raise AppError(400, "api.post.create_post.can_not_post_to_deleted.error")
        self._check_message("POST /posts", body["message"])
        self._check_attachments("POST /posts", body.get("props") or {})
        if body.get("root_id") and body["root_id"] not in self.posts:
            raise AppError(400, "api.post.create_post.root_id.app_error")
        for file_id in body.get("file_ids") or []:
            uploaded = self.files.get(file_id)
            if uploaded is None or uploaded[2] != channel.id or any(file_id in p.file_ids for p in self.posts.values()):
                # the server drops such a file from the post silently: the channel would never see it
                self._violate(f"POST /posts: file {file_id!r} was not uploaded to this channel, or is attached already")
        now = self.now()
        post = Post(new_id(), channel.id, user_id, body["message"], now, dict(body.get("props") or {}),
                    body.get("root_id") or "", update_at=now, file_ids=list(body.get("file_ids") or []))
        self.posts[post.id] = post
        return post

    def _r_POST__posts(self, body: Json, query: Json) -> tuple[int, Any]:
        post = self._new_post(body, self.bot.id)
        self._broadcast_later("posted", post)
        return 201, post.to_json()

    def _r_PUT__posts_post_id_patch(self, body: Json, post_id: str, query: Json) -> tuple[int, Any]:
        post = self._post(post_id)
        if post.user_id != self.bot.id:
            raise AppError(403, "api.context.permissions.app_error")
        if "message" in body:
            self._check_message("PUT /posts/{post_id}/patch", body["message"])
            if body["message"] != post.message:
                post.edit_at = self.now()
            post.message = body["message"]
        if "props" in body:
            self._check_attachments("PUT /posts/{post_id}/patch", body["props"])
            post.props = dict(body["props"])
        post.update_at = self.now()
        return 200, post.to_json()

    def _r_GET__posts_post_id(self, body: Any, post_id: str, query: Json) -> tuple[int, Any]:
        post = self._post(post_id)
        self._channel(post.channel_id)
        return 200, post.to_json()

    def _r_POST__posts_ephemeral(self, body: Json, query: Json) -> tuple[int, Any]:
        post = body["post"]
        for problem in contract.check_fields("POST /posts/ephemeral post", post, contract.EPHEMERAL_POST_FIELDS,
                                             contract.EPHEMERAL_POST_REQUIRED):
            self._violate(problem)
        channel = self._channel(str(post.get("channel_id", "")))
        self._user(body["user_id"])
        self._check_attachments("POST /posts/ephemeral", post.get("props") or {})
        self.ephemerals.append(Ephemeral(body["user_id"], channel.id, str(post.get("message", "")),
                                         dict(post.get("props") or {})))
        return 201, {"id": new_id(), "channel_id": channel.id, "message": post.get("message", ""),
                     "user_id": self.bot.id, "create_at": self.now()}

    def _r_POST__posts_post_id_pin(self, body: Any, post_id: str, query: Json) -> tuple[int, Any]:
        post = self._post(post_id)
        self._channel(post.channel_id)
        post.is_pinned = True
        return 200, {"status": "OK"}

    def _r_POST__reactions(self, body: Json, query: Json) -> tuple[int, Any]:
        if body["user_id"] != self.bot.id:
            raise AppError(403, "api.context.permissions.app_error")
        post = self._post(body["post_id"])
        self._channel(post.channel_id)
        existing = next((r for r in post.reactions if r.user_id == body["user_id"]
                         and r.emoji_name == body["emoji_name"]), None)
        if existing is None:
            existing = Reaction(body["user_id"], post.id, body["emoji_name"], self.now())
            post.reactions.append(existing)
            post.update_at = existing.create_at
        return 200, existing.to_json()

    def _r_GET__channels_channel_id_posts(self, body: Any, channel_id: str, query: Json) -> tuple[int, Any]:
        channel = self._channel(channel_id)
        since = int(query.get("since", "0") or 0)
        posts = sorted((p for p in self.posts.values() if p.channel_id == channel.id
                        and (p.update_at or p.create_at) > since), key=lambda p: p.create_at)
        if "since" not in query:
            posts = [p for p in posts if not p.delete_at]
        posts = posts[:1000]
        return 200, {"order": [p.id for p in reversed(posts)], "posts": {p.id: p.to_json() for p in posts},
                     "next_post_id": "", "prev_post_id": ""}

    def _r_POST__files(self, body: Json, query: Json) -> tuple[int, Any]:
        channel = self._channel(str(body.get("channel_id", "")))
        upload = body.get("files")
        if not isinstance(upload, tuple):
            self._violate("POST /files: no file in the 'files' part")
            raise AppError(400, "api.file.upload_file.incorrect_number_of_files.app_error")
        file_id = new_id()
        self.files[file_id] = (upload[0], upload[1], channel.id)
        return 201, {"file_infos": [{"id": file_id, "name": upload[0], "size": len(upload[1]),
                                    "user_id": self.bot.id, "create_at": self.now()}], "client_ids": []}
