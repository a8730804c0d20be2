"""Exercises in storage: the flag and its participants round-trip, the figures read them as left out, and the
operator's snapshot (``/metrics``) counts open drills apart from open incidents."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import timedelta

from bot.domain.severity import Severity
from storage.operations import snapshot
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.storage.builders import new_incident

START, END = datetime(2026, 9, 30, 22, 0, tzinfo=UTC), datetime(2026, 12, 31, 23, 0, tzinfo=UTC)
REPORTED = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_a_drill_round_trips_and_is_left_out_of_figures_and_incident_counts(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        drill = uow.incidents.add(new_incident(1, reported_at=REPORTED, detected_at=REPORTED, severity=Severity.MAJOR,
                                               exercise=True, exercise_participants=frozenset({"U0DRIES", "U0LOTTE"}),
                                               exercise_page_all=True))
        real = uow.incidents.add(new_incident(2, reported_at=REPORTED + timedelta(hours=1), detected_at=REPORTED,
                                              severity=Severity.MAJOR))
        uow.commit()
    with uow_factory(read_only=True) as uow:
        stored = uow.incidents.by_number(drill.number)
        plain = uow.incidents.by_number(real.number)
        facts = uow.figures.facts(START, END)
    assert stored is not None and stored.exercise and stored.exercise_page_all
    assert stored.exercise_participants == frozenset({"U0DRIES", "U0LOTTE"})
    assert plain is not None and not plain.exercise and plain.exercise_participants == frozenset()
    assert [(f.number, f.exercise) for f in facts] == [(drill.number, True), (real.number, False)]
    figures = snapshot(uow_factory, REPORTED + timedelta(days=1))
    assert figures.open_incidents == {"major": 1}
    assert figures.open_exercises == 1
