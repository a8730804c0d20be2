"""Reports from outside the chat, stored next to their incident (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.external_report import ExternalReport
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.storage.builders import T0
from tests.storage.builders import new_incident


def test_a_report_round_trips_and_counts_its_signals(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        first = uow.incidents.add(new_incident(1, reporter_id="source:shop"))
        second = uow.incidents.add(new_incident(2, reporter_id="source:shop"))
        assert first.id is not None and second.id is not None
        for incident, key in ((first, "k-first"), (second, "k-second")):
            uow.external_reports.add(ExternalReport(
                incident_id=incident.id or 0, source="shop", status_key=key, received_at=T0, dedup_key="same",
                reporter_email="jane@example.be", reporter_organisation="Customer NV",
                labels={"order": "A-1 ✨"}, language="nl"))
        uow.commit()
    with uow_factory() as uow:
        latest = uow.external_reports.latest("shop", "same")
        assert latest is not None and latest.incident_id == second.id
        assert uow.external_reports.latest("other-source", "same") is None
        assert uow.external_reports.count_signal(second.id) == 2
        assert uow.external_reports.count_signal(second.id) == 3
        uow.external_reports.mark_resolved(second.id, T0 + timedelta(hours=1))
        uow.commit()
    with uow_factory(read_only=True) as uow:
        found = uow.external_reports.by_status_key("k-second")
        assert found == uow.external_reports.of_incident(second.id)
    assert found is not None
    assert (found.signals, found.labels, found.language) == (3, {"order": "A-1 ✨"}, "nl")
    assert found.resolved_at_source == T0 + timedelta(hours=1)
