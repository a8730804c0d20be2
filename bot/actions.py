"""Names of the buttons and forms the core understands (the same on every platform)."""

from __future__ import annotations

CLASSIFY = "sirene.classify"
RECLASSIFY = "sirene.reclassify"
PHASE = "sirene.phase"
REQUEST_DEACTIVATION = "sirene.deactivate"
APPROVE = "sirene.approve"
REJECT = "sirene.reject"
CHECK = "sirene.check"
REOPEN = "sirene.reopen"
"""Open a form again after the platform refused it (its trigger expired): replays what opened it."""
LOG_COMPLETE = "sirene.log_complete"
REVIEW_OPEN = "sirene.review_open"
FOLLOW_UP_DONE = "sirene.followup_done"
EXPORT = "sirene.export"
FORM_MOVE = "sirene.form_move"
"""A button inside a form that saves what was typed and moves (back, save and close): see ``FormSpec.moves``."""
ACKNOWLEDGE = "sirene.ack"
ACTIVATE = "sirene.activate"
PROPOSE = "sirene.propose"
"""The IRP manager proposes a plan's activation to its manager (value: number|plan|page)."""
DECIDE = "sirene.decide"
REVIEWED = "sirene.reviewed"
LESSONS = "sirene.lessons"
SET_ETA = "sirene.eta"
STATUS_UPDATE = "sirene.status"
NOTIFY = "sirene.notify"
NOTIFY_MARK = "sirene.notify_mark"
NOTIFY_SUBMIT = "sirene.notify_submit"
NOTIFY_DRAFT = "sirene.notify_draft"
INFORM = "sirene.inform"
DUPLICATE = "sirene.duplicate"
"""A report joins an open incident it is possibly the same as (value: the report's number | the incident's)."""
CLASSIFY_ALL = "sirene.classify_all"
SET_TYPE = "sirene.set_type"
"""A scenario button on the checklist: the incident's type (value: number|type id)."""
"""On a grouped triage card: classify the card's first waiting report, and join the others to it."""

FORM_REPORT = "report"
FORM_RECLASSIFY = "reclassify"
FORM_REJECT = "reject"
FORM_LOG_ADD = "log_add"
FORM_LOG_COMPLETE = "log_complete"
FORM_REVIEW = "review"
FORM_ETA = "eta"
FORM_STATUS = "status_update"
FORM_DECISION = "page_decision"
FORM_LESSONS = "lessons"
FORM_NOTIFY_MARK = "notify_mark"
FORM_NOTIFY_SUBMIT = "notify_submit"
FORM_INFORM = "inform"


def value(*parts: str | int) -> str:
    """A button value: the parts joined by ``|`` (numbers and names never contain it)."""
    return "|".join(str(part) for part in parts)


def parts(raw: str) -> list[str]:
    return raw.split("|")
