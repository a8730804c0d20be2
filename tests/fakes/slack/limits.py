"""Slack's limits on channels, topics, messages, triggers, acks, modal stacks, response URLs, invitations and
group DMs, as numbers the fake enforces, and the channel-name rule as ``conversations.create`` applies it
(``channel_name_error``); ``tests/fakes/test_slack_contract_facts.py`` checks the topic limit and the
channel-name rule against the official contract files."""

from __future__ import annotations

import re

CHANNEL_NAME_MAX = 80
_CHANNEL_NAME_CHARS = re.compile(r"^[a-z0-9_-]+$")
TOPIC_MAX = 250
#: Slack truncates/rejects message text above this many characters.
MESSAGE_TEXT_MAX = 40_000
#: A trigger_id may be exchanged once, within this many seconds of its issue.
TRIGGER_TTL_SECONDS = 3.0
#: Slack expects an HTTP answer / a Socket Mode ack within this many seconds.
ACK_DEADLINE_SECONDS = 3.0
#: A modal stack holds the root view plus at most two pushed views.
VIEW_STACK_MAX = 3
#: A response_url may be used this many times (within 30 minutes).
RESPONSE_URL_MAX_USES = 5
#: conversations.invite takes at most this many users per call.
INVITE_MAX_USERS = 1000
#: conversations.open takes at most this many users (a group DM).
OPEN_MAX_USERS = 8


def channel_name_error(name: str) -> str | None:
    """Slack's channel-name rule, as conversations.create applies it.

    Lowercase ASCII letters, digits, hyphens and underscores; at most 80 characters; not only
    punctuation. Returns the Slack error code, or None when the name is fine.
    """
    if name == "":
        return "invalid_name_required"
    if len(name) > CHANNEL_NAME_MAX:
        return "invalid_name_maxlength"
    if not _CHANNEL_NAME_CHARS.match(name):
        return "invalid_name_specials"
    if name.strip("-_") == "":
        return "invalid_name_punctuation"
    return None

