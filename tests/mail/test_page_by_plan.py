"""``page_by`` in the plan: per role or per person, checked like every other setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.plan_loader import PlanInvalid
from bot.plan_loader import load_plan
from tests.core.harness import plan_file_with


def test_page_by_is_read_per_role_and_per_person(tmp_path: Path) -> None:
    plan = load_plan(plan_file_with(tmp_path, {"roles.irp_manager.page_by": ["chat", "email", "sms"],
                                               "people.hugo.page_by": ["sms"]}))
    assert plan.roles[next(r for r in plan.roles if r.value == "irp_manager")].page_by == ("chat", "email", "sms")
    assert plan.people["hugo"].page_by == ("sms",)


@pytest.mark.parametrize("value", [["pigeon"], [], "email"])
def test_a_wrong_page_by_names_its_place(tmp_path: Path, value: object) -> None:
    with pytest.raises(PlanInvalid) as caught:
        load_plan(plan_file_with(tmp_path, {"people.hugo.page_by": value}))
    assert any("people.hugo.page_by" in problem.path for problem in caught.value.problems)
