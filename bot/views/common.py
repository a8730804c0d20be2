"""Small pieces every view uses: severity and phase words, people, deadlines."""

from __future__ import annotations

import string
from collections.abc import Iterable
from datetime import datetime

from bot.directory import Directory
from bot.domain.incident import Incident
from bot.domain.phase import Phase
from bot.domain.roles import Role
from bot.domain.severity import Severity
from bot.i18n import Translator
from bot.specs import ChannelLink
from bot.specs import Inline
from bot.specs import Mention
from bot.specs import Plain
from bot.specs import Rich
from bot.specs import Tone
from bot.views.clocks import due_text
from bot.views.clocks import topic_deadlines
from bot.views.exercise import marked

TOPIC_LIMIT = 250


def severity_label(tr: Translator, severity: Severity | None) -> str:
    if severity is None:
        return tr.t("severity.unclassified")
    return f"{severity.emoji} {tr.t(f'severity.{severity.value}.name')}"


def phase_label(tr: Translator, phase: Phase) -> str:
    return tr.t(f"phase.{phase.value}")


def tone_of(severity: Severity | None) -> Tone:
    return Tone(severity.value) if severity else Tone.NEUTRAL


def person(user_id: str | None) -> Inline:
    return Mention(user_id) if user_id else Plain("—")


def deadline(tr: Translator, due: datetime | None, now: datetime) -> str:
    """``27 Nov 2026, 14:30 CET · in 35 minutes`` or ``… · breached 12 minutes ago``."""
    return due_text(tr, due, now)


def rich(tr: Translator, key: str, **params: Inline | str) -> Rich:
    """A catalog message whose placeholders are mentions, links or user text, kept apart for escaping."""
    template = tr.t(key)
    parts: list[Inline] = []
    for literal, name, _, _ in string.Formatter().parse(template):
        if literal:
            parts.append(Plain(literal))
        if name:
            value = params[name]
            parts.append(Plain(value) if isinstance(value, str) else value)
    return tuple(parts)


def goes_on_in(tr: Translator, key: str, channel_key: str, channel_id: str | None, **params: str) -> Rich:
    """Where an incident goes on: the text of ``key``; when the incident has a channel (``channel_id``), the text
    of ``channel_key``, with a link to it as its ``channel``."""
    if channel_id:
        return rich(tr, channel_key, channel=ChannelLink(channel_id), **params)
    return rich(tr, key, **params)


def topic(tr: Translator, directory: Directory, incident: Incident, now: datetime) -> str:
    owner = directory.display_name(incident.platform, incident.owner_id) if incident.owner_id else "—"
    text = tr.t(
        "topic",
        number=incident.number,
        severity=severity_label(tr, incident.severity),
        phase=phase_label(tr, incident.phase),
        owner=owner,
        deadlines=topic_deadlines(tr, directory.plan, incident),
    )
    return marked(tr, incident, text)[:TOPIC_LIMIT]


def role_names(tr: Translator, roles: Iterable[Role]) -> str:
    """``BCP manager or CMP manager``: the roles that may do something, named in a refusal."""
    names = [tr.t(f"role.{role.value}") for role in roles]
    if len(names) < 2:
        return "".join(names)
    return tr.t("rights.either", first=", ".join(names[:-1]), last=names[-1])
