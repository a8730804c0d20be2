"""A message's structure within Block Kit's limits: action ids unique and mapped back to their action,
button styles and confirms, long texts cut without breaking entities, fields, buttons and blocks split or
capped where Slack's limits require."""

from __future__ import annotations

import re

from bot import actions
from bot.specs import Actions
from bot.specs import Button
from bot.specs import ButtonStyle
from bot.specs import Confirm
from bot.specs import Context
from bot.specs import Divider
from bot.specs import Fields
from bot.specs import Mention
from bot.specs import MessageSpec
from bot.specs import Plain
from bot.specs import Section
from bot.specs import plain
from handlers.slack.render import action_name
from handlers.slack.render import mrkdwn
from handlers.slack.render import render_message
from tests.slack.rendering import buttons_of
from tests.slack.rendering import section_text


def test_action_ids_are_unique_and_map_back_to_the_action() -> None:
    spec = MessageSpec(
        "s",
        (
            Section(plain("item 1"), button=Button(actions.CHECK, "Done", "INC-1|1")),
            Section(plain("item 2"), button=Button(actions.CHECK, "Done", "INC-1|2")),
            Actions(
                (Button(actions.CLASSIFY, "Classify", "INC-1"), Button(actions.CLASSIFY, "Again", "INC-1"))
            ),
        ),
    )
    found = buttons_of(render_message(spec)["blocks"])
    ids = [b["action_id"] for b in found]
    assert len(ids) == 4 and len(set(ids)) == 4
    assert [action_name(i) for i in ids] == [actions.CHECK, actions.CHECK, actions.CLASSIFY, actions.CLASSIFY]
    assert [b["value"] for b in found] == ["INC-1|1", "INC-1|2", "INC-1", "INC-1"]


def test_button_styles_confirm_and_lengths() -> None:
    confirm = Confirm(title="T" * 150, text="X" * 400, yes="Y" * 40, no="N" * 40)
    spec = MessageSpec(
        "s",
        (
            Actions(
                (
                    Button(actions.APPROVE, "Approve", "1", ButtonStyle.PRIMARY),
                    Button(actions.REJECT, "R" * 100, "1", ButtonStyle.DANGER, confirm),
                    Button(actions.PHASE, "Next", ""),
                )
            ),
        ),
    )
    primary, danger, default = render_message(spec)["blocks"][0]["elements"]
    assert primary["style"] == "primary" and "confirm" not in primary
    assert "style" not in default and "value" not in default
    assert danger["style"] == "danger" and danger["confirm"]["style"] == "danger"
    assert len(danger["text"]["text"]) == 75 and danger["text"]["text"].endswith("…")
    assert len(danger["confirm"]["title"]["text"]) <= 100
    assert len(danger["confirm"]["text"]["text"]) <= 300
    assert len(danger["confirm"]["confirm"]["text"]) <= 30 and len(danger["confirm"]["deny"]["text"]) <= 30


def test_long_texts_are_cut_without_breaking_entities() -> None:
    text = section_text(plain("&" * 5000))
    assert len(text) <= 3000 and text.endswith("&amp;…")
    assert re.fullmatch(r"(&amp;)+…", text)
    summary = render_message(MessageSpec("<" * 5000))["text"]
    assert len(summary) <= 3000 and re.fullmatch(r"(&lt;)+…", summary)
    mention_then_long = mrkdwn((Mention("U1"), Plain("a" * 4000)), 100)
    assert mention_then_long.startswith("<@U1>") and len(mention_then_long) == 100


def test_context_divider_and_empty_section() -> None:
    blocks = render_message(MessageSpec("s", (Section(()), Context(plain("<!here> note")), Divider())))[
        "blocks"
    ]
    assert [b["type"] for b in blocks] == ["section", "context", "divider"]
    assert blocks[0]["text"]["text"]  # Slack rejects empty text
    assert blocks[1]["elements"] == [{"type": "mrkdwn", "text": "&lt;!here&gt; note"}]


def test_more_than_ten_fields_are_split_and_each_field_fits() -> None:
    pairs = tuple((f"Label {i}", plain(f"value {i}" + ("x" * 3000 if i == 3 else ""))) for i in range(25))
    blocks = render_message(MessageSpec("s", (Fields(pairs),)))["blocks"]
    assert [len(b["fields"]) for b in blocks] == [10, 10, 5]
    texts = [f["text"] for b in blocks for f in b["fields"]]
    assert [t.split("\n")[0] for t in texts] == [f"*Label {i}*" for i in range(25)]
    assert all(len(t) <= 2000 for t in texts) and texts[3].endswith("…")


def test_more_than_25_buttons_split_into_actions_blocks() -> None:
    buttons = tuple(Button(actions.CHECK, f"b{i}", str(i)) for i in range(30))
    blocks = render_message(MessageSpec("s", (Actions(buttons),)))["blocks"]
    assert [len(b["elements"]) for b in blocks] == [25, 5]
    assert len({b["action_id"] for b in buttons_of(blocks)}) == 30


def test_more_than_50_blocks_are_capped_keeping_the_last_actions() -> None:
    many = tuple(Section(plain(f"line {i}")) for i in range(70))
    spec = MessageSpec("s", (*many, Actions((Button(actions.APPROVE, "Approve", "1"),))))
    blocks = render_message(spec)["blocks"]
    assert len(blocks) == 50
    assert (
        blocks[-1]["type"] == "actions"
        and action_name(blocks[-1]["elements"][0]["action_id"]) == actions.APPROVE
    )
    assert blocks[48]["text"]["text"] == "line 48"
    no_actions = render_message(MessageSpec("s", many))["blocks"]
    assert len(no_actions) == 50 and no_actions[-1]["text"]["text"] == "line 49"

