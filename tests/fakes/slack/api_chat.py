"""The fake Web API's ``chat.*``, ``pins.*`` and ``reactions.*`` methods."""

from __future__ import annotations

from tests.fakes.slack.arg_checks import CONVERSATION_ID
from tests.fakes.slack.arg_checks import USER_ID
from tests.fakes.slack.model import Channel
from tests.fakes.slack.model import Ephemeral
from tests.fakes.slack.model import Json
from tests.fakes.slack.model import Message
from tests.fakes.slack.state import SlackError
from tests.fakes.slack.workspace import Workspace


class ChatApi(Workspace):
    def _m_chat_postMessage(self, args: Json) -> Json:
        ref: str = args["channel"]
        if USER_ID.match(ref):
            ch, _ = self._resolve_dm([ref]) if ref in self.users else (None, False)
            if ch is None:
                raise SlackError("channel_not_found")
        elif CONVERSATION_ID.match(ref):
            found = self.channels.get(ref)
            if found is None:
                raise SlackError("channel_not_found")
            ch = found
        else:
            by_name = self.channel_by_name(ref)
            if by_name is None:
                raise SlackError("channel_not_found")
            ch = by_name
        if ch.archived:
            raise SlackError("is_archived")
        if (ch.is_private or ch.is_im or ch.is_mpim) and self.bot_user_id not in ch.members:
            raise SlackError("not_in_channel")
        self._check_content("chat.postMessage", args)
        msg = self._post_as_bot(
            ch,
            text=args.get("text", ""),
            blocks=args.get("blocks"),
            attachments=args.get("attachments"),
            thread_ts=args.get("thread_ts"),
            reply_broadcast=bool(args.get("reply_broadcast", False)),
        )
        return {"ok": True, "channel": ch.id, "ts": msg.ts, "message": msg.to_slack()}

    def _m_chat_update(self, args: Json) -> Json:
        ch = self._visible(args["channel"])
        msg = self.message(ch.id, args["ts"])
        if msg is None:
            raise SlackError("message_not_found")
        if msg.bot_id != self.bot_id:
            raise SlackError("cant_update_message")
        self._check_content("chat.update", args)
        if "text" in args:
            msg.text = args["text"]
        if "blocks" in args:  # omitted blocks are kept, [] removes them
            msg.blocks = self._with_block_ids(args["blocks"])
        if "attachments" in args:
            msg.attachments = args["attachments"]
        msg.edited = {"user": self.bot_user_id, "ts": self.next_ts()}
        return {"ok": True, "channel": ch.id, "ts": msg.ts, "text": msg.text, "message": msg.to_slack()}

    def _m_chat_postEphemeral(self, args: Json) -> Json:
        ch = self._visible(args["channel"])
        if ch.archived:
            raise SlackError("is_archived")
        if args["user"] not in ch.members:
            raise SlackError("user_not_in_channel")
        self._check_content("chat.postEphemeral", args)
        eph = Ephemeral(
            channel=ch.id,
            user=args["user"],
            message_ts=self.next_ts(),
            text=args.get("text", ""),
            blocks=self._with_block_ids(args.get("blocks")),
            attachments=args.get("attachments"),
            thread_ts=args.get("thread_ts"),
        )
        self.ephemerals.append(eph)
        return {"ok": True, "message_ts": eph.message_ts}

    def _m_chat_getPermalink(self, args: Json) -> Json:
        ch = self._visible(args["channel"])
        msg = self.message(ch.id, args["message_ts"])
        if msg is None:
            raise SlackError("message_not_found")
        link = f"https://{self.team_domain}.slack.com/archives/{ch.id}/p{msg.ts.replace('.', '')}"
        if msg.thread_ts and msg.thread_ts != msg.ts:
            link += f"?thread_ts={msg.thread_ts}&cid={ch.id}"
        return {"ok": True, "channel": ch.id, "permalink": link}

    def _m_chat_delete(self, args: Json) -> Json:
        ch = self._visible(args["channel"])
        msg = self.message(ch.id, args["ts"])
        if msg is None:
            raise SlackError("message_not_found")
        if msg.bot_id != self.bot_id:
            raise SlackError("cant_delete_message")
        del self._messages[ch.id][msg.ts]
        return {"ok": True, "channel": ch.id, "ts": msg.ts}


    def _m_pins_add(self, args: Json) -> Json:
        ch = self._visible(args["channel"])
        ts = args["timestamp"]
        if self.message(ch.id, ts) is None:
            raise SlackError("message_not_found")
        if ts in ch.pins:
            raise SlackError("already_pinned")
        ch.pins.append(ts)
        return {"ok": True}

    def _reaction_target(self, args: Json) -> tuple[Channel, Message, str]:
        ch = self._visible(args["channel"])
        name: str = args["name"]
        if ":" in name.replace("::skin-tone-", "") or any(c.isspace() for c in name):
            raise SlackError("invalid_name")
        msg = self.message(ch.id, args["timestamp"])
        if msg is None:
            raise SlackError("message_not_found")
        return ch, msg, name

    def _m_reactions_add(self, args: Json) -> Json:
        ch, msg, name = self._reaction_target(args)
        if ch.archived:
            raise SlackError("is_archived")
        users = msg.reactions.setdefault(name, [])
        if self.bot_user_id in users:
            raise SlackError("already_reacted")
        users.append(self.bot_user_id)
        return {"ok": True}

    def _m_reactions_remove(self, args: Json) -> Json:
        _, msg, name = self._reaction_target(args)
        users = msg.reactions.get(name) or []
        if self.bot_user_id not in users:
            raise SlackError("no_reaction")
        users.remove(self.bot_user_id)
        if not users:
            del msg.reactions[name]
        return {"ok": True}
