"""Intake rules without a server: monitoring notifications read into reports, what outsiders may see,
where a source's reports are triaged."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.external_report import OutsideStatus
from bot.domain.incident import Incident
from bot.domain.phase import Phase
from bot.domain.severity import Severity
from bot.i18n import Translator
from bot.sources import Source
from bot.views.triage import shown_labels
from handlers.intake_api.alerts import ALERTS_LISTED
from handlers.intake_api.alerts import alert_group
from handlers.intake_api.parse import BodyInvalid

NOW = datetime(2026, 12, 4, 3, 0, tzinfo=UTC)
TR = Translator("en", ZoneInfo("Europe/Brussels"))


def notification(**changes: object) -> dict[str, object]:
    alert = {"status": "firing", "labels": {"alertname": "Down", "instance": "db1"},
             "annotations": {"summary": "db1 down"}, "startsAt": "2026-12-04T02:50:00Z",
             "endsAt": "0001-01-01T00:00:00Z"}
    data: dict[str, object] = {"version": "4", "status": "firing", "groupKey": "{}:{alertname=\"Down\"}",
                               "receiver": "sirene", "groupLabels": {"alertname": "Down"},
                               "commonLabels": {"alertname": "Down", "severity": "warning"},
                               "commonAnnotations": {"summary": "db1 down"}, "externalURL": "http://am:9093",
                               "alerts": [alert]}
    data.update(changes)
    return data


def test_a_group_is_one_report_keyed_by_its_group() -> None:
    group = alert_group(TR, notification(), NOW)
    assert group.firing and group.dedup_key == '{}:{alertname="Down"}'
    assert group.report.title == "Down: db1 down"
    assert group.report.detected_at == datetime(2026, 12, 4, 2, 50, tzinfo=UTC)
    assert group.report.suggested_severity == "minor"
    assert "alertname=Down, instance=db1 — db1 down" in group.report.description
    assert group.report.description.endswith("http://am:9093")


def test_long_keys_many_alerts_and_odd_moments_are_tamed() -> None:
    alerts = [{"labels": {"n": str(i)}, "startsAt": "0001-01-01T00:00:00Z"} for i in range(ALERTS_LISTED + 5)]
    alerts.append({"labels": {}, "startsAt": "2099-01-01T00:00:00Z"})  # a clock ahead: never after now
    group = alert_group(TR, notification(groupKey="k" * 500, alerts=alerts, commonAnnotations={},
                                         commonLabels={f"l{i}": "v" * 300 for i in range(30)}), NOW)
    assert group.dedup_key.startswith("sha256:") and len(group.dedup_key) == 71
    assert group.report.detected_at == NOW
    assert "(+6)" in group.report.description
    assert len(group.report.labels) == 20 and all(len(v) <= 200 for v in group.report.labels.values())
    assert alert_group(TR, notification(title="[FIRING:1] Grafana says"), NOW).report.title == "[FIRING:1] Grafana says"


def test_a_notification_without_its_essentials_is_refused_by_field() -> None:
    with pytest.raises(BodyInvalid) as caught:
        alert_group(TR, notification(status="pending", groupKey=3, alerts={}), NOW)
    assert set(caught.value.fields) == {"status", "groupKey", "alerts"}
    with pytest.raises(BodyInvalid):
        alert_group(TR, ["not", "an", "object"], NOW)


def incident(**changes: object) -> Incident:
    found = Incident("INC-2026-0001", "slack", "t", "", NOW, NOW, "source:shop")
    for name, value in changes.items():
        setattr(found, name, value)
    return found


def test_outsiders_see_received_then_being_handled_then_solved() -> None:
    assert OutsideStatus.of(incident()) is OutsideStatus.RECEIVED
    assert OutsideStatus.of(incident(severity=Severity.MINOR, phase=Phase.ACTIVATION)) is OutsideStatus.HANDLED
    assert OutsideStatus.of(incident(severity=Severity.MINOR, phase=Phase.DEACTIVATION_REQUESTED)) \
        is OutsideStatus.HANDLED
    assert OutsideStatus.of(incident(severity=Severity.MINOR, phase=Phase.CLOSED)) is OutsideStatus.SOLVED


def test_a_source_is_triaged_on_its_platform_when_sirene_runs_there() -> None:
    from bot.usecases.intake import platform_for

    class Running:
        def __init__(self, platforms: tuple[str, ...]) -> None:
            self.platforms = platforms

    source = Source(name="shop", token_env="T", platform="mattermost")
    assert platform_for(Running(("mattermost", "slack")), source) == "mattermost"  # type: ignore[arg-type]
    assert platform_for(Running(("slack",)), source) == "slack"  # type: ignore[arg-type]


def test_a_triage_line_shows_ten_labels_sorted_and_counts_the_rest() -> None:
    assert shown_labels({"job": "node", "instance": "db1"}) == "instance=db1 · job=node"
    many = {f"l{n:02d}": str(n) for n in range(13)}
    shown = shown_labels(many)
    assert shown.startswith("l00=0 · l01=1") and "l09=9" in shown and "l10" not in shown
    assert shown.endswith(" (+3)")
    assert shown_labels({}) == ""
