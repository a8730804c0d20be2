"""The fake's paging cursors, as ``conversations.members`` and ``users.conversations`` hand them out: where a
page starts for a cursor (an unreadable cursor is Slack's ``invalid_cursor``) and the cursor of the next
page, empty after the last one."""

from __future__ import annotations

import base64

from tests.fakes.slack.state import SlackError


def _offset(cursor: str) -> int:
    """Where a page starts: the fake's cursors are ``base64("offset:N")``; an unreadable one is Slack's error."""
    if not cursor:
        return 0
    try:
        decoded = base64.b64decode(cursor.encode(), validate=True).decode()
        if not decoded.startswith("offset:"):
            raise ValueError(decoded)
        return int(decoded.split(":", 1)[1])
    except ValueError:
        raise SlackError("invalid_cursor") from None


def _next_cursor(offset: int, limit: int, total: int) -> str:
    """The cursor of the next page, or ``""`` after the last one (Slack's way to say "no more")."""
    return base64.b64encode(f"offset:{offset + limit}".encode()).decode() if offset + limit < total else ""
