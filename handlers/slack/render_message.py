"""A neutral :class:`MessageSpec` as a Slack message: ``{"text": ..., "blocks": [...]}`` in Block Kit.

The tone is not shown: the core already puts the severity emoji in the text, and Block Kit has
no colour bar without legacy attachments.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import count
from typing import Any

from slack_sdk.models.blocks import ActionsBlock
from slack_sdk.models.blocks import Block
from slack_sdk.models.blocks import ButtonElement
from slack_sdk.models.blocks import ConfirmObject
from slack_sdk.models.blocks import ContextBlock
from slack_sdk.models.blocks import DividerBlock
from slack_sdk.models.blocks import MarkdownTextObject
from slack_sdk.models.blocks import PlainTextObject
from slack_sdk.models.blocks import SectionBlock

from bot.specs import Actions
from bot.specs import Block as SpecBlock
from bot.specs import Button
from bot.specs import ButtonStyle
from bot.specs import Context
from bot.specs import Divider
from bot.specs import Fields
from bot.specs import MessageSpec
from bot.specs import Plain
from bot.specs import Rich
from bot.specs import Section
from bot.specs import Strong
from handlers.slack.render_text import EMPTY
from handlers.slack.render_text import mrkdwn
from handlers.slack.render_text import mrkdwn_or_empty
from handlers.slack.render_text import truncate

MESSAGE_TEXT = 3000
MESSAGE_BLOCKS = 50
SECTION_TEXT = 3000
SECTION_FIELDS = 10
FIELD_TEXT = 2000
FIELD_LABEL = 300
"""Our own cap on a field's label, so that the value always keeps most of the room."""
ACTIONS_ELEMENTS = 25
BUTTON_TEXT = 75
CONFIRM_TITLE = 100
CONFIRM_TEXT = 300
CONFIRM_BUTTON = 30
BLOCK_ID_MAX = 255
MARKER_PREFIX = "sirene:"


def action_id(action: str, index: int) -> str:
    """The button's ``action_id``: unique in the message; the handler matches the part before ":"."""
    return f"{action}:{index}"


def _plain(text: str, limit: int) -> PlainTextObject:
    return PlainTextObject(text=truncate(text, limit) or EMPTY, emoji=True)


def _button(button: Button, index: int) -> ButtonElement:
    danger = button.style == ButtonStyle.DANGER
    confirm = None
    if button.confirm is not None:
        confirm = ConfirmObject(
            title=_plain(button.confirm.title, CONFIRM_TITLE),
            text=_plain(button.confirm.text, CONFIRM_TEXT),
            confirm=_plain(button.confirm.yes, CONFIRM_BUTTON),
            deny=_plain(button.confirm.no, CONFIRM_BUTTON),
            style="danger" if danger else None,
        )
    style = {ButtonStyle.PRIMARY: "primary", ButtonStyle.DANGER: "danger"}.get(button.style)
    return ButtonElement(
        text=_plain(button.label, BUTTON_TEXT),
        action_id=action_id(button.action, index),
        value=button.value or None,  # Slack rejects an empty value; the SDK rejects > 2000 chars
        style=style,
        confirm=confirm,
    )


def _field(label: str, value: Rich) -> MarkdownTextObject:
    head = mrkdwn((Strong(label),), FIELD_LABEL)
    text = (head + "\n" + mrkdwn(value, FIELD_TEXT - len(head) - 1)) if head else mrkdwn(value, FIELD_TEXT)
    return MarkdownTextObject(text=text or EMPTY)


def _blocks(block: SpecBlock, indexes: Iterator[int]) -> list[Block]:
    if isinstance(block, Section):
        accessory = _button(block.button, next(indexes)) if block.button is not None else None
        text = MarkdownTextObject(text=mrkdwn_or_empty(block.text, SECTION_TEXT))
        return [SectionBlock(text=text, accessory=accessory)]
    if isinstance(block, Fields):
        fields = [_field(label, value) for label, value in block.pairs]
        return [
            SectionBlock(fields=fields[start : start + SECTION_FIELDS])
            for start in range(0, len(fields), SECTION_FIELDS)
        ]
    if isinstance(block, Actions):
        buttons = [_button(button, next(indexes)) for button in block.buttons]
        return [
            ActionsBlock(elements=buttons[start : start + ACTIONS_ELEMENTS])
            for start in range(0, len(buttons), ACTIONS_ELEMENTS)
        ]
    if isinstance(block, Context):
        return [ContextBlock(elements=[MarkdownTextObject(text=mrkdwn_or_empty(block.text, SECTION_TEXT))])]
    if isinstance(block, Divider):
        return [DividerBlock()]
    return []  # an unknown block kind: nothing rather than a crash


def _cap(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """At most 50 blocks; when cutting, the last actions block is kept so the buttons stay usable."""
    if len(blocks) <= MESSAGE_BLOCKS:
        return blocks
    last_actions = max((i for i, b in enumerate(blocks) if b.get("type") == "actions"), default=None)
    if last_actions is None or last_actions < MESSAGE_BLOCKS:
        return blocks[:MESSAGE_BLOCKS]
    return [*blocks[: MESSAGE_BLOCKS - 1], blocks[last_actions]]


def marker_block_id(marker: str) -> str:
    """The ``block_id`` that carries a spec's marker (on the message's first block)."""
    return f"{MARKER_PREFIX}{marker}"[:BLOCK_ID_MAX]


def render_message(spec: MessageSpec) -> dict[str, Any]:
    """The ``text`` (escaped fallback for notifications) and ``blocks`` of a chat.postMessage/update.

    The spec's ``marker`` becomes the first block's ``block_id``, so that the message can be found again
    (``conversations.history``) when the answer to its post was lost.
    """
    indexes = count()
    rendered: list[dict[str, Any]] = []
    for block in spec.blocks:
        rendered.extend(item.to_dict() for item in _blocks(block, indexes))
    text = mrkdwn((Plain(spec.summary),), MESSAGE_TEXT)
    blocks = _cap(rendered)
    if spec.marker:
        if not blocks:
            blocks = [SectionBlock(text=MarkdownTextObject(text=text or EMPTY)).to_dict()]
        blocks[0] = {**blocks[0], "block_id": marker_block_id(spec.marker)}
    return {"text": text, "blocks": blocks}
