"""A retried job finds what its earlier attempt posted, even when the retry skips a message it no longer needs."""

from __future__ import annotations

import pytest

from bot.jobs.outbox import OutboxChat
from bot.jobs.outbox import Pacer
from bot.ports import ChatUnavailable
from bot.ports import Job
from bot.specs import MessageSpec
from tests.fakes.memory_chat import MemoryChat


def test_a_retry_that_skips_the_first_message_finds_the_second_instead_of_posting_it_again() -> None:
    chat = MemoryChat()
    job = Job("space.setup", 1, {}, id=7, attempts=1)
    first = OutboxChat(chat, job, Pacer(interval=0))
    first.post_message("C1", MessageSpec("Announcement", (), marker="INC-1:announcement"))
    chat.lose_answers = 1
    with pytest.raises(ChatUnavailable):  # the checklist is posted, its answer lost
        first.post_message("C1", MessageSpec("Checklist", (), marker="INC-1:checklist"))

    retry = OutboxChat(chat, Job("space.setup", 1, {}, id=7, attempts=2), Pacer(interval=0))
    # The announcement is stored by now: the retry posts only the checklist.
    retry.post_message("C1", MessageSpec("Checklist", (), marker="INC-1:checklist"))
    markers = [m.spec.marker for m in chat.messages.values()]
    assert markers == ["INC-1:announcement@job7.0", "INC-1:checklist@job7.0"]
