"""The fake Web API's ``auth.test``, ``users.*``, ``apps.connections.open`` and ``files.*`` methods."""

from __future__ import annotations

import uuid

from tests.fakes.slack.api_views import ViewsApi
from tests.fakes.slack.cursors import _next_cursor
from tests.fakes.slack.cursors import _offset
from tests.fakes.slack.model import Channel
from tests.fakes.slack.model import Json
from tests.fakes.slack.model import UploadedFile
from tests.fakes.slack.state import SlackError


class UsersApi(ViewsApi):
    def _m_auth_test(self, args: Json) -> Json:
        return {
            "ok": True,
            "url": f"https://{self.team_domain}.slack.com/",
            "team": self.team_name,
            "user": self.bot_name,
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }


    def _m_users_info(self, args: Json) -> Json:
        user = self.users.get(args["user"])
        if user is None:
            raise SlackError("user_not_found")
        return {
            "ok": True,
            "user": user.to_slack(self.team_id, include_locale=bool(args.get("include_locale"))),
        }

    def _m_users_conversations(self, args: Json) -> Json:
        """The conversations the bot is a member of, of the ``types`` asked (default: public channels), paged."""
        types = set(str(args.get("types") or "public_channel").split(","))
        if not types <= {"public_channel", "private_channel", "mpim", "im"}:
            raise SlackError("invalid_types")
        limit = args.get("limit", 100)
        if not 1 <= limit <= 1000:
            raise SlackError("invalid_limit")
        offset = _offset(args.get("cursor") or "")

        def kind(ch: Channel) -> str:
            if ch.is_im or ch.is_mpim:
                return "im" if ch.is_im else "mpim"
            return "private_channel" if ch.is_private else "public_channel"

        found = [c for c in self.channels.values() if self.bot_user_id in c.members and kind(c) in types
                 and not (args.get("exclude_archived") and c.archived)]
        # Slack leaves num_members and is_member out of this method's conversation objects.
        page = [{k: v for k, v in c.to_slack(viewer=self.bot_user_id).items() if k != "is_member"}
                for c in found[offset : offset + limit]]
        return {"ok": True, "channels": page,
                "response_metadata": {"next_cursor": _next_cursor(offset, limit, len(found))}}

    def _m_users_lookupByEmail(self, args: Json) -> Json:
        email = args["email"].lower()
        user = next((u for u in self.users.values() if u.email.lower() == email and u.email), None)
        if user is None:
            raise SlackError("users_not_found")
        return {"ok": True, "user": user.to_slack(self.team_id)}

    def _m_apps_connections_open(self, args: Json) -> Json:
        ticket = str(uuid.uuid4())
        self._tickets[ticket] = False
        return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket?ticket={ticket}&app_id={self.app_id}"}

    def _m_files_getUploadURLExternal(self, args: Json) -> Json:
        if args["length"] < 1:
            self._violate(f"files.getUploadURLExternal: length must be positive, got {args['length']}")
            raise SlackError("invalid_arguments")
        file_id = self._new_id("F")
        self.files[file_id] = UploadedFile(
            id=file_id, filename=args["filename"], length=args["length"], alt_txt=args.get("alt_txt")
        )
        return {"ok": True, "upload_url": f"{self.base}/upload/v1/{file_id}", "file_id": file_id}

    def _m_files_completeUploadExternal(self, args: Json) -> Json:
        items: list[Json] = args["files"]
        found: list[UploadedFile] = []
        for item in items:
            f = self.files.get(item["id"])
            if f is None or f.content is None:
                raise SlackError("file_not_found")
            found.append(f)
        ch: Channel | None = None
        if "channel_id" in args:
            ch = self._visible(args["channel_id"])
            if ch.archived:
                raise SlackError("is_archived")
            if self.bot_user_id not in ch.members:
                raise SlackError("not_in_channel")
        for item, f in zip(items, found, strict=True):
            f.title = item.get("title") or f.filename
            f.completed = True
            f.channel_id = ch.id if ch else None
            f.initial_comment = args.get("initial_comment")
            f.thread_ts = args.get("thread_ts")
        if ch is not None:
            self._post_as_bot(
                ch,
                text=args.get("initial_comment", ""),
                blocks=None,
                attachments=None,
                thread_ts=args.get("thread_ts"),
                files=[{"id": f.id, "name": f.filename, "title": f.title} for f in found],
            )
        return {"ok": True, "files": [{"id": f.id, "title": f.title} for f in found]}
