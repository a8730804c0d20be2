"""The plan's time settings: reminders, acknowledgement wait, SLA restart, status cadence, reviews —
valid values are read as the plan means them, and mistakes are named by their path in the file."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.domain.severity import Severity
from bot.plan_loader import PlanInvalid
from bot.plan_loader import load_plan
from bot.plan_loader import parse_plan
from tests.test_plan import EXAMPLE
from tests.test_plan import example
from tests.test_plan import run_cli


def problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(PlanInvalid) as caught:
        parse_plan(data)
    return [(p.path, p.key) for p in caught.value.problems]


def test_the_example_sets_every_time_setting() -> None:
    plan = load_plan(EXAMPLE)
    assert plan.timers.reminders == (50, 80, 100)
    assert plan.timers.acknowledge_within == timedelta(minutes=10)
    assert plan.timers.sla_on_reclassification == "restart"
    assert plan.policy(Severity.MAJOR).status_updates == timedelta(hours=1)
    assert plan.policy(Severity.WEAK).status_updates is None
    assert (plan.upkeep.month_day(), plan.upkeep.time_of_day(), plan.reviewer) == ((3, 15), (9, 0), "hugo")
    assert plan.upkeep.after_incident == timedelta(hours=1)


def test_values_read_as_people_write_them() -> None:
    data = example()
    data["timers"] = {"reminders": [100, "25 %", "75%", "75%"], "acknowledge_within": "off"}
    data["upkeep"] = {"yearly_on": "1-7", "at": 540, "after_incident": False}  # YAML reads 09:00 as 540
    del data["owner"]
    data["upkeep"]["owner"] = "iris"
    plan = parse_plan(data)
    assert plan.timers.reminders == (25, 75, 100)
    assert plan.timers.acknowledge_within is None
    assert (plan.upkeep.yearly_on, plan.upkeep.at, plan.upkeep.after_incident) == ("01-07", "09:00", None)
    assert plan.reviewer == "iris"


@pytest.mark.parametrize(("path", "value", "key"), [
    ("timers.reminders", ["50%", "150%"], ("timers.reminders.1", "percent")),
    ("timers.reminders", ["half"], ("timers.reminders.0", "percent")),
    ("timers.acknowledge_within", "ten minutes", ("timers.acknowledge_within", "duration")),
    ("timers.sla_on_reclassification", "sometimes", ("timers.sla_on_reclassification", "one_of")),
    ("timers.snooze", "5m", ("timers.snooze", "unknown_key")),
    ("upkeep.yearly_on", "02-29", ("upkeep.yearly_on", "month_day")),
    ("upkeep.yearly_on", "March", ("upkeep.yearly_on", "month_day")),
    ("upkeep.at", "25:00", ("upkeep.at", "clock_time")),
    ("upkeep.owner", "nobody", ("upkeep.owner", "unknown_person")),
    ("severities.major.status_updates", "often", ("severities.major.status_updates", "duration")),
])
def test_mistakes_are_named_by_their_path(path: str, value: object, key: tuple[str, str]) -> None:
    data = example()
    node = data
    *parents, last = path.split(".")
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value
    assert key in problems(data)


def test_a_review_date_needs_a_reviewer() -> None:
    data = example()
    del data["owner"]
    del data["upkeep"]["owner"]
    assert ("upkeep.owner", "missing") in problems(data)


def test_plan_check_explains_a_bad_time_setting(tmp_path: Path) -> None:
    data = example()
    data["timers"]["reminders"] = ["50%", "200%"]
    broken = tmp_path / "plan.yaml"
    broken.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = run_cli("plan", "check", str(broken))
    assert result.returncode == 1
    assert "timers.reminders.1: must be a percentage from 1% to 100%, like 50%" in result.stderr
