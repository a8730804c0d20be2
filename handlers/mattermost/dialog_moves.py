"""A form's other ways out (:attr:`bot.specs.FormSpec.moves`: back, save and close) in a Mattermost dialog.

A dialog has one submit button and no buttons inside it (action buttons in dialogs came with 11.10, and
they do not carry what was typed). So the moves become a required ``radio`` element at the end of the
dialog, *After saving*, whose first option is the form's own way forward (its submit label, e.g. *Save and
next ›*) and is chosen by default; the submit button then reads *Save*. Submitting saves what was typed and
moves the way chosen, like pressing that button in a Slack modal. The moves offered are sealed in the
dialog's state, so a submission can only choose one of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.specs import FormSpec
from handlers.mattermost.render_text import truncate

MOVE_ELEMENT = "sirene_move"
FORWARD = "next"
DISPLAY_NAME_MAX = 24
OPTION_TEXT_MAX = 150


@dataclass(frozen=True)
class MoveWords:
    """The words of the moves element, in the user's language (``form_moves.*``)."""

    then: str
    save: str


def move_element(form: FormSpec, words: MoveWords) -> dict[str, Any]:
    options = [{"text": truncate(form.submit, OPTION_TEXT_MAX), "value": FORWARD}]
    options += [{"text": truncate(move.label, OPTION_TEXT_MAX), "value": move.name} for move in form.moves]
    return {"display_name": truncate(words.then, DISPLAY_NAME_MAX), "name": MOVE_ELEMENT, "type": "radio",
            "optional": False, "options": options, "default": FORWARD}


def read_move(submission: object, offered: frozenset[str]) -> tuple[str | None, bool]:
    """The move chosen (``None``: forward) and whether it is one the dialog offered."""
    raw = submission.get(MOVE_ELEMENT) if isinstance(submission, Mapping) else None
    if raw in (None, "", FORWARD):
        return None, True
    if isinstance(raw, str) and raw in offered:
        return raw, True
    return None, False
