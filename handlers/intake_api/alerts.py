"""Monitoring notifications read into reports: Prometheus Alertmanager's webhook (payload version 4) and
Grafana's alerting webhook (the same shape, with ``title`` and ``message``).

One notification is one alert group: one report, its ``groupKey`` the deduplication key. ``status`` is
``firing`` or ``resolved``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.domain.text import clean
from bot.i18n import Translator
from bot.usecases.intake import DEDUP_KEY_MAX
from bot.usecases.intake import LABEL_NAME_MAX
from bot.usecases.intake import LABEL_VALUE_MAX
from bot.usecases.intake import LABELS_MAX
from bot.usecases.intake import IncomingReport
from bot.views.report import DESCRIPTION_MAX
from bot.views.report import TITLE_MAX
from handlers.intake_api.parse import BodyInvalid
from handlers.intake_api.parse import moment
from handlers.text import truncate

ALERTS_LISTED = 20
"""Alerts written in the description at most (the rest are counted)."""
_SEVERITIES = {"critical": "major", "error": "minor", "warning": "minor", "info": "weak"}
"""Monitoring's usual ``severity`` label → the severity Sirene suggests (people decide)."""


@dataclass(frozen=True)
class AlertGroup:
    firing: bool
    dedup_key: str
    report: IncomingReport


def _strings(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {str(k): v for k, v in value.items() if isinstance(v, str)}


def dedup_key(group_key: str) -> str:
    """The group's key, or its digest when the key is longer than a deduplication key may be."""
    if len(group_key) <= DEDUP_KEY_MAX:
        return group_key
    return "sha256:" + hashlib.sha256(group_key.encode("utf-8", "replace")).hexdigest()


def _title(data: Mapping[str, Any], labels: Mapping[str, str], annotations: Mapping[str, str]) -> str:
    title = data.get("title")
    if isinstance(title, str) and title.strip():  # Grafana's own title
        return truncate(clean(title).strip(), TITLE_MAX)
    name = labels.get("alertname") or _strings(data.get("groupLabels")).get("alertname") or ""
    summary = annotations.get("summary", "")
    text = f"{name}: {summary}" if name and summary else (name or summary or str(data.get("receiver") or "alert"))
    return truncate(clean(text).strip() or "alert", TITLE_MAX)


def _description(data: Mapping[str, Any], alerts: list[Any], annotations: Mapping[str, str]) -> str:
    lines: list[str] = []
    if annotations.get("description"):
        lines.append(annotations["description"])
    for alert in alerts[:ALERTS_LISTED]:
        if not isinstance(alert, dict):
            continue
        own = _strings(alert.get("labels"))
        notes = _strings(alert.get("annotations"))
        said = notes.get("summary") or notes.get("description") or ""
        shown = ", ".join(f"{k}={v}" for k, v in sorted(own.items()))
        lines.append(f"• {shown}{' — ' + said if said else ''}")
    if len(alerts) > ALERTS_LISTED:
        lines.append(f"(+{len(alerts) - ALERTS_LISTED})")
    link = data.get("externalURL")
    if isinstance(link, str) and link.startswith(("http://", "https://")):
        lines.append(link)
    return truncate(clean("\n".join(lines)), DESCRIPTION_MAX)


def _started(alerts: list[Any], now: datetime) -> datetime:
    moments = [m for a in alerts if isinstance(a, dict) and isinstance(a.get("startsAt"), str)
               and (m := moment(a["startsAt"])) is not None and m.year > 1]
    return min([*moments, now]) if moments else now


def alert_group(tr: Translator, data: Any, now: datetime) -> AlertGroup:
    """The notification as a report; :class:`BodyInvalid` when it lacks what every notification has."""
    if not isinstance(data, dict):
        raise BodyInvalid({"": tr.t("intake_api.field.object")})
    status, group_key, alerts = data.get("status"), data.get("groupKey"), data.get("alerts")
    problems = {}
    if status not in ("firing", "resolved"):
        problems["status"] = tr.t("intake_api.field.alert_status")
    if not isinstance(group_key, str) or not group_key:
        problems["groupKey"] = tr.t("intake_api.field.text")
    if not isinstance(alerts, list):
        problems["alerts"] = tr.t("intake_api.field.alerts")
    if problems:
        raise BodyInvalid(problems)
    assert isinstance(group_key, str) and isinstance(alerts, list)
    labels = _strings(data.get("commonLabels"))
    annotations = _strings(data.get("commonAnnotations"))
    kept = {truncate(k, LABEL_NAME_MAX): truncate(v, LABEL_VALUE_MAX) for k, v in sorted(labels.items()) if k}
    severity = _SEVERITIES.get(labels.get("severity", "").lower())
    report = IncomingReport(
        title=_title(data, labels, annotations),
        description=_description(data, alerts, annotations),
        detected_at=_started(alerts, now),
        suggested_severity=severity,
        dedup_key=dedup_key(group_key),
        labels=dict(list(kept.items())[:LABELS_MAX]),
    )
    return AlertGroup(status == "firing", report.dedup_key or "", report)
