"""Neutral message and form specifications.

The core says *what* to show (sections, fields, buttons, form inputs) in the user's
language; each platform's renderer decides *how* (Block Kit, Mattermost attachments
and interactive dialogs, the sandbox's HTML). Text built from user input stays
:class:`Plain` so that renderers escape it; mentions and links are explicit.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from enum import StrEnum

from bot.domain.text import clean


@dataclass(frozen=True)
class Plain:
    text: str


@dataclass(frozen=True)
class Strong:
    text: str


@dataclass(frozen=True)
class Mention:
    user_id: str


@dataclass(frozen=True)
class ChannelLink:
    channel_id: str


@dataclass(frozen=True)
class Link:
    url: str
    label: str


Inline = Plain | Strong | Mention | ChannelLink | Link
Rich = tuple[Inline, ...]


def plain(text: str) -> Rich:
    return (Plain(text),)


class ButtonStyle(StrEnum):
    DEFAULT = "default"
    PRIMARY = "primary"
    DANGER = "danger"


@dataclass(frozen=True)
class Confirm:
    title: str
    text: str
    yes: str
    no: str


@dataclass(frozen=True)
class Button:
    action: str
    label: str
    value: str
    style: ButtonStyle = ButtonStyle.DEFAULT
    confirm: Confirm | None = None


@dataclass(frozen=True)
class Section:
    text: Rich
    button: Button | None = None
    """An optional button beside the text (e.g. ticking one checklist item)."""


@dataclass(frozen=True)
class Fields:
    pairs: tuple[tuple[str, Rich], ...]


@dataclass(frozen=True)
class Actions:
    buttons: tuple[Button, ...]


@dataclass(frozen=True)
class Context:
    text: Rich


@dataclass(frozen=True)
class Divider:
    pass


Block = Section | Fields | Actions | Context | Divider


class Tone(StrEnum):
    NEUTRAL = "neutral"
    WEAK = "weak"
    MINOR = "minor"
    MAJOR = "major"
    CRISIS = "crisis"
    GOOD = "good"


@dataclass(frozen=True)
class MessageSpec:
    """A message: ``summary`` is the plain-text fallback (notifications, screen readers)."""

    summary: str
    blocks: tuple[Block, ...] = ()
    tone: Tone = Tone.NEUTRAL
    marker: str | None = None
    """A stable id of what the message is about (e.g. ``INC-2026-0007:triage``), for reconciling."""


# ---- forms -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class TextInput:
    name: str
    label: str
    multiline: bool = False
    optional: bool = False
    max_length: int = 3000
    initial: str = ""
    placeholder: str = ""
    hint: str = ""


@dataclass(frozen=True)
class SelectInput:
    name: str
    label: str
    choices: tuple[Choice, ...]
    multiple: bool = False
    optional: bool = False
    initial: tuple[str, ...] = ()
    hint: str = ""


@dataclass(frozen=True)
class RadioInput:
    name: str
    label: str
    choices: tuple[Choice, ...]
    optional: bool = False
    initial: str | None = None
    hint: str = ""


@dataclass(frozen=True)
class DateTimeInput:
    name: str
    label: str
    initial: datetime | None = None
    optional: bool = False
    hint: str = ""


@dataclass(frozen=True)
class Note:
    """Read-only text inside a form."""

    text: Rich


FormInput = TextInput | SelectInput | RadioInput | DateTimeInput | Note


@dataclass(frozen=True)
class FormMove:
    """Another way to leave a multi-step form than its submit button (which moves forward).

    Pressing it submits what was typed with ``name`` as the move (``back``, ``close``): the core saves
    it and answers with the next form to show, or with a confirmation. Slack renders moves as buttons
    inside the modal (``views.update`` follows); a platform without buttons in forms may offer them
    as a choice next to the submit button.
    """

    name: str
    label: str


@dataclass(frozen=True)
class FormSpec:
    form_id: str
    """Which use case receives the submission (e.g. ``report``)."""
    title: str
    submit: str
    cancel: str
    inputs: tuple[FormInput, ...]
    state: str = ""
    """Opaque context the submission carries back (e.g. the incident number)."""
    moves: tuple[FormMove, ...] = ()


@dataclass(frozen=True)
class FormValues:
    """What a user submitted: text, chosen values, or datetimes, by input name."""

    values: dict[str, str | tuple[str, ...] | datetime | None] = field(default_factory=dict)

    def text(self, name: str) -> str:
        value = self.values.get(name)
        return clean(value).strip() if isinstance(value, str) else ""

    def choices(self, name: str) -> tuple[str, ...]:
        value = self.values.get(name)
        if isinstance(value, tuple):
            return value
        if isinstance(value, str) and value:
            return (value,)
        return ()

    def choice(self, name: str) -> str | None:
        found = self.choices(name)
        return found[0] if found else None

    def moment(self, name: str) -> datetime | None:
        value = self.values.get(name)
        return value if isinstance(value, datetime) else None
