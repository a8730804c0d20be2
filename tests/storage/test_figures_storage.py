"""The register read for the figures: the period's incidents with their escalations, reviews and follow-ups."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import timedelta

from bot.domain.page import Page
from bot.domain.page import PageKind
from bot.domain.page import PageLevel
from bot.domain.phase import Phase
from bot.domain.review import FollowUp
from bot.domain.review import Review
from bot.domain.roles import Role
from bot.domain.severity import Severity
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.storage.builders import new_incident

START, END = datetime(2026, 9, 30, 22, 0, tzinfo=UTC), datetime(2026, 12, 31, 23, 0, tzinfo=UTC)


def test_the_period_is_read_with_what_hangs_on_each_incident(uow_factory: SqlUnitOfWorkFactory) -> None:
    reported = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    with uow_factory() as uow:
        inside = uow.incidents.add(new_incident(
            1, detected_at=reported - timedelta(hours=1), reported_at=reported, severity=Severity.MAJOR,
            classified_at=reported + timedelta(minutes=30), sla_due=reported + timedelta(hours=4, minutes=30),
            closed_at=reported + timedelta(hours=5), phase=Phase.CLOSED, activities=("email", "webshop"),
            incident_type="outage"))
        before = START - timedelta(seconds=1)
        uow.incidents.add(new_incident(2, detected_at=before, reported_at=before))
        uow.incidents.add(new_incident(3, detected_at=END, reported_at=END))
        bare = uow.incidents.add(new_incident(4, detected_at=reported, reported_at=reported + timedelta(days=1)))
        assert inside.id is not None
        uow.pages.add(Page(PageKind.RTO_EXCEEDED, "slack", reported, inside.id, Role.BCP_MANAGER, key="a",
                           level=PageLevel.BACKUP, acknowledged_by="U0IRIS", acknowledged_at=reported))
        uow.pages.add(Page(PageKind.LESSONS, "slack", reported, inside.id, person="U0HUGO", key="b"))  # not one
        uow.reviews.open(Review(inside.id, reported + timedelta(hours=6), completed_at=reported + timedelta(days=2)))
        uow.reviews.add_follow_up(FollowUp(inside.id, "Second MX", "U0LOTTE", reported + timedelta(days=10), "U0HUGO",
                                           reported))
        uow.commit()
    with uow_factory(read_only=True) as uow:
        found = uow.figures.facts(START, END)
    assert [f.number for f in found] == [inside.number, bare.number]
    first = found[0]
    assert first.severity is Severity.MAJOR and first.incident_type == "outage"
    assert first.activities == ("email", "webshop")
    assert first.detected_at == reported - timedelta(hours=1)
    assert first.closed_at == reported + timedelta(hours=5)
    assert first.sla_due == reported + timedelta(hours=4, minutes=30)
    assert [(e.kind, e.level, e.acknowledged_by) for e in first.escalations] == [
        (PageKind.RTO_EXCEEDED, PageLevel.BACKUP, "U0IRIS")]
    assert first.review_opened and first.review_completed
    assert [(f.due_at, f.done_at) for f in first.follow_ups] == [(reported + timedelta(days=10), None)]
    assert not first.exercise
    second = found[1]
    assert second.severity is None and second.escalations == () and not second.review_opened
