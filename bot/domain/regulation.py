"""The legal clocks: which notifications an incident owes to an authority, from when, and how long.

The rules are data, each with its legal reference next to it. Sirene gives no legal advice: a person decides
whether an incident is a significant incident (NIS2), a personal data breach (GDPR) or a major ICT-related
incident (DORA), and that decision starts the clocks. Times are UTC; only their display uses the plan's zone.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from datetime import timedelta
from enum import StrEnum


class Regime(StrEnum):
    NIS2 = "nis2"
    GDPR = "gdpr"
    DORA = "dora"


class Step(StrEnum):
    NIS2_EARLY_WARNING = "nis2_early_warning"
    NIS2_NOTIFICATION = "nis2_notification"
    NIS2_FINAL_REPORT = "nis2_final_report"
    GDPR_AUTHORITY = "gdpr_authority"
    GDPR_DATA_SUBJECTS = "gdpr_data_subjects"
    DORA_INITIAL = "dora_initial"
    DORA_INTERMEDIATE = "dora_intermediate"
    DORA_FINAL = "dora_final"


class Anchor(StrEnum):
    AWARENESS = "awareness"
    """From the moment the entity became aware of the incident (editable, logged)."""
    CLASSIFICATION = "classification"
    """From the moment a person classified the incident (DORA: as major)."""
    PREVIOUS = "previous"
    """From the submission of the step before (``after``)."""


MONTH = timedelta(days=-1)
"""Stands for "one calendar month" in :attr:`StepRule.within` (a month is not a fixed duration)."""


@dataclass(frozen=True)
class StepRule:
    step: Step
    regime: Regime
    reference: str
    """The legal text that sets the deadline (shown to people, never translated)."""
    anchor: Anchor
    within: timedelta | None
    """How long from the anchor; :data:`MONTH` for one calendar month; ``None``: no fixed deadline."""
    cap_from_awareness: timedelta | None = None
    """At the latest this long after awareness, whatever the anchor says (DORA's initial notification)."""
    after: Step | None = None
    """The step whose submission starts this one (``Anchor.PREVIOUS``)."""
    when_high_risk: bool = False
    """Only owed when the person marked a high risk to people (GDPR art. 34)."""
    remind_before: timedelta | None = None
    """A reminder to the channel and the responsible role this long before the deadline."""
    page_before: timedelta | None = None
    """This long before the deadline, with nothing recorded, the responsible role is paged (it escalates
    like any page: primary, backup, IRP manager)."""


RULES: tuple[StepRule, ...] = (
    # NIS2: Directive (EU) 2022/2555 art. 23(4); Belgian law of 26 April 2024 (NIS2 law) art. 34, the CCB.
    StepRule(Step.NIS2_EARLY_WARNING, Regime.NIS2, "NIS2 art. 23(4)(a); Belgian NIS2 law art. 34",
             Anchor.AWARENESS, timedelta(hours=24), remind_before=timedelta(hours=12),
             page_before=timedelta(hours=4)),
    StepRule(Step.NIS2_NOTIFICATION, Regime.NIS2, "NIS2 art. 23(4)(b); Belgian NIS2 law art. 34",
             Anchor.AWARENESS, timedelta(hours=72), remind_before=timedelta(hours=24),
             page_before=timedelta(hours=8)),
    StepRule(Step.NIS2_FINAL_REPORT, Regime.NIS2, "NIS2 art. 23(4)(d); Belgian NIS2 law art. 34",
             Anchor.PREVIOUS, MONTH, after=Step.NIS2_NOTIFICATION, remind_before=timedelta(days=7),
             page_before=timedelta(days=2)),
    # GDPR: Regulation (EU) 2016/679.
    StepRule(Step.GDPR_AUTHORITY, Regime.GDPR, "GDPR art. 33(1)", Anchor.AWARENESS, timedelta(hours=72),
             remind_before=timedelta(hours=24), page_before=timedelta(hours=8)),
    StepRule(Step.GDPR_DATA_SUBJECTS, Regime.GDPR, "GDPR art. 34(1)", Anchor.AWARENESS, None,
             when_high_risk=True),
    # DORA: Regulation (EU) 2022/2554 art. 19(4); Commission Delegated Regulation (EU) 2025/301 art. 5.
    StepRule(Step.DORA_INITIAL, Regime.DORA, "DORA art. 19(4)(a); Delegated Regulation (EU) 2025/301 art. 5(1)",
             Anchor.CLASSIFICATION, timedelta(hours=4), cap_from_awareness=timedelta(hours=24),
             remind_before=timedelta(hours=2), page_before=timedelta(hours=1)),
    StepRule(Step.DORA_INTERMEDIATE, Regime.DORA,
             "DORA art. 19(4)(b); Delegated Regulation (EU) 2025/301 art. 5(2)", Anchor.PREVIOUS,
             timedelta(hours=72), after=Step.DORA_INITIAL, remind_before=timedelta(hours=24),
             page_before=timedelta(hours=8)),
    StepRule(Step.DORA_FINAL, Regime.DORA, "DORA art. 19(4)(c); Delegated Regulation (EU) 2025/301 art. 5(3)",
             Anchor.PREVIOUS, MONTH, after=Step.DORA_INTERMEDIATE, remind_before=timedelta(days=7),
             page_before=timedelta(days=2)),
)

RULE_OF: dict[Step, StepRule] = {rule.step: rule for rule in RULES}
REFERENCES: dict[Regime, str] = {
    Regime.NIS2: "NIS2 art. 23; Belgian NIS2 law of 26 April 2024, art. 34",
    Regime.GDPR: "GDPR art. 33, 34",
    Regime.DORA: "DORA art. 19",
}
REGISTER_REFERENCE = "GDPR art. 33(5)"


def steps_of(regime: Regime) -> tuple[StepRule, ...]:
    return tuple(rule for rule in RULES if rule.regime is regime)


def add_month(moment: datetime) -> datetime:
    """The same day and time one calendar month later (the last day of a shorter month)."""
    year, month = (moment.year + 1, 1) if moment.month == 12 else (moment.year, moment.month + 1)
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


@dataclass(frozen=True)
class Submission:
    """A person recorded that a step was submitted to the authority (outside Sirene)."""

    step: Step
    submitted_at: datetime
    reference: str
    recorded_by: str
    recorded_at: datetime


@dataclass
class RegulatoryCase:
    """One regime marked on one incident: the person's decision and the clocks it starts."""

    incident_id: int
    regime: Regime
    decided_by: str
    decided_at: datetime
    """When the person decided (DORA: the classification as major)."""
    aware_at: datetime
    """When the entity became aware of the incident: the clocks count from here."""
    high_risk: bool = False
    """GDPR: a high risk to the rights and freedoms of people (art. 34: tell the data subjects)."""
    facts: str = ""
    effects: str = ""
    remedy: str = ""
    """GDPR art. 33(5): the facts, the effects and the remedial action taken, for the breach register."""
    submissions: dict[Step, Submission] = field(default_factory=dict)
    version: int = 0


class StepState(StrEnum):
    WAITING = "waiting"
    """Its clock starts when the step before is submitted."""
    RUNNING = "running"
    OVERDUE = "overdue"
    SUBMITTED = "submitted"
    OPEN = "open"
    """Owed without a fixed deadline ("without undue delay")."""


@dataclass(frozen=True)
class StepClock:
    rule: StepRule
    started_at: datetime | None
    due_at: datetime | None
    state: StepState
    submission: Submission | None = None


def due_of(rule: StepRule, case: RegulatoryCase) -> tuple[datetime | None, datetime | None]:
    """When the step's clock started and when it is due (``None``: not started, or no fixed deadline)."""
    if rule.anchor is Anchor.AWARENESS:
        start: datetime | None = case.aware_at
    elif rule.anchor is Anchor.CLASSIFICATION:
        start = case.decided_at
    else:
        before = case.submissions.get(rule.after) if rule.after is not None else None
        start = before.submitted_at if before is not None else None
    if start is None or rule.within is None:
        return start, None
    due = add_month(start) if rule.within == MONTH else start + rule.within
    if rule.cap_from_awareness is not None:
        due = min(due, case.aware_at + rule.cap_from_awareness)
    return start, due


def clocks(case: RegulatoryCase, now: datetime) -> list[StepClock]:
    """Every step owed under the case's regime, with its state at ``now``."""
    found: list[StepClock] = []
    for rule in steps_of(case.regime):
        if rule.when_high_risk and not case.high_risk:
            continue
        start, due = due_of(rule, case)
        submitted = case.submissions.get(rule.step)
        if submitted is not None:
            state = StepState.SUBMITTED
        elif start is None:
            state = StepState.WAITING
        elif due is None:
            state = StepState.OPEN
        else:
            state = StepState.OVERDUE if now >= due else StepState.RUNNING
        found.append(StepClock(rule, start, due, state, submitted))
    return found


def open_steps(case: RegulatoryCase, now: datetime) -> list[StepClock]:
    """The steps that may be recorded as submitted now (started, not submitted yet)."""
    return [c for c in clocks(case, now) if c.state in (StepState.RUNNING, StepState.OVERDUE, StepState.OPEN)]
