"""The new words of ``/incident`` (``propose``, ``contacts``, ``list --all`` and its filters) and the *Propose*
button, given nonsense: always a clear answer, never an error."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from bot import actions
from bot.core import Notice
from bot.ports import UnitOfWorkFactory
from bot.usecases.command import run_command
from bot.usecases.interaction import press
from tests.core.harness import EMPLOYEE
from tests.core.harness import IRP_MANAGER
from tests.core.harness import Harness
from tests.core.harness import make_harness
from tests.core.harness import plan_file_with

WORDS = st.lists(st.one_of(st.text(max_size=30), st.sampled_from(
    ["severity=", "severity=major", "type=", "since=", "until=2026-13-45", "open", "closed", "--all", "=", "bcp",
     "drp", "INC-2026-0001", "since=2026-01-01"])), max_size=6)


def _harness(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> Harness:
    return make_harness(uow_factory, plan_file_with(tmp_path, {"language": "en"}))


def test_nonsense_after_the_new_commands_gets_a_clear_answer(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> None:
    h = _harness(uow_factory, tmp_path)

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(st.sampled_from(["list --all", "propose", "contacts", "activate"]), WORDS)
    def check(command: str, words: list[str]) -> None:
        for who in (EMPLOYEE, IRP_MANAGER):
            answer = run_command(h.core, h.actor(who), " ".join([command, *words]))
            assert answer is None or isinstance(answer, Notice)

    check()


def test_a_forged_propose_button_is_refused(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> None:
    h = _harness(uow_factory, tmp_path)
    for value in ("", "INC-2026-9999|bcp|1", "INC-2026-0001|drp|1", "x|cmp|y", "|||", "INC-2026-0001|bcp|" + "9" * 40):
        answer = press(h.core, h.actor(IRP_MANAGER), actions.PROPOSE, value)
        assert isinstance(answer, Notice), value
