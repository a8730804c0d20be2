"""What people do in the Mattermost client, through the fake: post (in a thread or not), edit or delete their post,
react to a post. Each is stored as the server stores it and its event (``posted``, ``post_edited``,
``post_deleted``, ``reaction_added``) is pushed to the websockets of the channel's members."""

from __future__ import annotations

import json

from tests.fakes.mattermost.model import Post
from tests.fakes.mattermost.model import Reaction
from tests.fakes.mattermost.model import new_id
from tests.fakes.mattermost.websocket import Websocket


class UsersActing(Websocket):
    def user_post(self, user_id: str, channel_id: str, message: str, root_id: str = "") -> Post:
        with self._lock:
            now = self.now()
            post = Post(new_id(), channel_id, user_id, message, now, root_id=root_id, update_at=now)
            self.posts[post.id] = post
        self._broadcast("posted", channel_id, {"post": json.dumps(post.to_json()), "channel_type": "O",
                                               "sender_name": "@" + self.users[user_id].username})
        return post

    def user_edit(self, post_id: str, message: str) -> Post:
        with self._lock:
            post = self.posts[post_id]
            post.message, post.edit_at = message, self.now()
            post.update_at = post.edit_at
        self._broadcast("post_edited", post.channel_id, {"post": json.dumps(post.to_json())})
        return post

    def user_delete(self, post_id: str) -> Post:
        with self._lock:
            post = self.posts[post_id]
            post.delete_at = post.update_at = self.now()
        self._broadcast("post_deleted", post.channel_id, {"post": json.dumps(post.to_json())})
        return post

    def user_react(self, user_id: str, post_id: str, emoji: str) -> Reaction:
        with self._lock:
            post = self.posts[post_id]
            reaction = Reaction(user_id, post_id, emoji, self.now())
            post.reactions.append(reaction)
            post.update_at = reaction.create_at
        self._broadcast("reaction_added", post.channel_id, {"reaction": json.dumps(reaction.to_json())})
        return reaction
