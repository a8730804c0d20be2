"""The job kinds' registry: every kind has an action, every action a kind, every kind a lane."""

from __future__ import annotations

import ast
from pathlib import Path

from bot.jobs.kind import JobKind
from bot.jobs.kind import Lane
from bot.jobs.kind import lane_of
from bot.jobs.kinds import JOB_ACTIONS
from bot.jobs.schedule_kinds import PLAN_ACTIONS

REPO = Path(__file__).resolve().parents[2]


def test_every_kind_has_an_action_and_every_action_a_kind() -> None:
    registered = set(JOB_ACTIONS) | set(PLAN_ACTIONS)
    assert set(JobKind) - registered == set()
    assert all(isinstance(kind, JobKind) for kind in registered)


def test_plan_wide_kinds_also_run_for_an_incident() -> None:
    """Pages run with or without an incident; the chart of ``/incident stats`` belongs to no incident."""
    assert set(PLAN_ACTIONS) - set(JOB_ACTIONS) == {JobKind.STATS_CHART}


def test_lanes() -> None:
    assert lane_of(JobKind.TRIAGE_REFRESH, 7) == "incident:7"
    assert lane_of(JobKind.PAGE_SEND, None) is None
    free = {kind for kind in JobKind if kind.lane is Lane.FREE}
    assert free == {JobKind.LOG_CONFIRM, JobKind.LOG_REACTION, JobKind.REVIEW_REMIND, JobKind.FOLLOWUP_ASSIGNED,
                    JobKind.FOLLOWUP_REMIND, JobKind.PAGE_MAIL, JobKind.PAGE_SMS, JobKind.STATS_CHART}
    assert lane_of(JobKind.NOTIFY_REMINDER, 7) == lane_of(JobKind.INFORM_MAIL, 7) == "incident:7"
    assert all(lane_of(kind, 7) is None for kind in free)
    # The triage lines of one platform's helpdesk channel go out one job at a time, in the order reported.
    assert JobKind.TRIAGE_POST.lane is Lane.HELPDESK
    assert lane_of(JobKind.TRIAGE_POST, 7, "slack") == lane_of(JobKind.TRIAGE_POST, 8, "slack") == "helpdesk:slack"
    assert lane_of(JobKind.TRIAGE_POST, 7, "mattermost") == "helpdesk:mattermost"


def test_a_stored_name_reads_back_as_its_kind() -> None:
    assert JobKind.named("log.confirm") is JobKind.LOG_CONFIRM
    assert JobKind.named("no.such.kind") is None


def test_jobs_are_queued_only_through_the_registry() -> None:
    """Nothing in the core builds a ``Job`` and hands it to ``uow.jobs.enqueue`` but ``bot.jobs.kind.queue``."""
    offenders = []
    for path in sorted((REPO / "bot").rglob("*.py")):
        if path == REPO / "bot" / "jobs" / "kind.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "enqueue"
                    and isinstance(node.func.value, ast.Attribute) and node.func.value.attr == "jobs"):
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert offenders == []
