"""Slack rendering of the core's neutral specs, and reading submissions back (pure, no I/O).

The work is split by concern; this module is the one place handlers import from:

* :mod:`handlers.slack.render_text`: mrkdwn escaping of user text, mentions, links, truncation;
* :mod:`handlers.slack.render_message`: ``MessageSpec`` → ``{"text", "blocks"}``;
* :mod:`handlers.slack.render_modal`: ``FormSpec`` → modal view, and a read-only notice modal;
* :mod:`handlers.slack.parse`: view_submission state → ``FormValues``, field errors, action names.
"""

from __future__ import annotations

from handlers.slack.parse import action_name
from handlers.slack.parse import field_errors
from handlers.slack.parse import parse_view_state
from handlers.slack.render_message import action_id
from handlers.slack.render_message import render_message
from handlers.slack.render_modal import notice_view
from handlers.slack.render_modal import render_modal
from handlers.slack.render_text import escape
from handlers.slack.render_text import mrkdwn

__all__ = [
    "action_id",
    "action_name",
    "escape",
    "field_errors",
    "mrkdwn",
    "notice_view",
    "parse_view_state",
    "render_message",
    "render_modal",
]
