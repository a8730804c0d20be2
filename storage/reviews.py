"""Post Incident Reviews (answers per section and question) and follow-up actions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import insert
from sqlalchemy import update
from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

from bot.domain.review import Answer
from bot.domain.review import FollowUp
from bot.domain.review import Review
from bot.domain.review import SectionSaved
from bot.ports import ConcurrentUpdate
from storage.mapping import message_ref
from storage.review_tables import FollowUpRow
from storage.review_tables import ReviewAnswerRow
from storage.review_tables import ReviewRow
from storage.review_tables import ReviewSectionRow
from storage.sql import dialect_insert
from storage.sql import fresh
from storage.tables import FOLLOW_UP
from storage.tables import REVIEW
from storage.tables import REVIEW_ANSWER
from storage.tables import REVIEW_SECTION


class SqlReviewRepository:
    """:class:`bot.ports.ReviewRepository` on a session; never commits (the unit of work does)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, incident_id: int) -> Review | None:
        row = self._session.exec(fresh(select(ReviewRow).where(col(ReviewRow.incident_id) == incident_id))).first()
        if row is None:
            return None
        review = Review(
            incident_id=row.incident_id, opened_at=row.opened_at, completed_at=row.completed_at,
            completed_by=row.completed_by, message_ref=message_ref(row.message_channel_id, row.message_id),
            invitation_ref=message_ref(row.invitation_channel_id, row.invitation_message_id), version=row.version)
        for answer in self._session.exec(fresh(
                select(ReviewAnswerRow).where(col(ReviewAnswerRow.incident_id) == incident_id))):
            review.answers[(answer.section, answer.question)] = Answer(
                answer.section, answer.question, answer.value, answer.answered_by, answer.answered_at)
        for saved in self._session.exec(fresh(
                select(ReviewSectionRow).where(col(ReviewSectionRow.incident_id) == incident_id))):
            review.saved[saved.section] = SectionSaved(saved.section, saved.saved_by, saved.saved_at)
        return review

    def open(self, review: Review) -> bool:
        statement = dialect_insert(self._session, REVIEW).values(**_review_values(review), version=0)
        result = self._session.exec(statement.on_conflict_do_nothing(index_elements=[REVIEW.c.incident_id]))
        return bool(result.rowcount)

    def save(self, review: Review) -> None:
        result = self._session.exec(
            update(REVIEW)
            .where(REVIEW.c.incident_id == review.incident_id, REVIEW.c.version == review.version)
            .values(**_review_values(review), version=review.version + 1)
        )
        if result.rowcount != 1:
            raise ConcurrentUpdate(f"review of incident {review.incident_id} changed since version {review.version}")
        review.version += 1

    def put_answers(self, incident_id: int, answers: Sequence[Answer]) -> None:
        for answer in answers:
            values = {"incident_id": incident_id, "section": answer.section, "question": answer.question,
                      "value": answer.value, "answered_by": answer.answered_by, "answered_at": answer.answered_at}
            statement = dialect_insert(self._session, REVIEW_ANSWER).values(**values)
            self._session.exec(statement.on_conflict_do_update(
                index_elements=[REVIEW_ANSWER.c.incident_id, REVIEW_ANSWER.c.section, REVIEW_ANSWER.c.question],
                set_={"value": answer.value, "answered_by": answer.answered_by, "answered_at": answer.answered_at}))

    def mark_saved(self, incident_id: int, section: str, by: str, at: datetime) -> None:
        statement = dialect_insert(self._session, REVIEW_SECTION).values(
            incident_id=incident_id, section=section, saved_by=by, saved_at=at)
        self._session.exec(statement.on_conflict_do_update(
            index_elements=[REVIEW_SECTION.c.incident_id, REVIEW_SECTION.c.section],
            set_={"saved_by": by, "saved_at": at}))

    def add_follow_up(self, follow_up: FollowUp) -> FollowUp:
        result = self._session.exec(insert(FOLLOW_UP).values(**_follow_up_values(follow_up)).returning(FOLLOW_UP.c.id))
        follow_up.id = int(result.scalar_one())
        return follow_up

    def follow_up(self, follow_up_id: int) -> FollowUp | None:
        row = self._session.exec(fresh(select(FollowUpRow).where(col(FollowUpRow.id) == follow_up_id))).first()
        return _follow_up(row) if row is not None else None

    def follow_ups(self, incident_id: int | None, open_only: bool, limit: int = 200) -> list[FollowUp]:
        statement = select(FollowUpRow)
        if incident_id is not None:
            statement = statement.where(col(FollowUpRow.incident_id) == incident_id)
        if open_only:
            statement = statement.where(col(FollowUpRow.done_at).is_(None))
        statement = statement.order_by(col(FollowUpRow.due_at), col(FollowUpRow.id)).limit(limit)
        return [_follow_up(row) for row in self._session.exec(fresh(statement))]

    def save_follow_up(self, follow_up: FollowUp) -> None:
        if follow_up.id is None:
            raise ValueError("save_follow_up() needs a stored follow-up")
        self._session.exec(update(FOLLOW_UP).where(FOLLOW_UP.c.id == follow_up.id)
                           .values(**_follow_up_values(follow_up)))


def _review_values(review: Review) -> dict[str, object]:
    message, invitation = review.message_ref, review.invitation_ref
    return {
        "incident_id": review.incident_id,
        "opened_at": review.opened_at,
        "completed_at": review.completed_at,
        "completed_by": review.completed_by,
        "message_channel_id": message.channel_id if message else None,
        "message_id": message.message_id if message else None,
        "invitation_channel_id": invitation.channel_id if invitation else None,
        "invitation_message_id": invitation.message_id if invitation else None,
    }


def _follow_up_values(follow_up: FollowUp) -> dict[str, object]:
    return {"incident_id": follow_up.incident_id, "text": follow_up.text, "owner_id": follow_up.owner_id,
            "due_at": follow_up.due_at, "created_by": follow_up.created_by, "created_at": follow_up.created_at,
            "done_at": follow_up.done_at, "done_by": follow_up.done_by, "reminders": follow_up.reminders}


def _follow_up(row: FollowUpRow) -> FollowUp:
    return FollowUp(incident_id=row.incident_id, text=row.text, owner_id=row.owner_id, due_at=row.due_at,
                    created_by=row.created_by, created_at=row.created_at, done_at=row.done_at, done_by=row.done_by,
                    reminders=row.reminders, id=row.id)
