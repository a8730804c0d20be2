"""Reports from outside the chat: :class:`bot.ports.ExternalReportRepository` on SQL."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

from bot.domain.external_report import ExternalReport
from storage.intake_tables import ExternalReportRow


def _report(row: ExternalReportRow) -> ExternalReport:
    return ExternalReport(
        incident_id=row.incident_id, source=row.source, status_key=row.status_key, received_at=row.received_at,
        dedup_key=row.dedup_key, reporter_email=row.reporter_email,
        reporter_organisation=row.reporter_organisation, labels=dict(row.labels), language=row.language,
        signals=row.signals, resolved_at_source=row.resolved_at_source,
    )


class SqlExternalReportRepository:
    """Never commits (the unit of work does)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, report: ExternalReport) -> None:
        self._session.add(ExternalReportRow(
            incident_id=report.incident_id, source=report.source, status_key=report.status_key,
            received_at=report.received_at, dedup_key=report.dedup_key, reporter_email=report.reporter_email,
            reporter_organisation=report.reporter_organisation, labels=dict(report.labels),
            language=report.language, signals=report.signals, resolved_at_source=report.resolved_at_source,
        ))
        self._session.flush()

    def latest(self, source: str, dedup_key: str) -> ExternalReport | None:
        row = self._session.exec(
            select(ExternalReportRow)
            .where(col(ExternalReportRow.source) == source, col(ExternalReportRow.dedup_key) == dedup_key)
            .order_by(col(ExternalReportRow.incident_id).desc()).limit(1)
        ).first()
        return _report(row) if row else None

    def by_status_key(self, status_key: str) -> ExternalReport | None:
        row = self._session.exec(
            select(ExternalReportRow).where(col(ExternalReportRow.status_key) == status_key)
        ).first()
        return _report(row) if row else None

    def of_incident(self, incident_id: int) -> ExternalReport | None:
        row = self._session.get(ExternalReportRow, incident_id)
        return _report(row) if row else None

    def count_signal(self, incident_id: int) -> int:
        self._session.execute(
            update(ExternalReportRow).where(col(ExternalReportRow.incident_id) == incident_id)
            .values(signals=col(ExternalReportRow.signals) + 1)
        )
        row = self._session.get(ExternalReportRow, incident_id, populate_existing=True)
        return row.signals if row else 0

    def mark_resolved(self, incident_id: int, at: datetime) -> None:
        self._session.execute(
            update(ExternalReportRow).where(col(ExternalReportRow.incident_id) == incident_id)
            .values(resolved_at_source=at)
        )
