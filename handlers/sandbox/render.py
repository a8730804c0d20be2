"""Neutral specs as HTML for the sandbox page. Every piece of text is escaped; links keep http(s) only."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from bot.i18n import Translator
from bot.specs import Actions
from bot.specs import Block
from bot.specs import Button
from bot.specs import ChannelLink
from bot.specs import Context
from bot.specs import DateTimeInput
from bot.specs import Divider
from bot.specs import Fields
from bot.specs import FormSpec
from bot.specs import Inline
from bot.specs import Mention
from bot.specs import MessageSpec
from bot.specs import Note
from bot.specs import Plain
from bot.specs import RadioInput
from bot.specs import Rich
from bot.specs import Section
from bot.specs import SelectInput
from bot.specs import Strong
from bot.specs import TextInput

EMOJI = {"memo": "📝", "white_check_mark": "✅", "eyes": "👀", "+1": "👍", "thumbsup": "👍", "warning": "⚠️",
         "rotating_light": "🚨", "heavy_check_mark": "✔️", "x": "❌"}
LOCAL_INPUT = "%Y-%m-%dT%H:%M"


@dataclass(frozen=True)
class Names:
    """How mentions and channel links read: a person's name, a channel's name."""

    user: Callable[[str], str]
    channel: Callable[[str], str]


def emoji(name: str) -> str:
    return EMOJI.get(name, f":{name}:")


def attr(value: str) -> str:
    return escape(value, quote=True)


def document_head(language: str, title: str) -> str:
    """The start of a sandbox page up to its ``<body>``: language, viewport, ``title`` (already escaped) and
    the sandbox's style sheet."""
    return f"""<!doctype html>
<html lang="{attr(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="/sandbox/static/sandbox.css">
</head>"""


def inline(part: Inline, names: Names) -> str:
    if isinstance(part, Plain):
        return escape(part.text)
    if isinstance(part, Strong):
        return f"<strong>{escape(part.text)}</strong>"
    if isinstance(part, Mention):
        return f'<span class="mention" data-user="{attr(part.user_id)}">@{escape(names.user(part.user_id))}</span>'
    if isinstance(part, ChannelLink):
        return (f'<a class="channel-link" href="?channel={attr(part.channel_id)}" '
                f'data-channel="{attr(part.channel_id)}">#{escape(names.channel(part.channel_id))}</a>')
    if part.url.startswith(("http://", "https://")):
        return f'<a href="{attr(part.url)}" rel="noopener noreferrer">{escape(part.label)}</a>'
    return escape(part.label)


def rich(text: Rich, names: Names) -> str:
    return "".join(inline(part, names) for part in text)


def button(item: Button, message_id: int | None) -> str:
    data = [f'data-action="{attr(item.action)}"', f'data-value="{attr(item.value)}"']
    if message_id is not None:
        data.append(f'data-message="{message_id}"')
    if item.confirm is not None:
        confirm = item.confirm
        data += [f'data-confirm-title="{attr(confirm.title)}"', f'data-confirm-text="{attr(confirm.text)}"',
                 f'data-confirm-yes="{attr(confirm.yes)}"', f'data-confirm-no="{attr(confirm.no)}"']
    style = attr(item.style.value)
    return f'<button type="button" class="button {style}" {" ".join(data)}>{escape(item.label)}</button>'


def block(item: Block, names: Names, message_id: int | None) -> str:
    if isinstance(item, Section):
        extra = button(item.button, message_id) if item.button else ""
        return f'<div class="section"><p>{rich(item.text, names)}</p>{extra}</div>'
    if isinstance(item, Fields):
        pairs = "".join(f"<div><dt>{escape(label)}</dt><dd>{rich(value, names)}</dd></div>"
                        for label, value in item.pairs)
        return f'<dl class="fields">{pairs}</dl>'
    if isinstance(item, Actions):
        return f'<div class="actions">{"".join(button(b, message_id) for b in item.buttons)}</div>'
    if isinstance(item, Context):
        return f'<p class="context">{rich(item.text, names)}</p>'
    assert isinstance(item, Divider)
    return "<hr>"


def message_body(spec: MessageSpec, names: Names, message_id: int | None = None) -> str:
    """The blocks of a bot message (or its summary when it has none), in a box coloured by its tone."""
    inner = "".join(block(b, names, message_id) for b in spec.blocks) or f"<p>{escape(spec.summary)}</p>"
    return f'<div class="spec tone-{attr(spec.tone.value)}">{inner}</div>'


def buttons_of(spec: MessageSpec) -> list[Button]:
    found: list[Button] = []
    for item in spec.blocks:
        if isinstance(item, Actions):
            found.extend(item.buttons)
        elif isinstance(item, Section) and item.button is not None:
            found.append(item.button)
    return found


# ---- forms -------------------------------------------------------------------------------------


def local_input(moment: datetime | None, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime(LOCAL_INPUT) if moment else ""


def _label(tr: Translator, text: str, optional: bool, target: str | None = None) -> str:
    mark = f' <span class="optional">{escape(tr.t("sandbox.form.optional"))}</span>' if optional else ""
    for_attr = f' for="{attr(target)}"' if target else ""
    return f"<label{for_attr}>{escape(text)}{mark}</label>"


def _hint(text: str) -> str:
    return f'<small class="hint">{escape(text)}</small>' if text else ""


def form_input(item: TextInput | SelectInput | RadioInput | DateTimeInput | Note, tr: Translator, zone: ZoneInfo,
               names: Names) -> str:
    if isinstance(item, Note):
        return f'<p class="note">{rich(item.text, names)}</p>'
    name = attr(item.name)
    field_id = f"field-{name}"
    error = f'<p class="error" data-error-for="{name}" role="alert"></p>'
    required = "" if item.optional else " required"
    if isinstance(item, TextInput):
        common = (f'id="{field_id}" name="{name}" maxlength="{item.max_length}" '
                  f'placeholder="{attr(item.placeholder)}"{required}')
        control = (f"<textarea {common} rows=\"4\">{escape(item.initial)}</textarea>" if item.multiline
                   else f'<input type="text" {common} value="{attr(item.initial)}">')
        return (f'<div class="input" data-input="{name}">{_label(tr, item.label, item.optional, field_id)}'
                f"{control}{_hint(item.hint)}{error}</div>")
    if isinstance(item, DateTimeInput):
        control = (f'<input type="datetime-local" id="{field_id}" name="{name}" '
                   f'value="{local_input(item.initial, zone)}"{required}>')
        zone_hint = _hint(" · ".join(t for t in (item.hint, tr.t("sandbox.form.zone", zone=zone.key)) if t))
        return (f'<div class="input" data-input="{name}">{_label(tr, item.label, item.optional, field_id)}'
                f"{control}{zone_hint}{error}</div>")
    if isinstance(item, SelectInput) and not item.multiple:
        options = [f'<option value="">{escape(tr.t("sandbox.form.choose"))}</option>']
        options += [f'<option value="{attr(c.value)}"{" selected" if c.value in item.initial else ""}>'
                    f"{escape(c.label)}</option>" for c in item.choices]
        control = f'<select id="{field_id}" name="{name}"{required}>{"".join(options)}</select>'
        return (f'<div class="input" data-input="{name}">{_label(tr, item.label, item.optional, field_id)}'
                f"{control}{_hint(item.hint)}{error}</div>")
    kind = "checkbox" if isinstance(item, SelectInput) else "radio"
    chosen = set(item.initial) if isinstance(item, SelectInput) else {item.initial}
    boxes = "".join(f'<label class="choice"><input type="{kind}" name="{name}" value="{attr(c.value)}"'
                    f'{" checked" if c.value in chosen else ""}> {escape(c.label)}</label>' for c in item.choices)
    legend = _label(tr, item.label, item.optional).replace("<label>", "<legend>").replace("</label>", "</legend>")
    return (f'<fieldset class="input" data-input="{name}">{legend}{boxes}{_hint(item.hint)}{error}</fieldset>')


def form_html(form: FormSpec, form_id: int, tr: Translator, zone: ZoneInfo, names: Names) -> str:
    """The form; its moves (back, save and close) are buttons beside the submit button: each sends what was
    typed with its move (``data-move``), as a button inside a Slack modal does. They are not submit buttons,
    so Enter in a field still submits forward."""
    inputs = "".join(form_input(item, tr, zone, names) for item in form.inputs)
    moves = "".join(f'<button type="button" class="button" data-move="{attr(move.name)}">{escape(move.label)}</button>'
                    for move in form.moves)
    return (f'<form class="sirene-form" data-form="{form_id}" novalidate><h2>{escape(form.title)}</h2>'
            f'<p class="error form-error" data-error-for="" role="alert"></p>{inputs}'
            f'<div class="form-buttons"><button type="button" class="button" data-cancel>{escape(form.cancel)}</button>'
            f'{moves}<button type="submit" class="button primary">{escape(form.submit)}</button></div></form>')


def done_html(spec: MessageSpec | None, title: str, close: str, names: Names) -> str:
    body = message_body(spec, names) if spec is not None else ""
    return (f'<div class="sirene-done"><h2>{escape(title)}</h2>{body}<div class="form-buttons">'
            f'<button type="button" class="button primary" data-cancel>{escape(close)}</button></div></div>')
