"""The kinds of job, and the one way a job is queued.

Every kind is a :class:`JobKind`; what it does is registered in :data:`bot.jobs.kinds.JOB_ACTIONS` (jobs of
an incident) and :data:`bot.jobs.schedule_kinds.PLAN_ACTIONS` (plan-wide jobs, without an incident).
``tests/core/test_job_kinds.py`` checks that every kind has an action and every action a kind.

A kind also says its **lane**: jobs of an incident's lane run one after the other, in the order they were
queued (the incident's chat updates must not overtake each other). Logbook confirmations and fetches go
free: a burst of them must not hold up the incident's other messages, and the confirmations of a burst are
gathered into one line anyway. Scheduled reminders (review, follow-ups) go free too, because a job that
waits for its moment would hold up its whole lane until then. The triage line has a lane of its own, one per
platform's helpdesk channel (``helpdesk:<platform>``): the reports' lines and cards go out in the order reported,
one job at a time (a report joining the latest card never races another), and while one waits for its turn in the
helpdesk channel (report storms, ``bot.jobs.pacing``) a classification's jobs, in the incident's lane, go ahead.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum

from bot.ports import Job
from bot.ports import UnitOfWork


class Lane(StrEnum):
    INCIDENT = "incident"
    """After the incident's earlier jobs, in queue order."""
    FREE = "free"
    """No lane: may run beside (and before) the incident's other jobs."""
    HELPDESK = "helpdesk"
    """After the earlier jobs of its kind for the same platform's helpdesk channel (the triage lines)."""


class JobKind(StrEnum):
    TRIAGE_POST = "triage.post"
    TRIAGE_REFRESH = "triage.refresh"
    REPORTER_CONFIRM = "reporter.confirm"
    SPACE_SETUP = "space.setup"
    SPACE_REFRESH = "space.refresh"
    SPACE_CLOSE = "space.close"
    CHECKLIST_REFRESH = "checklist.refresh"
    NOTICE_POST = "notice.post"
    APPROVAL_POST = "approval.post"
    APPROVAL_REFRESH = "approval.refresh"
    LOG_CONFIRM = "log.confirm"
    LOG_REACTION = "log.reaction"
    REVIEW_POST = "review.post"
    REVIEW_REFRESH = "review.refresh"
    REVIEW_INVITE = "review.invite"
    REVIEW_REMIND = "review.remind"
    FOLLOWUP_ASSIGNED = "followup.assigned"
    FOLLOWUP_REMIND = "followup.remind"
    EXPORT_UPLOAD = "export.upload"
    REMINDER_POST = "reminder.post"
    PAGE_SEND = "page.send"
    PAGE_REFRESH = "page.refresh"
    PAGE_UNANSWERED = "page.unanswered"
    STATUS_PROMPT = "status.prompt"
    STATUS_SHARE = "status.share"
    STATUS_DIRECT = "status.direct"
    INFORM_DIRECT = "inform.direct"
    PAGE_MAIL = "page.mail"
    PAGE_SMS = "page.sms"
    OUTREACH_SUMMARY = "outreach.summary"
    INTAKE_RESOLVED = "intake.resolved"
    INTAKE_CONFIRM_MAIL = "intake.confirm_mail"
    TEAM_MOBILISE = "team.mobilise"
    CRISIS_PROPOSE = "crisis.propose"
    DEPARTMENT_INFORM = "department.inform"
    NOTIFY_REMINDER = "notify.reminder"
    NOTIFY_OVERDUE = "notify.overdue"
    NOTIFY_DIRECT = "notify.direct"
    NOTIFY_DRAFT = "notify.draft"
    INFORM_MAIL = "inform.mail"
    INFORM_REMINDER = "inform.reminder"
    DUPLICATE_TELL = "duplicate.tell"
    MERGE_CLOSE = "merge.close"
    MERGE_TELL = "merge.tell"
    STATS_CHART = "stats.chart"

    @property
    def lane(self) -> Lane:
        if self is JobKind.TRIAGE_POST:
            return Lane.HELPDESK
        return Lane.FREE if self in _FREE else Lane.INCIDENT

    @classmethod
    def named(cls, name: str) -> JobKind | None:
        """The kind a stored job names; ``None`` for a name no kind has (it is then set aside)."""
        try:
            return cls(name)
        except ValueError:
            return None


_FREE = frozenset({JobKind.LOG_CONFIRM, JobKind.LOG_REACTION, JobKind.REVIEW_REMIND, JobKind.FOLLOWUP_ASSIGNED,
                   JobKind.FOLLOWUP_REMIND, JobKind.PAGE_MAIL, JobKind.PAGE_SMS, JobKind.STATS_CHART})


def lane_of(kind: JobKind, incident_id: int | None, platform: str | None = None) -> str | None:
    """The lane a job of ``kind`` for ``incident_id`` (of ``platform``) runs in (``None``: no lane)."""
    if incident_id is None or kind.lane is Lane.FREE:
        return None
    if kind.lane is Lane.HELPDESK and platform is not None:
        return f"helpdesk:{platform}"
    return f"incident:{incident_id}"


def queue(uow: UnitOfWork, kind: JobKind, incident_id: int | None, payload: Mapping[str, str], at: datetime,
          dedupe_key: str | None = None, platform: str | None = None) -> None:
    """Queue a job of ``kind`` in the caller's transaction, to run from ``at`` on, in its kind's lane (a helpdesk
    lane needs the incident's ``platform``)."""
    uow.jobs.enqueue(Job(kind, incident_id, dict(payload), lane=lane_of(kind, incident_id, platform)), at,
                     dedupe_key)
