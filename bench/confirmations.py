"""How the bot confirmed tagged messages in the fake Slack: a ✅ each, or one quiet line for a burst."""

from __future__ import annotations

import re

from bot.views.queries import BURST_MARKER
from handlers.slack.render_message import marker_block_id
from tests.fakes.slack.server import FakeSlack

CONFIRMATION = "white_check_mark"


class Confirmations:
    """What the bot did to confirm tagged messages: ✅ reactions, and lines confirming a burst of entries."""

    def __init__(self, fake: FakeSlack) -> None:
        self._fake = fake
        self._reacted = {(str(c.args.get("channel")), str(c.args.get("timestamp"))): c.at
                         for c in reversed(fake.calls_to("reactions.add"))
                         if c.ok and c.args.get("name") == CONFIRMATION}
        self._bursts: dict[str, list[tuple[int, int, float]]] = {}

    def at(self, tag: tuple[str, str], sequence: int | None) -> float | None:
        """When the message was confirmed (its ✅, or the line whose range holds its entry); ``None``: never."""
        if tag in self._reacted:
            return self._reacted[tag]
        if sequence is not None:
            for first, last, at in self._burst_lines(tag[0]):
                if first <= sequence <= last:
                    return at
        return None

    def _burst_lines(self, channel: str) -> list[tuple[int, int, float]]:
        if channel not in self._bursts:
            self._bursts[channel] = burst_lines(self._fake, channel)
        return self._bursts[channel]


def burst_lines(fake: FakeSlack, channel: str) -> list[tuple[int, int, float]]:
    """The bot's lines confirming a burst of entries in ``channel``: (first entry, last entry, when posted)."""
    found = []
    for message in fake.messages(channel):
        blocks = message.blocks or []
        if blocks and str(blocks[0].get("block_id", "")).startswith(marker_block_id(BURST_MARKER)):
            numbers = [int(n) for n in re.findall(r"\d+", message.text.split("·")[0])]
            found.append((numbers[1], numbers[2], float(message.ts)))
    return found
