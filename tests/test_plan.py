"""The plan file: the example is valid; every mistake is explained with its path in the file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.domain.roles import Role
from bot.domain.severity import Severity
from bot.durations import DurationError
from bot.durations import parse_duration
from bot.plan_loader import PlanInvalid
from bot.plan_loader import load_plan
from bot.plan_loader import parse_plan
from tests.contracts import REPO

EXAMPLE = REPO / "plan.example.yaml"


def example() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    return data


def problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(PlanInvalid) as caught:
        parse_plan(data)
    return [(p.path, p.key) for p in caught.value.problems]


def test_the_example_plan_is_complete() -> None:
    plan = load_plan(EXAMPLE)
    assert set(plan.severities) == set(Severity)
    assert set(plan.roles) == set(Role)
    assert plan.policy(Severity.MAJOR).resolve_within.total_seconds() == 4 * 3600
    assert plan.activity("production") is not None
    assert plan.logbook.tag == "!action"
    assert plan.helpdesk_channel["slack"] == "C0HELPDESK"


@pytest.mark.parametrize(("text", "seconds"), [("45s", 45), ("30m", 1800), ("4h", 14400), ("2d", 172800),
                                                ("1h30m", 5400), (" 10m ", 600)])
def test_durations_read_like_the_plan_writes_them(text: str, seconds: int) -> None:
    assert parse_duration(text).total_seconds() == seconds


@pytest.mark.parametrize("text", ["", "10", "ten minutes", "5x", "0s", "-5m", "4 hours"])
def test_bad_durations_are_refused(text: str) -> None:
    with pytest.raises(DurationError):
        parse_duration(text)


def test_unknown_person_in_a_role_is_named_by_its_path() -> None:
    data = example()
    data["roles"]["bcp_manager"]["backup"] = "nobody"
    assert problems(data) == [("roles.bcp_manager.backup", "unknown_person")]


def test_several_mistakes_are_all_reported() -> None:
    data = example()
    data["severities"]["major"]["resolve_within"] = "four hours"
    data["timezone"] = "Europe/Gent"
    data["colour"] = "red"
    found = problems(data)
    assert ("severities.major.resolve_within", "duration") in found
    assert ("timezone", "timezone") in found
    assert ("colour", "unknown_key") in found


def test_missing_role_and_severity_are_reported() -> None:
    data = example()
    del data["roles"]["drp_manager"]
    del data["severities"]["crisis"]
    found = problems(data)
    assert ("roles.drp_manager", "missing") in found
    assert ("severities.crisis", "missing") in found


def test_primary_and_backup_must_be_two_people() -> None:
    data = example()
    data["roles"]["irp_manager"]["backup"] = data["roles"]["irp_manager"]["primary"]
    assert ("roles.irp_manager.backup", "same_as_primary") in problems(data)


def test_unknown_role_in_an_invitation_is_refused() -> None:
    data = example()
    data["severities"]["minor"]["invite"] = ["janitor"]
    assert problems(data)[0][0] == "severities.minor.invite.0"


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], capture_output=True, text=True, cwd=REPO,
                          env={"PATH": "/usr/bin:/bin", "LANG": "en_GB.UTF-8", **(env or {})}, timeout=60)


def test_plan_check_explains_each_problem(tmp_path: Path) -> None:
    data = example()
    data["roles"]["bcp_manager"]["backup"] = "nobody"
    broken = tmp_path / "plan.yaml"
    broken.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = run_cli("plan", "check", str(broken))
    assert result.returncode == 1
    assert "roles.bcp_manager.backup: unknown user 'nobody'" in result.stderr
    assert "Traceback" not in result.stderr


def test_plan_check_accepts_the_example() -> None:
    result = run_cli("plan", "check", str(EXAMPLE))
    assert result.returncode == 0, result.stderr
    assert "is valid" in result.stdout


def test_plan_check_speaks_dutch_when_asked(tmp_path: Path) -> None:
    broken = tmp_path / "plan.yaml"
    broken.write_text("organisation: [", encoding="utf-8")
    result = run_cli("plan", "check", str(broken), env={"LANG": "nl_BE.UTF-8"})
    assert result.returncode == 1
    assert "YAML" in result.stderr and "Traceback" not in result.stderr
