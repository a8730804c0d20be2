"""Every role check of the plan as a matrix: each action × each role (and a user with no role).

Expected outcomes follow docs/irp.md §3–4: the helpdesk and the IRP manager classify; the owner,
the helpdesk and the IRP manager reclassify; the owner and the incident managers steer phases and
ask for deactivation; only the required approvers (IRP manager, plus the managers of activated
plans) approve or reject.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot import actions
from bot.core import Notice
from bot.core import OpenForm
from bot.core import Outcome
from bot.domain.phase import Phase
from bot.ports import UnitOfWorkFactory
from bot.usecases.command import run_command
from bot.usecases.interaction import press
from tests.core.harness import Harness
from tests.core.harness import make_harness

PEOPLE = {
    "no role": "U0EMPLOYEE",
    "helpdesk operator": "U0DRIES",  # also the owner: the operator classifies in `prepared`
    "helpdesk manager": "U0HANNE",
    "IRP manager": "U0HUGO",
    "IRP backup": "U0ELLEN",
    "response team": "U0LOTTE",
    "BCP manager": "U0SOFIE",
    "CMP manager": "U0MARC",
}
# A backup contact holds the role as fully as the primary (they stand in for each other).
# In plan.example.yaml the BCP manager (Sofie) is also the CMP manager's backup.
ALLOWED = {
    "classify": {"helpdesk operator", "helpdesk manager", "IRP manager", "IRP backup"},
    "reclassify": {"helpdesk operator", "helpdesk manager", "IRP manager", "IRP backup"},
    "change phase": {"helpdesk operator", "helpdesk manager", "IRP manager", "IRP backup"},
    "request deactivation": {"helpdesk operator", "helpdesk manager", "IRP manager", "IRP backup"},
    "approve": {"IRP manager", "IRP backup"},
    "reject": {"IRP manager", "IRP backup"},
    "approve after a crisis": {"IRP manager", "IRP backup", "CMP manager", "BCP manager"},
}
SEVERITY_FOR = {"approve after a crisis": "crisis"}


def prepared(h: Harness, action: str) -> tuple[str, str]:
    """An incident in the state the action needs; returns (number, channel id)."""
    number = h.report(key=f"matrix-{action}")
    if action == "classify":
        return number, "C0HELPDESK"
    press(h.core, h.actor("U0DRIES", "C0HELPDESK"), actions.CLASSIFY,
          actions.value(number, SEVERITY_FOR.get(action, "minor")))
    h.run_jobs()
    channel = h.incident(number).channel_id or ""
    if action.startswith(("approve", "reject")):
        run_command(h.core, h.actor("U0DRIES", channel), "deactivate")
    return number, channel


def attempt(h: Harness, action: str, user: str, number: str, channel: str) -> Outcome:
    actor = h.actor(user, channel)
    calls: dict[str, Callable[[], Outcome]] = {
        "classify": lambda: press(h.core, actor, actions.CLASSIFY, actions.value(number, "major")),
        "reclassify": lambda: run_command(h.core, actor, "severity major impact grows"),
        "change phase": lambda: run_command(h.core, actor, "phase eradication"),
        "request deactivation": lambda: run_command(h.core, actor, "deactivate"),
        "approve": lambda: press(h.core, actor, actions.APPROVE, actions.value(number, 1)),
        "reject": lambda: press(h.core, actor, actions.REJECT, actions.value(number, 1)),
        "approve after a crisis": lambda: press(h.core, actor, actions.APPROVE, actions.value(number, 1)),
    }
    return calls[action]()


@pytest.mark.parametrize("role", list(PEOPLE))
@pytest.mark.parametrize("action", list(ALLOWED))
def test_role_matrix(sqlite_uow_factory: UnitOfWorkFactory, action: str, role: str) -> None:
    h = make_harness(sqlite_uow_factory)
    number, channel = prepared(h, action)
    before = h.incident(number)
    outcome = attempt(h, action, PEOPLE[role], number, channel)
    after = h.incident(number)
    if role in ALLOWED[action]:
        assert outcome is None or isinstance(outcome, OpenForm), outcome
        if action == "reject":
            assert isinstance(outcome, OpenForm)
        else:
            assert after.version > before.version
    else:
        assert isinstance(outcome, Notice), f"{role} may not {action}"
        assert (after.version, after.phase, after.severity) == (before.version, before.phase, before.severity)
        assert after.phase is not Phase.CLOSED
