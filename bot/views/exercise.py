"""The EXERCISE marker: one prefix from the catalog, put on everything a person reads about a drill.

Every chat message of a drill's jobs is dressed by the job runner (``bot.jobs.outbox.OutboxChat.dress``); the
channel's name, its topic, e-mails and text messages, exports and the answers to ``/incident list``/``status``
use :func:`label` and :func:`marked`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from functools import cache

from bot.domain.incident import Incident
from bot.exports.document import Document
from bot.exports.document import Paragraph
from bot.i18n import LANGUAGES
from bot.i18n import Translator
from bot.i18n import load_catalog
from bot.specs import Context
from bot.specs import FormSpec
from bot.specs import MessageSpec
from bot.specs import Note
from bot.specs import Plain


def label(tr: Translator) -> str:
    """``🧪 EXERCISE``."""
    return tr.t("exercise.label")


def marked(tr: Translator, incident: Incident, text: str) -> str:
    """``text`` with the drill's label in front (unchanged for a real incident)."""
    if not incident.exercise or text.startswith(label(tr)):
        return text
    return f"{label(tr)} · {text}"


@cache
def _labels() -> tuple[str, ...]:
    return tuple(load_catalog(language)["exercise.label"] for language in LANGUAGES)


def dressed(spec: MessageSpec) -> bool:
    """Whether the message already carries the label, in whichever language (its recipient's, the team's)."""
    return spec.summary.startswith(_labels())


def dress(tr: Translator, spec: MessageSpec) -> MessageSpec:
    """The message with the label in its summary (notifications, screen readers) and the banner above it; a
    message already dressed (in any language) is left as it is."""
    if dressed(spec):
        return spec
    return replace(spec, summary=f"{label(tr)} · {spec.summary}",
                   blocks=(Context((Plain(tr.t("exercise.banner")),)), *spec.blocks))


def dress_form(tr: Translator, form: FormSpec) -> FormSpec:
    """The form with the banner as its first, read-only line (a form's title is too short for the label); a form
    already dressed is left as it is."""
    banner = Note((Plain(tr.t("exercise.banner")),))
    if form.inputs and form.inputs[0] == banner:
        return form
    return replace(form, inputs=(banner, *form.inputs))


def channel_prefix(tr: Translator, prefix: str) -> str:
    """``exercise-inc``: the catalog's word for a drill in front of the plan's channel prefix, kept to what every
    platform accepts in a channel's name (lowercase letters, digits, hyphens)."""
    word = unicodedata.normalize("NFKD", tr.t("exercise.channel_word")).encode("ascii", "ignore").decode().lower()
    word = re.sub(r"[^a-z0-9]+", "-", word).strip("-") or "exercise"
    return f"{word}-{prefix}"


def exercise_document(tr: Translator, incident: Incident, document: Document) -> Document:
    """A paper copy (incident report, review, notification draft) of a drill: marked in its title, its first
    paragraph and every page's footer; a real incident's is returned as it is."""
    if not incident.exercise:
        return document
    return replace(document, title=marked(tr, incident, document.title),
                   parts=(Paragraph(tr.t("exercise.export_note")), *document.parts),
                   footer=marked(tr, incident, document.footer) if document.footer else label(tr))
