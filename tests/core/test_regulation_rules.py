"""The legal clocks as data: each regime's deadlines from awareness, classification or the step before,
awareness moved backwards, and the states a step goes through (waiting, running, overdue, submitted)."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import timedelta

from bot.domain.regulation import RULES
from bot.domain.regulation import Regime
from bot.domain.regulation import RegulatoryCase
from bot.domain.regulation import Step
from bot.domain.regulation import StepState
from bot.domain.regulation import Submission
from bot.domain.regulation import add_month
from bot.domain.regulation import clocks
from bot.domain.regulation import open_steps

AWARE = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def case(regime: Regime, decided: datetime = AWARE, high_risk: bool = False) -> RegulatoryCase:
    return RegulatoryCase(1, regime, "U0HUGO", decided, AWARE, high_risk=high_risk)


def by_step(found: RegulatoryCase, now: datetime) -> dict[Step, tuple[StepState, datetime | None]]:
    return {c.rule.step: (c.state, c.due_at) for c in clocks(found, now)}


def submit(found: RegulatoryCase, step: Step, at: datetime) -> None:
    found.submissions[step] = Submission(step, at, "REF-1", "U0HUGO", at)


def test_every_rule_cites_its_legal_text() -> None:
    assert all(rule.reference for rule in RULES)
    assert {rule.regime for rule in RULES} == set(Regime)


def test_nis2_early_warning_24_hours_notification_72_hours_final_report_a_month_after_it() -> None:
    nis2 = case(Regime.NIS2)
    now = AWARE + timedelta(hours=1)
    steps = by_step(nis2, now)
    assert steps[Step.NIS2_EARLY_WARNING] == (StepState.RUNNING, AWARE + timedelta(hours=24))
    assert steps[Step.NIS2_NOTIFICATION] == (StepState.RUNNING, AWARE + timedelta(hours=72))
    assert steps[Step.NIS2_FINAL_REPORT] == (StepState.WAITING, None)
    submit(nis2, Step.NIS2_EARLY_WARNING, AWARE + timedelta(hours=20))
    submitted = AWARE + timedelta(hours=60)
    submit(nis2, Step.NIS2_NOTIFICATION, submitted)
    steps = by_step(nis2, submitted)
    assert steps[Step.NIS2_EARLY_WARNING][0] is StepState.SUBMITTED
    assert steps[Step.NIS2_FINAL_REPORT] == (StepState.RUNNING, datetime(2026, 12, 29, 21, 0, tzinfo=UTC))


def test_gdpr_72_hours_and_data_subjects_only_when_high_risk() -> None:
    low = by_step(case(Regime.GDPR), AWARE)
    assert low == {Step.GDPR_AUTHORITY: (StepState.RUNNING, AWARE + timedelta(hours=72))}
    high = by_step(case(Regime.GDPR, high_risk=True), AWARE)
    assert high[Step.GDPR_DATA_SUBJECTS] == (StepState.OPEN, None)  # without undue delay: no fixed deadline


def test_dora_initial_4_hours_after_classification_capped_at_24_hours_after_awareness() -> None:
    early = case(Regime.DORA, decided=AWARE + timedelta(hours=2))
    assert by_step(early, AWARE)[Step.DORA_INITIAL] == (StepState.RUNNING, AWARE + timedelta(hours=6))
    late = case(Regime.DORA, decided=AWARE + timedelta(hours=22))
    assert by_step(late, AWARE)[Step.DORA_INITIAL] == (StepState.RUNNING, AWARE + timedelta(hours=24))
    submit(late, Step.DORA_INITIAL, AWARE + timedelta(hours=23))
    assert by_step(late, AWARE)[Step.DORA_INTERMEDIATE] == (StepState.RUNNING, AWARE + timedelta(hours=95))
    assert by_step(late, AWARE)[Step.DORA_FINAL] == (StepState.WAITING, None)
    submit(late, Step.DORA_INTERMEDIATE, datetime(2027, 1, 31, 8, 0, tzinfo=UTC))
    assert by_step(late, AWARE)[Step.DORA_FINAL] == (StepState.RUNNING, datetime(2027, 2, 28, 8, 0, tzinfo=UTC))


def test_awareness_moved_backwards_moves_every_deadline_and_can_make_it_overdue() -> None:
    gdpr = case(Regime.GDPR)
    now = AWARE + timedelta(hours=10)
    assert by_step(gdpr, now)[Step.GDPR_AUTHORITY][0] is StepState.RUNNING
    gdpr.aware_at = AWARE - timedelta(hours=70)
    assert by_step(gdpr, now)[Step.GDPR_AUTHORITY] == (StepState.OVERDUE, AWARE + timedelta(hours=2))
    dora = case(Regime.DORA, decided=now)
    dora.aware_at = now - timedelta(hours=23)
    assert by_step(dora, now)[Step.DORA_INITIAL] == (StepState.RUNNING, now + timedelta(hours=1))


def test_overdue_at_the_deadline_and_until_submitted() -> None:
    gdpr = case(Regime.GDPR)
    due = AWARE + timedelta(hours=72)
    assert by_step(gdpr, due - timedelta(seconds=1))[Step.GDPR_AUTHORITY][0] is StepState.RUNNING
    assert by_step(gdpr, due)[Step.GDPR_AUTHORITY][0] is StepState.OVERDUE
    assert [c.rule.step for c in open_steps(gdpr, due + timedelta(days=3))] == [Step.GDPR_AUTHORITY]
    submit(gdpr, Step.GDPR_AUTHORITY, due + timedelta(days=3))
    assert by_step(gdpr, due + timedelta(days=4))[Step.GDPR_AUTHORITY][0] is StepState.SUBMITTED
    assert open_steps(gdpr, due + timedelta(days=4)) == []


def test_a_month_is_a_calendar_month() -> None:
    assert add_month(datetime(2027, 1, 31, 8, tzinfo=UTC)) == datetime(2027, 2, 28, 8, tzinfo=UTC)
    assert add_month(datetime(2026, 12, 15, 8, tzinfo=UTC)) == datetime(2027, 1, 15, 8, tzinfo=UTC)
