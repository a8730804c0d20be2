"""The legal notifications of incidents: regimes marked and steps submitted (``bot.ports.RegulationRepository``)."""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select
from sqlmodel.sql.expression import SelectOfScalar

from bot.domain.regulation import Regime
from bot.domain.regulation import RegulatoryCase
from bot.domain.regulation import Step
from bot.domain.regulation import Submission
from bot.ports import ConcurrentUpdate
from storage.base import table_of
from storage.regulation_tables import RegulatoryCaseRow
from storage.regulation_tables import RegulatorySubmissionRow
from storage.sql import dialect_insert
from storage.sql import fresh

CASE = table_of(RegulatoryCaseRow)
SUBMISSION = table_of(RegulatorySubmissionRow)


class SqlRegulationRepository:
    """Never commits (the unit of work does)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def cases(self, incident_id: int) -> list[RegulatoryCase]:
        return self._cases(select(RegulatoryCaseRow).where(col(RegulatoryCaseRow.incident_id) == incident_id))

    def all_cases(self, regime: Regime) -> list[RegulatoryCase]:
        statement = select(RegulatoryCaseRow).where(col(RegulatoryCaseRow.regime) == regime.value)
        return self._cases(statement.order_by(col(RegulatoryCaseRow.aware_at), col(RegulatoryCaseRow.id)))

    def _cases(self, statement: SelectOfScalar[RegulatoryCaseRow]) -> list[RegulatoryCase]:
        rows = list(self._session.exec(fresh(statement)))
        incidents = sorted({row.incident_id for row in rows})
        submitted: dict[int, dict[Step, Submission]] = {}
        if incidents:
            for found in self._session.exec(fresh(select(RegulatorySubmissionRow).where(
                    col(RegulatorySubmissionRow.incident_id).in_(incidents)))):
                if found.step in {s.value for s in Step}:
                    submitted.setdefault(found.incident_id, {})[Step(found.step)] = Submission(
                        Step(found.step), found.submitted_at, found.reference, found.recorded_by, found.recorded_at)
        known = {r.value for r in Regime}
        return [_case(row, submitted.get(row.incident_id, {})) for row in rows if row.regime in known]

    def add_case(self, case: RegulatoryCase) -> bool:
        statement = dialect_insert(self._session, CASE).values(**_values(case), version=0)
        result = self._session.exec(statement.on_conflict_do_nothing(
            index_elements=[CASE.c.incident_id, CASE.c.regime]))
        return bool(result.rowcount)

    def save_case(self, case: RegulatoryCase) -> None:
        result = self._session.exec(
            update(CASE)
            .where(CASE.c.incident_id == case.incident_id, CASE.c.regime == case.regime.value,
                   CASE.c.version == case.version)
            .values(**_values(case), version=case.version + 1))
        if result.rowcount != 1:
            raise ConcurrentUpdate(f"{case.regime} of incident {case.incident_id} changed since {case.version}")
        case.version += 1

    def add_submission(self, incident_id: int, submission: Submission) -> bool:
        statement = dialect_insert(self._session, SUBMISSION).values(
            incident_id=incident_id, step=submission.step.value, submitted_at=submission.submitted_at,
            reference=submission.reference, recorded_by=submission.recorded_by, recorded_at=submission.recorded_at)
        result = self._session.exec(statement.on_conflict_do_nothing(
            index_elements=[SUBMISSION.c.incident_id, SUBMISSION.c.step]))
        return bool(result.rowcount)


def _values(case: RegulatoryCase) -> dict[str, object]:
    return {"incident_id": case.incident_id, "regime": case.regime.value, "decided_by": case.decided_by,
            "decided_at": case.decided_at, "aware_at": case.aware_at, "high_risk": case.high_risk,
            "facts": case.facts, "effects": case.effects, "remedy": case.remedy}


def _case(row: RegulatoryCaseRow, submissions: dict[Step, Submission]) -> RegulatoryCase:
    regime = Regime(row.regime)
    own = {step: s for step, s in submissions.items() if step.value.startswith(regime.value)}
    return RegulatoryCase(row.incident_id, regime, row.decided_by, row.decided_at, row.aware_at, row.high_risk,
                          row.facts, row.effects, row.remedy, own, row.version)

