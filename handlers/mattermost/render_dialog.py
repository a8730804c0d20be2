"""A neutral :class:`FormSpec` as a Mattermost interactive dialog, and its submission read back.

* :class:`TextInput` → ``text`` (``textarea`` when multi-line or longer than a text element allows);
* :class:`SelectInput` → ``select`` (``multiselect`` when several may be chosen);
* :class:`RadioInput` → ``radio``;
* :class:`DateTimeInput` → ``text`` holding ``YYYY-MM-DD HH:MM`` in the plan's time zone (date
  pickers exist only on recent servers); a value that does not read as one is a field error;
* :class:`Note` → the dialog's ``introduction_text`` (a dialog has no read-only element);
* the form's moves (back, save and close) → a radio element *After saving* (:mod:`.dialog_moves`).

The dialog's ``state`` is sealed by the :class:`Signer`: the form id, the core's state, the user it
was opened for, a nonce (the idempotency key of the submission), which elements hold dates or
several choices, and the moves offered. A submission whose state fails the check is refused with 403.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.specs import Choice
from bot.specs import DateTimeInput
from bot.specs import FormInput
from bot.specs import FormSpec
from bot.specs import FormValues
from bot.specs import Note
from bot.specs import RadioInput
from bot.specs import SelectInput
from bot.specs import TextInput
from handlers.mattermost.dialog_moves import MOVE_ELEMENT
from handlers.mattermost.dialog_moves import MoveWords
from handlers.mattermost.dialog_moves import move_element
from handlers.mattermost.render_text import Names
from handlers.mattermost.render_text import markdown
from handlers.mattermost.render_text import truncate
from handlers.mattermost.signing import Signer

DIALOG_PURPOSE = "dialog"
DIALOG_TTL = timedelta(hours=12)
TITLE_MAX = 24
DISPLAY_NAME_MAX = 24
PLACEHOLDER_MAX = 150
HELP_TEXT_MAX = 150
TEXT_MAX = 150
TEXTAREA_MAX = 3000
OPTION_TEXT_MAX = 150
INTRODUCTION_MAX = 3000
DATETIME_FORMAT = "%Y-%m-%d %H:%M"
DATETIME_PLACEHOLDER = "YYYY-MM-DD HH:MM"
_READ_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M", "%d-%m-%Y %H:%M")

Value = str | tuple[str, ...] | datetime | None


@dataclass(frozen=True)
class DialogState:
    """What a genuine submission carries back in its sealed ``state``."""

    form_id: str
    state: str
    user_id: str
    nonce: str
    datetimes: frozenset[str]
    multiples: frozenset[str]
    moves: frozenset[str] = frozenset()


def _options(choices: tuple[Choice, ...]) -> list[dict[str, str]]:
    return [{"text": truncate(c.label, OPTION_TEXT_MAX), "value": c.value} for c in choices if c.value]


def _label(label: str, hint: str) -> tuple[str, str]:
    """``display_name`` and ``help_text``: a label too long for the title goes whole into the help."""
    name = truncate(label, DISPLAY_NAME_MAX)
    help_text = hint if name == label else f"{label}. {hint}".strip(". ") if hint else label
    return name, truncate(help_text, HELP_TEXT_MAX)


def local_text(moment: datetime | None, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime(DATETIME_FORMAT) if moment is not None else ""


def _element(item: FormInput, zone: ZoneInfo, datetime_hint: str) -> dict[str, Any] | None:
    if isinstance(item, Note):
        return None
    display_name, help_text = _label(item.label, item.hint)
    base: dict[str, Any] = {"display_name": display_name, "name": item.name, "optional": item.optional}
    if help_text:
        base["help_text"] = help_text
    if isinstance(item, TextInput):
        long = item.multiline or item.max_length > TEXT_MAX
        limit = min(item.max_length if item.max_length > 0 else TEXTAREA_MAX, TEXTAREA_MAX if long else TEXT_MAX)
        base |= {"type": "textarea" if long else "text", "max_length": limit, "default": item.initial[:limit],
                 "placeholder": truncate(item.placeholder, PLACEHOLDER_MAX)}
        return base
    if isinstance(item, DateTimeInput):
        help_text = truncate(f"{item.hint} {datetime_hint}".strip(), HELP_TEXT_MAX)
        return base | {"type": "text", "max_length": len(DATETIME_PLACEHOLDER) + 3,
                       "default": local_text(item.initial, zone), "placeholder": DATETIME_PLACEHOLDER,
                       "help_text": help_text}
    options = _options(item.choices)
    if not options:
        return None
    if isinstance(item, RadioInput):
        return base | {"type": "radio", "options": options, "default": item.initial or ""}
    base |= {"type": "select", "options": options}
    if item.multiple:
        return base | {"multiselect": True, "default": ",".join(item.initial)}
    return base | {"default": item.initial[0] if item.initial else ""}


def render_dialog(form: FormSpec, names: Names, signer: Signer, user_id: str, zone: ZoneInfo,
                  datetime_hint: str, moves: MoveWords | None = None) -> dict[str, Any]:
    """The ``dialog`` of ``POST /actions/dialogs/open`` (or of a ``{"type": "form"}`` answer).

    ``moves`` (the words of the *After saving* element) is needed to offer the form's moves."""
    elements = [e for item in form.inputs if (e := _element(item, zone, datetime_hint)) is not None]
    offered = form.moves if moves is not None else ()
    if moves is not None and offered:
        elements.append(move_element(form, moves))
    notes = [markdown(item.text, names, INTRODUCTION_MAX) for item in form.inputs if isinstance(item, Note)]
    sealed = {
        "form": form.form_id,
        "state": form.state,
        "user": user_id,
        "nonce": secrets.token_hex(8),
        "datetimes": ",".join(i.name for i in form.inputs if isinstance(i, DateTimeInput)),
        "multiples": ",".join(i.name for i in form.inputs if isinstance(i, SelectInput) and i.multiple),
        "moves": ",".join(move.name for move in offered),
    }
    dialog: dict[str, Any] = {
        "callback_id": form.form_id,
        "title": truncate(form.title, TITLE_MAX),
        "elements": elements,
        "submit_label": truncate(moves.save if moves is not None and offered else form.submit, TITLE_MAX),
        "notify_on_cancel": False,
        "state": signer.seal(DIALOG_PURPOSE, sealed, DIALOG_TTL),
    }
    if notes:
        dialog["introduction_text"] = truncate("\n\n".join(notes), INTRODUCTION_MAX)
    return dialog


def read_state(signer: Signer, state: object) -> DialogState | None:
    fields = signer.unseal(DIALOG_PURPOSE, state)
    if fields is None:
        return None

    def names(key: str) -> frozenset[str]:
        return frozenset(n for n in fields.get(key, "").split(",") if n)

    return DialogState(fields.get("form", ""), fields.get("state", ""), fields.get("user", ""),
                       fields.get("nonce", ""), names("datetimes"), names("multiples"), names("moves"))


def read_moment(text: str, zone: ZoneInfo) -> datetime | None:
    for pattern in _READ_FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern).replace(tzinfo=zone)
        except ValueError:
            continue
    return None


def parse_submission(submission: object, state: DialogState, zone: ZoneInfo) -> tuple[FormValues, list[str]]:
    """The submitted values by element name, and the names of date fields that did not read as dates.

    Never raises: a value of an unexpected type counts as empty.
    """
    values: dict[str, Value] = {}
    unreadable: list[str] = []
    for name, raw in (submission.items() if isinstance(submission, Mapping) else ()):
        if not isinstance(name, str) or name == MOVE_ELEMENT:  # the move is read by dialog_moves.read_move
            continue
        if name in state.multiples:
            items = raw if isinstance(raw, list) else raw.split(",") if isinstance(raw, str) else []
            values[name] = tuple(str(v).strip() for v in items if isinstance(v, str) and v.strip())
        elif name in state.datetimes:
            text = raw.strip() if isinstance(raw, str) else ""
            moment = read_moment(text, zone) if text else None
            if text and moment is None:
                unreadable.append(name)
            values[name] = moment
        elif isinstance(raw, str):
            values[name] = raw
        elif isinstance(raw, bool):
            values[name] = "true" if raw else "false"
        elif isinstance(raw, int | float):
            values[name] = str(raw)
    return FormValues(values), unreadable
