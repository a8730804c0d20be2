"""What the merge of two incidents shows: the pointer left in the merged incident's channel, and what the
merged incident's reporters read."""

from __future__ import annotations

from bot.i18n import Translator
from bot.specs import MessageSpec
from bot.specs import Section
from bot.specs import Tone
from bot.views.common import goes_on_in


def merged_pointer(tr: Translator, merged: str, kept: str, channel_id: str | None) -> MessageSpec:
    """The last line of the merged incident's channel: where the incident goes on."""
    text = goes_on_in(tr, "merge.pointer", "merge.pointer_channel", channel_id, merged=merged, kept=kept)
    return MessageSpec(tr.t("merge.pointer_summary", merged=merged, kept=kept), (Section(text),),
                       marker=f"{merged}:merged")


def merged_told(tr: Translator, merged: str, kept: str, channel_id: str | None, reporter_id: str) -> MessageSpec:
    """A reporter's message: the incident they reported goes on as ``kept``, followed in its channel."""
    text = goes_on_in(tr, "merge.told", "merge.told_channel", channel_id, merged=merged, kept=kept)
    return MessageSpec(tr.t("merge.told_summary", merged=merged, kept=kept), (Section(text),), Tone.GOOD,
                       marker=f"{merged}:merged:{reporter_id}")
