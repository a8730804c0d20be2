"""A core wired to a real database, an in-memory chat and a clock the test moves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from bot.clock import FixedClock
from bot.core import Actor
from bot.core import Core
from bot.core import FormDone
from bot.core import Notice
from bot.core import Outcome
from bot.directory import Directory
from bot.domain.incident import Incident
from bot.jobs.outbox import Pacer
from bot.jobs.runner import JobRunner
from bot.plan_loader import load_plan
from bot.ports import UnitOfWorkFactory
from bot.scheduler.tick import prepare
from bot.scheduler.tick import tick
from bot.specs import FormValues
from bot.specs import Plain
from bot.usecases.interaction import submit
from tests.fakes.memory_chat import MemoryChat

REPO = Path(__file__).resolve().parents[2]
START = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
HELPDESK = "C0HELPDESK"

# People of plan.example.yaml (their Slack ids) by role.
EMPLOYEE = "U0EMPLOYEE"  # in no role
OPERATOR = "U0DRIES"  # helpdesk operator
HELPDESK_MANAGER = "U0HANNE"
IRP_MANAGER = "U0HUGO"
IRP_BACKUP = "U0ELLEN"
RESPONDER = "U0LOTTE"  # incident response team
BCP_MANAGER = "U0SOFIE"
CMP_MANAGER = "U0MARC"


def text_of(outcome: Outcome) -> str:
    assert isinstance(outcome, Notice), outcome
    return outcome.spec.summary


@dataclass
class Harness:
    core: Core
    chat: MemoryChat
    clock: FixedClock
    runner: JobRunner

    def actor(self, user_id: str, channel_id: str | None = None) -> Actor:
        return Actor("slack", user_id, channel_id)

    def report(self, title: str = "Mail server down", reporter: str = EMPLOYEE, key: str | None = None,
               **values: object) -> str:
        fields: dict[str, object] = {"title": title, "description": "No mail since 9:00",
                                     "detected_at": self.clock.now(), "activities": ("email",),
                                     "reporter_kind": "employee", "reporter_name": "", "suggested_severity": None}
        fields.update(values)
        outcome = submit(self.core, self.actor(reporter), "report", FormValues(fields),  # type: ignore[arg-type]
                         "", key)
        assert isinstance(outcome, FormDone), outcome
        assert outcome.spec is not None
        number = next(p.text for p in outcome.spec.blocks[0].text if isinstance(p, Plain)  # type: ignore[union-attr]
                      and p.text.startswith("INC-"))
        return number

    def incident(self, number: str) -> Incident:
        with self.core.uow() as uow:
            found = uow.incidents.by_number(number)
        assert found is not None
        return found

    def run_jobs(self) -> int:
        return self.runner.run_due()

    def tick(self) -> int:
        """What the runner's thread does when it wakes: fire due timers, then run due jobs."""
        fired = tick(self.core)
        self.run_jobs()
        return fired

    def advance(self, **kwargs: float) -> int:
        """Move the clock and let the scheduler act; how many timers fired."""
        self.clock.advance(**kwargs)
        return self.tick()


def plan_file_with(folder: Path, changes: dict[str, Any]) -> Path:
    """The example plan with ``changes`` (dotted paths: ``{"timers.sla_on_reclassification": "keep"}``)."""
    data = yaml.safe_load((REPO / "plan.example.yaml").read_text(encoding="utf-8"))
    for path, value in changes.items():
        node = data
        *parents, last = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    target = folder / "plan.yaml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return target


def make_harness(uow: UnitOfWorkFactory, plan_file: Path | None = None) -> Harness:
    plan = load_plan(plan_file or REPO / "plan.example.nl.yaml")  # the Dutch example: the template's own words
    clock = FixedClock(START)
    chat = MemoryChat("slack")
    core = Core(plan, Directory(plan), uow, clock, platforms=("slack",))
    prepare(core)
    return Harness(core, chat, clock, JobRunner(core, lambda platform: chat, pacer=Pacer(0)))
