"""Names of the buttons and forms the core understands (the same on every platform)."""

from __future__ import annotations

CLASSIFY = "sirene.classify"
RECLASSIFY = "sirene.reclassify"
PHASE = "sirene.phase"
REQUEST_DEACTIVATION = "sirene.deactivate"
APPROVE = "sirene.approve"
REJECT = "sirene.reject"
CHECK = "sirene.check"
ACKNOWLEDGE = "sirene.ack"
ACTIVATE = "sirene.activate"
DECIDE = "sirene.decide"
REVIEWED = "sirene.reviewed"
LESSONS = "sirene.lessons"
SET_ETA = "sirene.eta"
STATUS_UPDATE = "sirene.status"

FORM_REPORT = "report"
FORM_RECLASSIFY = "reclassify"
FORM_REJECT = "reject"
FORM_ETA = "eta"
FORM_STATUS = "status_update"
FORM_DECISION = "page_decision"
FORM_LESSONS = "lessons"


def value(*parts: str | int) -> str:
    """A button value: the parts joined by ``|`` (numbers and names never contain it)."""
    return "|".join(str(part) for part in parts)


def parts(raw: str) -> list[str]:
    return raw.split("|")
