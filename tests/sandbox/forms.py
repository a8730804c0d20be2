"""Reads a sandbox form's HTML as the browser would show it: its fields with what they hold, and its buttons."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from html.parser import HTMLParser


@dataclass
class Field:
    name: str
    kind: str
    """``text``, ``textarea``, ``datetime-local``, ``select``, ``radio`` or ``checkbox``."""
    value: str = ""
    options: list[str] = field(default_factory=list)
    chosen: list[str] = field(default_factory=list)


@dataclass
class ShownForm:
    fields: dict[str, Field] = field(default_factory=dict)
    moves: dict[str, str] = field(default_factory=dict)
    """Each move button: its move (``back``, ``close``) → its label."""
    submit: str = ""
    text: str = ""
    """Everything the form says (its notes and labels), in one string."""


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.form = ShownForm()
        self._textarea: Field | None = None
        self._select: Field | None = None
        self._option: str | None = None
        self._button: dict[str, str | None] | None = None
        self._words: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        name = found.get("name") or ""
        if tag == "input" and name:
            kind = found.get("type") or "text"
            item = self.form.fields.setdefault(name, Field(name, kind))
            if kind in ("radio", "checkbox"):
                item.options.append(found.get("value") or "")
                if "checked" in found:
                    item.chosen.append(found.get("value") or "")
            else:
                item.value = found.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = self.form.fields.setdefault(name, Field(name, "textarea"))
        elif tag == "select" and name:
            self._select = self.form.fields.setdefault(name, Field(name, "select"))
        elif tag == "option" and self._select is not None:
            self._option = found.get("value") or ""
            if self._option:
                self._select.options.append(self._option)
                if "selected" in found:
                    self._select.chosen.append(self._option)
        elif tag == "button" and (found.get("type") == "submit" or found.get("data-move")):
            self._button = {"move": found.get("data-move"), "label": ""}

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "button" and self._button is not None:
            move, label = self._button["move"], str(self._button["label"]).strip()
            if move:
                self.form.moves[move] = label
            else:
                self.form.submit = label
            self._button = None

    def handle_data(self, data: str) -> None:
        self._words.append(data)
        if self._textarea is not None:
            self._textarea.value += data
        if self._button is not None:
            self._button["label"] = str(self._button["label"]) + data


def read_form(html: str) -> ShownForm:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    reader.form.text = " ".join(" ".join(reader._words).split())
    return reader.form
