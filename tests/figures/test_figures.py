"""The figures of a period against numbers worked out by hand."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.page import PageKind
from bot.domain.page import PageLevel
from bot.domain.severity import Severity
from bot.figures.facts import Escalation
from bot.figures.facts import FollowUpFacts
from bot.figures.figures import UNCLASSIFIED
from bot.figures.figures import compute
from bot.figures.period import parse_period
from tests.figures.builders import BRUSSELS
from tests.figures.builders import example_plan
from tests.figures.builders import facts
from tests.figures.builders import utc

PLAN = example_plan()
Q4 = parse_period("2026-Q4", BRUSSELS)
NOW = utc(2026, 12, 20, 12, 0)


def test_a_quarter_worked_out_by_hand() -> None:
    assert Q4 is not None
    register = [
        # 1: major, acknowledged in 10 min, solved 3h after detection (SLA 4h from classification: kept);
        #    affects e-mail (RTO 4h from detection: kept).
        facts(1, utc(2026, 10, 5, 8, 0), Severity.MAJOR, ack=timedelta(minutes=10), resolve=timedelta(hours=3),
              activities=("email",), incident_type="outage"),
        # 2: major, acknowledged in 30 min, solved 6h after detection, detected 1h before the report:
        #    SLA due 4h after classification = 3h30 after the report = 4h30 after detection: missed;
        #    webshop RTO 2h: missed.
        facts(2, utc(2026, 11, 2, 9, 0), Severity.MAJOR, ack=timedelta(minutes=30), resolve=timedelta(hours=6),
              detected_before=timedelta(hours=1), activities=("webshop", "email"), incident_type="outage",
              escalations=(Escalation(PageKind.RTO_EXCEEDED, PageLevel.PRIMARY, "U0IRIS"),
                           Escalation(PageKind.MAJOR_OVERDUE, PageLevel.NOBODY, None)),
              review_opened=True, review_completed=True,
              follow_ups=(FollowUpFacts(utc(2026, 12, 1, 0, 0), None),          # open and overdue
                          FollowUpFacts(utc(2027, 1, 1, 0, 0), None),           # open, not due yet
                          FollowUpFacts(utc(2026, 11, 20, 0, 0), utc(2026, 11, 19, 0, 0)))),  # done
        # 3: minor, acknowledged in 20 min, still open, SLA (8h) long past at NOW: missed; no activity: no RTO.
        facts(3, utc(2026, 12, 1, 10, 0), Severity.MINOR, ack=timedelta(minutes=20), incident_type="security",
              escalations=(Escalation(PageKind.RAISE_TO_MAJOR, PageLevel.BACKUP, "U0HUGO"),), review_opened=True),
        # 4: crisis classified NOW - 1h, still open, SLA not reached: not decided.
        facts(4, utc(2026, 12, 20, 11, 0), Severity.CRISIS, ack=timedelta(0), activities=("invoicing",)),
        # 5: never classified.
        facts(5, utc(2026, 12, 15, 16, 0)),
        # 6: an exercise: left out of everything.
        facts(6, utc(2026, 11, 10, 9, 0), Severity.CRISIS, ack=timedelta(minutes=1), resolve=timedelta(hours=9),
              exercise=True, activities=("production",)),
        # 7: reported before the quarter (30 Sep 23:30 in Brussels): another period.
        facts(7, utc(2026, 9, 30, 21, 30), Severity.WEAK, ack=timedelta(hours=1)),
    ]
    figures = compute(PLAN, register, Q4, NOW)
    total = figures.total
    assert total.incidents == 5
    assert figures.exercises_left_out == 1
    assert total.acknowledged == 4
    assert total.acknowledge_median == timedelta(minutes=15)      # 0, 10, 20, 30
    assert total.acknowledge_mean == timedelta(minutes=15)
    assert total.resolved == 2
    assert total.resolve_median == timedelta(hours=4, minutes=30)  # 3h and 6h
    assert (total.sla_kept, total.sla_decided) == (1, 3)          # 1 kept; 2 and 3 missed; 4 pending
    assert total.sla_percent is not None and round(total.sla_percent, 1) == 33.3
    assert (total.rto_kept, total.rto_decided) == (1, 2)          # 1 kept, 2 missed; 4: 1d not reached yet
    assert total.rto_percent == 50.0

    assert list(figures.by_severity) == ["weak", "minor", "major", "crisis", UNCLASSIFIED]
    assert figures.by_severity["major"].incidents == 2
    assert figures.by_severity["major"].sla_percent == 50.0
    assert figures.by_severity["weak"].incidents == 0
    assert figures.by_severity["weak"].sla_percent is None
    assert figures.by_severity[UNCLASSIFIED].incidents == 1
    assert list(figures.by_type) == ["outage", "unknown", "security"]  # most first, then by name
    assert figures.by_type["outage"].resolve_mean == timedelta(hours=4, minutes=30)
    assert list(figures.by_activity) == ["email", "invoicing", "webshop"]
    assert figures.by_activity["email"].incidents == 2
    assert figures.by_activity["email"].rto_percent == 50.0

    assert figures.per_month == [((2026, 10), {"major": 1}), ((2026, 11), {"major": 1}),
                                 ((2026, 12), {"minor": 1, "crisis": 1, UNCLASSIFIED: 1})]
    assert figures.escalations.total == 3
    assert figures.escalations.answered_by == {"U0IRIS": 1, "U0HUGO": 1}
    assert (figures.escalations.reached_backup, figures.escalations.unanswered) == (2, 1)
    assert (figures.reviews_opened, figures.reviews_completed) == (2, 1)
    assert (figures.follow_ups, figures.follow_ups_open, figures.follow_ups_overdue) == (3, 2, 1)
    assert [(r.severity, r.hours, r.sla_hours) for r in figures.resolutions] == [("major", 3.0, 4.0),
                                                                                ("major", 6.0, 4.0)]


def test_a_week_in_which_daylight_saving_time_ends() -> None:
    week = parse_period("2026-W43", BRUSSELS)  # Mon 19 Oct – Sun 25 Oct 2026; clocks go back at 03:00 on the 25th
    assert week is not None
    assert week.end - week.start == timedelta(hours=169)
    assert week.start == utc(2026, 10, 18, 22, 0)   # midnight CEST
    assert week.end == utc(2026, 10, 25, 23, 0)     # midnight CET
    register = [
        # Sunday 23:30 in Brussels (22:30 UTC): still in the week.
        facts(1, utc(2026, 10, 25, 22, 30), Severity.MINOR, ack=timedelta(minutes=5)),
        # Monday 00:30 in Brussels (23:30 UTC on Sunday): the next week.
        facts(2, utc(2026, 10, 25, 23, 30), Severity.MINOR, ack=timedelta(minutes=5)),
        # Reported 01:50 CEST (23:50 UTC on the 24th), classified 02:10 CET the second time round (01:10 UTC):
        # 80 minutes passed although the clock on the wall moved 20.
        facts(3, utc(2026, 10, 24, 23, 50), Severity.MAJOR, ack=timedelta(minutes=80),
              resolve=timedelta(hours=3)),
        # Monday 19 Oct 00:10 CEST (22:10 UTC on the 18th): the first minutes of the week.
        facts(4, utc(2026, 10, 18, 22, 10), Severity.WEAK),
        # Sunday 18 Oct 23:59 CEST (21:59 UTC): the week before.
        facts(5, utc(2026, 10, 18, 21, 59), Severity.WEAK),
    ]
    figures = compute(PLAN, register, week, utc(2026, 10, 26, 12, 0))
    assert figures.total.incidents == 3
    assert sorted(figures.by_severity[s].incidents for s in ("weak", "minor", "major")) == [1, 1, 1]
    assert figures.by_severity["major"].acknowledge_median == timedelta(minutes=80)
    assert figures.per_month == [((2026, 10), {"minor": 1, "major": 1, "weak": 1})]
    # The major one: classified 01:10 UTC, SLA 4h → due 05:10 UTC; closed 3h after detection (02:50 UTC): kept.
    assert figures.by_severity["major"].sla_percent == 100.0


def test_a_week_in_which_daylight_saving_time_starts_lasts_167_hours() -> None:
    week = parse_period("2026-W13", BRUSSELS)  # Mon 23 – Sun 29 Mar 2026
    assert week is not None and week.end - week.start == timedelta(hours=167)


def test_an_empty_period_has_no_percentages() -> None:
    assert Q4 is not None
    figures = compute(PLAN, [], Q4, NOW)
    assert figures.total.incidents == 0
    assert figures.total.sla_percent is None and figures.total.acknowledge_median is None
    assert [month for month, _ in figures.per_month] == [(2026, 10), (2026, 11), (2026, 12)]
    assert list(figures.by_severity) == ["weak", "minor", "major", "crisis"]


def test_periods_are_read_as_written() -> None:
    assert parse_period("2026-q4", BRUSSELS).label == "2026-Q4"  # type: ignore[union-attr]
    assert parse_period("2026-3", BRUSSELS).label == "2026-03"  # type: ignore[union-attr]
    assert parse_period("2026", BRUSSELS).months()[-1] == (2026, 12)  # type: ignore[union-attr]
    for wrong in ("", "2026-13", "2026-Q5", "2026-W54", "1999", "Q4", "2026-11-05", "x" * 500):
        assert parse_period(wrong, BRUSSELS) is None
