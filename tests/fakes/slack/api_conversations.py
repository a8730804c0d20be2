"""The fake Web API's ``conversations.*`` methods."""

from __future__ import annotations

from tests.fakes.slack.api_chat import ChatApi
from tests.fakes.slack.cursors import _next_cursor
from tests.fakes.slack.cursors import _offset
from tests.fakes.slack.limits import INVITE_MAX_USERS
from tests.fakes.slack.limits import OPEN_MAX_USERS
from tests.fakes.slack.limits import TOPIC_MAX
from tests.fakes.slack.limits import channel_name_error
from tests.fakes.slack.model import Channel
from tests.fakes.slack.model import Json
from tests.fakes.slack.state import SlackError


class ConversationsApi(ChatApi):
    def _m_conversations_create(self, args: Json) -> Json:
        name: str = args["name"]
        err = channel_name_error(name)
        if err:
            raise SlackError(err)
        if any(c.name == name for c in self.channels.values() if not c.is_im):
            raise SlackError("name_taken")  # archived channels keep their name
        ch = Channel(
            id=self._new_id("C"),
            name=name,
            is_private=bool(args.get("is_private", False)),
            members=[self.bot_user_id],
            created=int(self.now()),
            creator=self.bot_user_id,
        )
        self.channels[ch.id] = ch
        self._messages[ch.id] = {}
        return {"ok": True, "channel": ch.to_slack(viewer=self.bot_user_id)}

    def _m_conversations_invite(self, args: Json) -> Json:
        ch = self._visible(args["channel"])
        if ch.archived:
            raise SlackError("is_archived")
        if self.bot_user_id not in ch.members:
            raise SlackError("not_in_channel")
        users = [u for u in args["users"].split(",") if u]
        if not users:
            raise SlackError("no_user")
        if len(users) > INVITE_MAX_USERS:
            raise SlackError("too_many_users")
        if self.bot_user_id in users:
            raise SlackError("cant_invite_self")
        unknown = [u for u in users if u not in self.users]
        if unknown:
            raise SlackError(
                "user_not_found",
                errors=[{"user": u, "ok": False, "error": "user_not_found"} for u in unknown],
            )
        already = [u for u in users if u in ch.members]
        if already:
            raise SlackError(
                "already_in_channel",
                errors=[{"user": u, "ok": False, "error": "already_in_channel"} for u in already],
            )
        ch.members.extend(users)
        return {"ok": True, "channel": ch.to_slack(viewer=self.bot_user_id)}

    def _m_conversations_setTopic(self, args: Json) -> Json:
        ch = self._visible(args["channel"])
        if ch.archived:
            raise SlackError("is_archived")
        if self.bot_user_id not in ch.members:
            raise SlackError("not_in_channel")
        topic: str = args["topic"]
        if len(topic) > TOPIC_MAX:
            raise SlackError("too_long")
        ch.topic = topic
        ch.topic_creator = self.bot_user_id
        ch.topic_last_set = int(self.now())
        return {"ok": True, "channel": ch.to_slack(viewer=self.bot_user_id)}

    def _m_conversations_archive(self, args: Json) -> Json:
        ch = self._visible(args["channel"])
        if ch.archived:
            raise SlackError("already_archived")
        ch.archived = True
        return {"ok": True}

    def _m_conversations_history(self, args: Json) -> Json:
        """Top-level messages, newest first, between ``oldest`` and ``latest`` (Slack's order)."""
        ch = self._visible(args["channel"])
        if self.bot_user_id not in ch.members:
            raise SlackError("not_in_channel")
        inclusive = bool(args.get("inclusive"))
        latest = float(args["latest"]) if args.get("latest") else None
        oldest = float(args["oldest"]) if args.get("oldest") else None

        def within(ts: float) -> bool:
            above = oldest is None or (ts >= oldest if inclusive else ts > oldest)
            below = latest is None or (ts <= latest if inclusive else ts < latest)
            return above and below

        found = [m for m in self.messages(ch.id, include_replies=False) if within(float(m.ts))]
        found.sort(key=lambda m: float(m.ts), reverse=True)
        limit = int(args.get("limit") or 100)
        return {"ok": True, "messages": [m.to_slack() for m in found[:limit]], "has_more": len(found) > limit,
                "pin_count": len(ch.pins), "channel_actions_ts": None, "channel_actions_count": 0}

    def _m_conversations_replies(self, args: Json) -> Json:
        """The thread's parent, then its replies, oldest first (Slack's order for replies)."""
        ch = self._visible(args["channel"])
        if self.bot_user_id not in ch.members:
            raise SlackError("not_in_channel")
        parent = self.message(ch.id, args["ts"])
        if parent is None:
            raise SlackError("thread_not_found")
        replies = self.thread(ch.id, args["ts"])
        head = parent.to_slack() | {"thread_ts": parent.ts, "reply_count": len(replies), "subscribed": False}
        if replies:
            head |= {"latest_reply": replies[-1].ts, "reply_users_count": len({m.user for m in replies})}
        found = [head, *(m.to_slack() for m in replies)]
        limit = int(args.get("limit") or 1000)
        return {"ok": True, "messages": found[:limit], "has_more": len(found) > limit}

    def _m_conversations_info(self, args: Json) -> Json:
        ch = self._visible(args["channel"])
        return {
            "ok": True,
            "channel": ch.to_slack(viewer=self.bot_user_id, include_num_members=bool(args.get("include_num_members"))),
        }

    def _m_conversations_open(self, args: Json) -> Json:
        if "channel" in args:
            ch = self._visible(args["channel"])
            existed = True
        else:
            users = [u for u in args["users"].split(",") if u and u != self.bot_user_id]
            if not users:
                raise SlackError("users_list_not_supplied")
            if len(users) > OPEN_MAX_USERS:
                raise SlackError("too_many_users")
            ch, existed = self._resolve_dm(users)
        result: Json = {"ok": True}
        if existed:
            result["no_op"] = True
            result["already_open"] = True
        if args.get("return_im") and ch.is_im:
            result["channel"] = {
                "id": ch.id,
                "created": str(ch.created),
                "is_im": True,
                "is_open": True,
                "user": ch.im_user,
                "last_read": "0000000000.000000",
                "unread_count": 0,
                "unread_count_display": 0,
            }
        else:
            result["channel"] = {"id": ch.id}
        return result

    def _m_conversations_members(self, args: Json) -> Json:
        ch = self._visible(args["channel"])
        limit = args.get("limit", 100)
        if not 1 <= limit <= 1000:
            raise SlackError("invalid_limit")
        offset = _offset(args.get("cursor") or "")
        page = ch.members[offset : offset + limit]
        return {"ok": True, "members": page, "response_metadata": {"next_cursor": _next_cursor(offset, limit,
                                                                                              len(ch.members))}}

    def _m_conversations_join(self, args: Json) -> Json:
        ch = self._visible(args["channel"])
        if ch.is_private or ch.is_im or ch.is_mpim:
            raise SlackError("method_not_supported_for_channel_type")
        if ch.archived:
            raise SlackError("is_archived")
        result: Json = {"ok": True}
        if self.bot_user_id in ch.members:
            result["warning"] = "already_in_channel"
            result["response_metadata"] = {"warnings": ["already_in_channel"]}
        else:
            ch.members.append(self.bot_user_id)
        result["channel"] = ch.to_slack(viewer=self.bot_user_id)
        return result
