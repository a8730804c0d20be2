"""Slack rendering keeps user text inert: no mention, broadcast, link or formatting comes out of it, quotes
at a line start are neutralised, while bold, mentions, channel links and safe links render, and unsafe links
or forged IDs become plain text."""

from __future__ import annotations

import re

import pytest

from bot.specs import ChannelLink
from bot.specs import Link
from bot.specs import Mention
from bot.specs import MessageSpec
from bot.specs import Plain
from bot.specs import Strong
from bot.specs import plain
from handlers.slack.render import escape
from handlers.slack.render import render_message
from tests.slack.rendering import FORMATTING
from tests.slack.rendering import HOSTILE
from tests.slack.rendering import section_text


def test_hostile_user_text_is_inert() -> None:
    text = section_text(plain(HOSTILE))
    assert "<" not in text and ">" not in text  # no mention, broadcast or link token at all
    assert "&lt;!channel&gt;" in text and "&lt;!here&gt;" in text and "&lt;@\u200dU0BOSS&gt;" in text
    assert "&lt;https://evil.example|click&gt;" in text
    assert not re.search(r"@(here|channel|everyone)", text)
    assert not set(FORMATTING) & set(text)


def test_summary_fallback_is_escaped_too() -> None:
    body = render_message(MessageSpec(HOSTILE))
    assert "<!channel>" not in body["text"] and "<!here>" not in body["text"]
    assert not re.search(r"@(here|channel|everyone)", body["text"])
    assert body["blocks"] == []


def test_escape_keeps_ordinary_text_readable() -> None:
    assert escape("a & b < c > d") == "a &amp; b &lt; c &gt; d"
    assert escape("mail ops@example.com") == "mail ops@example.com"  # not at a word start: untouched
    assert escape("snake_case *x*") == "snake\u02cdcase \u2217x\u2217"
    assert escape("@here") == "@\u200dhere"


def test_quote_at_line_start_is_neutralised() -> None:
    text = section_text(plain("first\n> quoted\n  >>> more\nx > y"))
    assert not re.search(r"^\s*&gt;", text, re.MULTILINE)
    assert "x &gt; y" in text  # a ">" inside a line stays a plain escaped ">"


def test_strong_is_bold_and_its_content_escaped() -> None:
    assert section_text((Strong("Title"),)) == "*Title*"
    assert section_text((Strong("a*b <!here>"),)) == "*a\u2217b &lt;!here&gt;*"
    assert section_text((Strong("  padded  "),)) == "  *padded*  "
    assert section_text((Strong("one\ntwo"),)) == "*one*\n*two*"
    # next to a letter, a zero-width space keeps the stars working as bold
    assert section_text((Plain("INC"), Strong("7"), Plain("s"))) == "INC\u200b*7*\u200bs"
    assert section_text((Plain("x "), Strong("7"), Plain(": y"))) == "x *7*: y"


def test_mentions_channels_and_links_render() -> None:
    rich = (
        Mention("U123ABC"),
        Plain(" in "),
        ChannelLink("C0ABC"),
        Plain(" "),
        Link("https://x.org/a?b=1&c=2", "the *doc*"),
    )
    assert section_text(rich) == "<@U123ABC> in <#C0ABC> <https://x.org/a?b=1&amp;c=2|the \u2217doc\u2217>"
    assert section_text((Link("http://x.org", ""),)) == "<http://x.org>"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "https://evil|x",
        "https://a.org/>x",
        "https://a b",
        "ftp://x.org",
        "//x.org",
        "",
    ],
)
def test_unsafe_links_become_plain_labels(url: str) -> None:
    assert section_text((Link(url, "label <!here>"),)) == "label &lt;!here&gt;"


def test_forged_ids_do_not_inject() -> None:
    text = section_text((Mention("U1>|<!channel"), ChannelLink("C1> <!here")))
    assert "<" not in text and ">" not in text

