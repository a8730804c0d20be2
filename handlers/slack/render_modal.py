"""A neutral :class:`FormSpec` as a Slack modal view (for views.open / views.update / views.push).

Every input block's ``block_id`` and its element's ``action_id`` are the input's name, so that
:func:`handlers.slack.parse.parse_view_state` gives values keyed by input name. A form's ``moves``
(back, save and close) become buttons at the bottom of the modal: pressing one sends block_actions
with the typed values, and the listener answers with ``views.update``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC
from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import ActionsBlock
from slack_sdk.models.blocks import Block
from slack_sdk.models.blocks import ButtonElement
from slack_sdk.models.blocks import DateTimePickerElement
from slack_sdk.models.blocks import InputBlock
from slack_sdk.models.blocks import InputInteractiveElement
from slack_sdk.models.blocks import MarkdownTextObject
from slack_sdk.models.blocks import Option
from slack_sdk.models.blocks import PlainTextInputElement
from slack_sdk.models.blocks import PlainTextObject
from slack_sdk.models.blocks import RadioButtonsElement
from slack_sdk.models.blocks import SectionBlock
from slack_sdk.models.blocks import StaticMultiSelectElement
from slack_sdk.models.blocks import StaticSelectElement
from slack_sdk.models.views import View

from bot.actions import FORM_MOVE
from bot.specs import Choice
from bot.specs import DateTimeInput
from bot.specs import FormInput
from bot.specs import FormSpec
from bot.specs import MessageSpec
from bot.specs import Note
from bot.specs import Plain
from bot.specs import RadioInput
from bot.specs import SelectInput
from bot.specs import TextInput
from handlers.slack.render_message import render_message
from handlers.slack.render_text import EMPTY
from handlers.slack.render_text import mrkdwn_or_empty
from handlers.slack.render_text import truncate

MODAL_TITLE = 24
MODAL_BUTTON = 24
MODAL_BLOCKS = 100
PRIVATE_METADATA = 3000
INPUT_LABEL = 2000
INPUT_HINT = 2000
PLACEHOLDER = 150
TEXT_INPUT_MAX = 3000
SELECT_OPTIONS = 100
RADIO_OPTIONS = 10
OPTION_TEXT = 75
OPTION_VALUE = 150
NOTE_TEXT = 3000
EPOCH_MAX = 9_999_999_999


def _plain(text: str, limit: int) -> PlainTextObject:
    return PlainTextObject(text=truncate(text, limit) or EMPTY, emoji=True)


def _options(choices: Sequence[Choice], limit: int) -> list[Option]:
    """At most ``limit`` options. A value longer than Slack allows cannot be sent unchanged,
    and a cut value would come back as something the core never offered, so it is left out."""
    usable = [c for c in choices if 0 < len(c.value) <= OPTION_VALUE]
    return [Option(value=c.value, text=_plain(c.label, OPTION_TEXT)) for c in usable[:limit]]


def _initial(options: Sequence[Option], wanted: Sequence[str]) -> list[Option]:
    return [option for option in options if option.value in wanted]


def epoch_seconds(moment: datetime) -> int | None:
    """A datetime as the datetimepicker's epoch seconds; a naive datetime is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    seconds = int(moment.timestamp())
    return seconds if 0 <= seconds <= EPOCH_MAX else None


def _element(item: TextInput | SelectInput | RadioInput | DateTimeInput) -> InputInteractiveElement | None:
    if isinstance(item, TextInput):
        max_length = min(item.max_length, TEXT_INPUT_MAX) if item.max_length > 0 else None
        initial = item.initial[:max_length] if max_length else item.initial
        return PlainTextInputElement(
            action_id=item.name,
            multiline=item.multiline or None,
            max_length=max_length,
            initial_value=initial or None,
            placeholder=_plain(item.placeholder, PLACEHOLDER) if item.placeholder else None,
        )
    if isinstance(item, DateTimeInput):
        initial_seconds = epoch_seconds(item.initial) if item.initial is not None else None
        return DateTimePickerElement(action_id=item.name, initial_date_time=initial_seconds)
    if isinstance(item, RadioInput) and len(item.choices) <= RADIO_OPTIONS:
        options = _options(item.choices, RADIO_OPTIONS)
        if not options:
            return None
        chosen = _initial(options, [item.initial] if item.initial is not None else [])
        return RadioButtonsElement(
            action_id=item.name, options=options, initial_option=next(iter(chosen), None)
        )
    options = _options(item.choices, SELECT_OPTIONS)
    if not options:
        return None  # a select without options is rejected by Slack
    if isinstance(item, SelectInput) and item.multiple:
        return StaticMultiSelectElement(
            action_id=item.name, options=options, initial_options=_initial(options, item.initial) or None
        )
    wanted = item.initial if isinstance(item, SelectInput) else [item.initial] if item.initial else []
    chosen = _initial(options, wanted)
    return StaticSelectElement(action_id=item.name, options=options, initial_option=next(iter(chosen), None))


def _block(item: FormInput) -> Block | None:
    if isinstance(item, Note):
        return SectionBlock(text=MarkdownTextObject(text=mrkdwn_or_empty(item.text, NOTE_TEXT)))
    element = _element(item)
    if element is None:
        return None
    return InputBlock(
        block_id=item.name,
        label=_plain(item.label, INPUT_LABEL),
        element=element,
        optional=item.optional or None,
        hint=_plain(item.hint, INPUT_HINT) if item.hint else None,
    )


def render_modal(form: FormSpec, private_metadata: str) -> dict[str, Any]:
    """The modal view: ``callback_id`` is the form id, ``private_metadata`` is passed through.

    Raises ``ValueError`` if ``private_metadata`` is longer than Slack's 3000 characters: it is
    opaque state, and cutting it would corrupt it silently.
    """
    if len(private_metadata) > PRIVATE_METADATA:
        raise ValueError(
            f"private_metadata is {len(private_metadata)} chars (Slack allows {PRIVATE_METADATA})"
        )
    blocks = [block for item in form.inputs if (block := _block(item)) is not None]
    if form.moves:
        moves = ActionsBlock(block_id="sirene_moves", elements=[
            ButtonElement(action_id=f"{FORM_MOVE}:{index}", text=_plain(move.label, MODAL_BUTTON), value=move.name)
            for index, move in enumerate(form.moves)])
        blocks = [*blocks[: MODAL_BLOCKS - 1], moves]
    blocks = blocks[:MODAL_BLOCKS]
    view = View(
        type="modal",
        callback_id=form.form_id,
        title=_plain(form.title, MODAL_TITLE),
        submit=_plain(form.submit, MODAL_BUTTON),
        close=_plain(form.cancel, MODAL_BUTTON),
        private_metadata=private_metadata or None,
        blocks=blocks,
    )
    result: dict[str, Any] = view.to_dict()
    return result


def notice_view(spec: MessageSpec, title: str, close: str) -> dict[str, Any]:
    """A modal without a submit button that shows a message (e.g. the answer after a submission)."""
    blocks: list[dict[str, Any]] = render_message(spec)["blocks"]
    if not blocks:
        text = MarkdownTextObject(text=mrkdwn_or_empty((Plain(spec.summary),), NOTE_TEXT))
        blocks = [SectionBlock(text=text).to_dict()]
    view = View(
        type="modal", title=_plain(title, MODAL_TITLE), close=_plain(close, MODAL_BUTTON), blocks=blocks
    )
    result: dict[str, Any] = view.to_dict()
    return result
