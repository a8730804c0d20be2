"""The intake API's JSON body (``POST /api/v1/reports``) read into an :class:`IncomingReport`, every
problem named by its field."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from bot.i18n import Translator
from bot.usecases.intake import IncomingReport

TOP = frozenset({"title", "description", "detected_at", "reporter", "affected_activities", "suggested_severity",
                 "dedup_key", "labels", "language"})
REPORTER = frozenset({"name", "email", "organisation"})
LIST_MAX = 50

API_FIELDS = {
    "title": "title", "description": "description", "detected_at": "detected_at",
    "activities": "affected_activities", "reporter_name": "reporter.name", "reporter_kind": "reporter.name",
    "reporter_email": "reporter.email", "reporter_organisation": "reporter.organisation",
    "suggested_severity": "suggested_severity", "dedup_key": "dedup_key", "labels": "labels",
}
"""The core's field names → the API's."""


class BodyInvalid(Exception):
    def __init__(self, fields: Mapping[str, str]) -> None:
        super().__init__(", ".join(fields))
        self.fields = dict(fields)


def moment(text: str) -> datetime | None:
    """An ISO 8601 moment with its offset (``2026-12-04T03:00:00Z``), else ``None``."""
    try:
        found = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return found if found.tzinfo is not None and found.utcoffset() is not None else None


class _Reader:
    def __init__(self, tr: Translator) -> None:
        self.tr = tr
        self.errors: dict[str, str] = {}

    def text(self, data: Mapping[str, Any], name: str, path: str) -> str:
        value = data.get(name)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.errors[path] = self.tr.t("intake_api.field.text")
            return ""
        return value

    def mapping(self, data: Mapping[str, Any], name: str, path: str) -> dict[str, Any]:
        value = data.get(name)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.errors[path] = self.tr.t("intake_api.field.object")
            return {}
        return value

    def unknown(self, data: Mapping[str, Any], known: frozenset[str], prefix: str) -> None:
        for name in data:
            if name not in known:
                self.errors[f"{prefix}{name}"] = self.tr.t("intake_api.field.unknown")


def report_from_json(tr: Translator, data: Any) -> IncomingReport:
    if not isinstance(data, dict):
        raise BodyInvalid({"": tr.t("intake_api.field.object")})
    read = _Reader(tr)
    read.unknown(data, TOP, "")
    reporter = read.mapping(data, "reporter", "reporter")
    read.unknown(reporter, REPORTER, "reporter.")
    detected_text = read.text(data, "detected_at", "detected_at")
    detected = moment(detected_text) if detected_text else None
    if detected_text and detected is None:
        read.errors["detected_at"] = tr.t("intake_api.field.moment")
    activities = data.get("affected_activities") or []
    listed = isinstance(activities, list) and all(isinstance(a, str) for a in activities)
    if not listed or len(activities) > LIST_MAX:
        read.errors["affected_activities"] = tr.t("intake_api.field.list", limit=LIST_MAX)
        activities = []
    labels = read.mapping(data, "labels", "labels")
    if not all(isinstance(v, str) for v in labels.values()):
        read.errors["labels"] = tr.t("intake_api.field.labels")
    if "title" not in data:
        read.errors["title"] = tr.t("error.required")
    dedup_key = data.get("dedup_key")
    if dedup_key is not None and not isinstance(dedup_key, str):
        read.errors["dedup_key"] = tr.t("intake_api.field.text")
    report = IncomingReport(
        title=read.text(data, "title", "title"),
        description=read.text(data, "description", "description"),
        detected_at=detected,
        reporter_name=read.text(reporter, "name", "reporter.name"),
        reporter_email=read.text(reporter, "email", "reporter.email"),
        reporter_organisation=read.text(reporter, "organisation", "reporter.organisation"),
        activities=tuple(activities),
        suggested_severity=read.text(data, "suggested_severity", "suggested_severity") or None,
        dedup_key=dedup_key if isinstance(dedup_key, str) else None,
        labels={str(k): v for k, v in labels.items() if isinstance(v, str)},
        language=read.text(data, "language", "language") or None,
    )
    if read.errors:
        raise BodyInvalid(read.errors)
    return report
