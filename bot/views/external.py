"""How the chat shows a report that came from outside (a plan source)."""

from __future__ import annotations

from bot.domain.incident import Incident
from bot.domain.incident import ReporterKind
from bot.i18n import Translator
from bot.specs import Inline
from bot.specs import Plain
from bot.specs import Rich
from bot.specs import Strong


def external_reporter(tr: Translator, source: str, incident: Incident) -> Rich:
    """``Source shop-customers · Customer: Jane Doe`` (the source's name, then whom it reported for)."""
    parts: list[Inline] = [Strong(tr.t("intake.triage.source", source=source))]
    if incident.reporter_name:
        if incident.reporter_kind is ReporterKind.EMPLOYEE:
            parts.append(Plain(f" · {incident.reporter_name}"))
        else:
            parts += [Plain(f" · {tr.t(f'reporter.{incident.reporter_kind.value}')}: "), Plain(incident.reporter_name)]
    return tuple(parts)
