"""The plan's ``version:`` and fingerprint: stored with each incident at report, shown in its export, and
recorded with the yearly review (who reviewed which version)."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from pathlib import Path

import yaml

from bot import actions
from bot.plan_loader import parse_plan
from bot.plan_version import plan_fingerprint
from bot.ports import UnitOfWorkFactory
from bot.usecases.exports import report_files
from bot.usecases.interaction import press
from tests.core.harness import IRP_MANAGER
from tests.core.harness import REPO
from tests.core.harness import Harness
from tests.core.scheduling import button
from tests.core.scheduling import english_harness
from tests.core.scheduling import pages_to
from tests.core.scheduling import text


def harness(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> Harness:
    return english_harness(uow_factory, tmp_path, version="2026.1")


def test_an_incident_keeps_the_plan_it_was_handled_under(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> None:
    h = harness(uow_factory, tmp_path)
    number = h.report()
    stamp = f"2026.1 · sha256 {plan_fingerprint(h.core.plan)}"
    assert h.incident(number).plan_version == stamp
    files = dict(report_files(h.core, number, ("md",)) or [])
    markdown = next(content for name, content in files.items() if name.endswith(".md")).decode("utf-8")
    assert "Plan version" in markdown and stamp in markdown


def test_the_yearly_review_records_the_version_reviewed(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> None:
    h = harness(uow_factory, tmp_path)
    h.clock.set(datetime(2027, 3, 15, 8, 0, tzinfo=UTC))
    h.tick()
    reviewed = button(pages_to(h, IRP_MANAGER)[0], actions.REVIEWED)
    assert press(h.core, h.actor(IRP_MANAGER), reviewed.action, reviewed.value) is None
    h.tick()
    shown = text(pages_to(h, IRP_MANAGER)[0])
    assert f"Plan reviewed by <@{IRP_MANAGER}>" in shown
    assert f"plan version 2026.1 · sha256 {plan_fingerprint(h.core.plan)}" in shown


def test_the_same_plan_has_the_same_fingerprint() -> None:
    data = yaml.safe_load((REPO / "plan.example.yaml").read_text(encoding="utf-8"))
    one, again = parse_plan({**data, "version": "2026.1"}), parse_plan({**data, "version": "2026.1"})
    other = parse_plan({**data, "version": "2026.2"})
    assert plan_fingerprint(one) == plan_fingerprint(again) != plan_fingerprint(other)


def test_the_yearly_review_is_on_by_default_when_the_plan_names_a_reviewer() -> None:
    data = yaml.safe_load((REPO / "plan.example.yaml").read_text(encoding="utf-8"))
    del data["upkeep"]
    assert parse_plan(data).upkeep.month_day() == (1, 15)
    del data["owner"]
    assert parse_plan(data).reviewer is None  # no reviewer: no reminder, and no problem either
    assert parse_plan({**data, "upkeep": {"yearly_on": None}}).upkeep.month_day() is None
