"""An independent check of Slack rendering, when the project's Block Kit fake is available: a message and a
modal built past every limit pass the fake's Block Kit checks once rendered."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime

import pytest

from bot import actions
from bot.specs import Actions
from bot.specs import Button
from bot.specs import Choice
from bot.specs import DateTimeInput
from bot.specs import Fields
from bot.specs import MessageSpec
from bot.specs import Note
from bot.specs import RadioInput
from bot.specs import Section
from bot.specs import SelectInput
from bot.specs import TextInput
from bot.specs import plain
from handlers.slack.render import render_message
from handlers.slack.render import render_modal
from tests.slack.rendering import HOSTILE
from tests.slack.rendering import form


def test_output_passes_the_block_kit_fake() -> None:
    blockkit = pytest.importorskip("tests.fakes.slack.blockkit")
    if not (hasattr(blockkit, "check_blocks") and hasattr(blockkit, "check_view")):
        pytest.skip("tests.fakes.slack.blockkit has no check_blocks/check_view")
    spec = MessageSpec(
        HOSTILE,
        (
            *(Section(plain(HOSTILE * 40), button=Button(actions.CHECK, "x" * 90, "1")) for _ in range(30)),
            Fields(tuple((f"L{i}", plain("v" * 2500)) for i in range(23))),
            Actions(tuple(Button(actions.PHASE, f"p{i}", str(i)) for i in range(30))),
        ),
    )
    assert blockkit.check_blocks(render_message(spec)["blocks"], "message") == []
    choices = tuple(Choice(f"v{i}", "l" * 90) for i in range(130))
    inputs = (
        Note(plain(HOSTILE)),
        TextInput("t", "T" * 3000, max_length=9000, placeholder="p" * 300, hint="h" * 3000),
        SelectInput("s", "S", choices, multiple=True, initial=("v1",)),
        RadioInput("r", "R", choices[:5], initial="v2"),
        DateTimeInput("d", "D", initial=datetime(2026, 1, 1, tzinfo=UTC)),
    )
    assert blockkit.check_view(render_modal(form(*inputs, title="T" * 40), "m" * 3000)) == []
