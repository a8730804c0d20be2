"""``/incident home``: my overview — open incidents and their SLA deadline, pages waiting for me, my follow-ups,
this quarter's figures."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.domain.review import FollowUp
from bot.ports import UnitOfWorkFactory
from bot.usecases.command import run_command
from tests.core.harness import EMPLOYEE
from tests.core.harness import IRP_MANAGER
from tests.core.harness import RESPONDER
from tests.core.harness import Harness
from tests.core.harness import text_of
from tests.core.scheduling import english_harness
from tests.core.scheduling import new_incident
from tests.core.scheduling import shown


@pytest.fixture
def h(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> Harness:
    return english_harness(uow_factory, tmp_path)


def test_my_overview(h: Harness) -> None:
    number = new_incident(h, "major")
    h.advance(hours=4)  # past its term: the IRP manager is paged
    with h.core.uow() as uow:
        uow.reviews.add_follow_up(FollowUp(h.incident(number).id or 0, "Second MX record", RESPONDER,
                                           h.clock.now() + timedelta(days=3), IRP_MANAGER, h.clock.now()))
        uow.commit()

    manager = run_command(h.core, h.actor(IRP_MANAGER), "home")
    assert text_of(manager) == "Your Sirene overview"
    seen = shown(manager)
    assert "Open incidents (1)" in seen and f"{number} · Mail server down · 🟠 Major · SLA" in seen
    assert f"{number} · Major incident past its term" in seen
    assert "You have no open follow-up action." in seen
    # At the very moment of its SLA deadline the incident is not counted yet; a minute later, as missed.
    assert "This quarter (2026-Q4): 1 incidents, SLA kept —, RTO kept —." in seen
    h.advance(minutes=1)
    assert "This quarter (2026-Q4): 1 incidents, SLA kept 0%, RTO kept —." in shown(
        run_command(h.core, h.actor(IRP_MANAGER), "home"))

    responder = shown(run_command(h.core, h.actor(RESPONDER), "home"))
    assert "No page is waiting for you." in responder
    assert f"{number} · Second MX record · due" in responder

    employee = shown(run_command(h.core, h.actor(EMPLOYEE), "overzicht"))
    assert "No page is waiting for you." in employee and "You have no open follow-up action." in employee
