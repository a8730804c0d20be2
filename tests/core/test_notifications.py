"""The legal clocks through the core, on a real database and a clock the test moves: a person marks a regime,
reminders and a page come before each deadline, the deadline leaves an overdue state until a submission is
recorded, awareness can be moved backwards, and only the IRP manager (or the plan's responsible) decides."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot import actions
from bot.core import FieldErrors
from bot.core import FormDone
from bot.core import Notice
from bot.core import OpenForm
from bot.domain.phase import Phase
from bot.domain.timer import TimerKind
from bot.ports import UnitOfWorkFactory
from bot.specs import FormValues
from bot.specs import MessageSpec
from bot.usecases.command import run_command
from bot.usecases.interaction import press
from bot.usecases.interaction import submit
from tests.core.harness import EMPLOYEE
from tests.core.harness import IRP_BACKUP
from tests.core.harness import IRP_MANAGER
from tests.core.harness import OPERATOR
from tests.core.harness import Harness
from tests.core.scheduling import button
from tests.core.scheduling import buttons
from tests.core.scheduling import channel
from tests.core.scheduling import english_harness
from tests.core.scheduling import marked
from tests.core.scheduling import new_incident
from tests.core.scheduling import pages_to
from tests.core.scheduling import shown
from tests.core.scheduling import text
from tests.core.test_scheduler_upkeep import close

REGULATION = {"nis2_entity": "important", "financial_entity": False}


@pytest.fixture
def h(sqlite_uow_factory: UnitOfWorkFactory, tmp_path: Path) -> Harness:
    """On SQLite; the first story also runs on PostgreSQL (``both``)."""
    return english_harness(sqlite_uow_factory, tmp_path, regulation=REGULATION)


@pytest.fixture
def both(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> Harness:
    return english_harness(uow_factory, tmp_path, regulation=REGULATION)


def logbook(h: Harness, number: str) -> list[str]:
    with h.core.uow() as uow:
        return [e.text for e in uow.logbook.entries(h.incident(number).id or 0, 200)]


def summary(h: Harness, number: str) -> str:
    return text(marked(h, channel(h, number), f"{number}:announcement")[0])


def pending(h: Harness, number: str) -> list[tuple[TimerKind, str]]:
    with h.core.uow() as uow:
        return [(t.kind, t.payload.get("point", "due")) for t in uow.timers.pending(h.incident(number).id)
                if t.kind in (TimerKind.NOTIFICATION_REMINDER, TimerKind.NOTIFICATION_DUE)]


def mark(h: Harness, number: str, regime: str, who: str = IRP_MANAGER, **values: object) -> object:
    opened = press(h.core, h.actor(who), actions.NOTIFY_MARK, actions.value(number, regime))
    if not isinstance(opened, OpenForm):
        return opened
    fields: dict[str, object] = {"aware_at": h.clock.now(), "high_risk": "no"}
    fields.update(values)
    outcome = submit(h.core, h.actor(who), opened.form.form_id, FormValues(fields), opened.form.state)  # type: ignore[arg-type]
    h.run_jobs()
    return outcome


def record(h: Harness, number: str, step: str, reference: str = "GBA-2026-123", who: str = IRP_MANAGER,
           **values: object) -> object:
    opened = press(h.core, h.actor(who), actions.NOTIFY_SUBMIT, number)
    assert isinstance(opened, OpenForm), opened
    fields: dict[str, object] = {"step": step, "submitted_at": h.clock.now(), "reference": reference}
    fields.update(values)
    outcome = submit(h.core, h.actor(who), opened.form.form_id, FormValues(fields), opened.form.state)  # type: ignore[arg-type]
    h.run_jobs()
    return outcome


def channel_says(h: Harness, number: str, marker: str) -> list[MessageSpec]:
    return marked(h, channel(h, number), f"{number}:notify:{marker}")


def test_a_breach_marked_runs_its_72_hours_with_reminders_a_page_and_an_overdue_state_until_recorded(
        both: Harness) -> None:
    h = both
    number = new_incident(h, "major")
    overview = press(h.core, h.actor(IRP_MANAGER), actions.NOTIFY, number)
    assert isinstance(overview, Notice)
    assert "GDPR art. 33, 34" in text(overview.spec) and "no legal advice" in text(overview.spec)
    assert [b.label for b in buttons(overview.spec)] == ["Mark significant (NIS2)…", "Mark personal data breach…"]

    assert isinstance(mark(h, number, "gdpr", aware_at=h.clock.now() - timedelta(hours=2), high_risk="yes",
                           facts="Mailbox exported"), FormDone)
    entries = logbook(h, number)
    assert any("Hugo" in e and "personal data breach" in e and "high risk to people: yes" in e for e in entries)
    assert "GDPR notification to the GBA/APD (GDPR art. 33(1)): 30 Nov 2026" in summary(h, number)
    assert "GDPR message to the people concerned (GDPR art. 34(1)): without undue delay" in summary(h, number)
    assert pending(h, number) == [(TimerKind.NOTIFICATION_REMINDER, "remind"),
                                  (TimerKind.NOTIFICATION_REMINDER, "page"), (TimerKind.NOTIFICATION_DUE, "due")]

    h.advance(hours=45, minutes=59)
    assert channel_says(h, number, "gdpr_authority:reminder") == []
    h.advance(minutes=1)  # 24 hours before the deadline
    reminder = channel_says(h, number, "gdpr_authority:reminder")
    assert len(reminder) == 1 and "<@U0HUGO>" in text(reminder[0]) and "GDPR art. 33(1)" in text(reminder[0])
    assert any("gdpr_authority:reminder" in (s.marker or "") for s in h.chat.direct_to(IRP_MANAGER))

    h.advance(hours=16)  # 8 hours before: the responsible is paged, and it escalates like any page
    page = [s for s in pages_to(h, IRP_MANAGER) if "Legal notification due" in text(s)]
    assert len(page) == 1 and "GBA/APD" in text(page[0])
    assert actions.ACKNOWLEDGE in [b.action for b in buttons(page[0])]
    h.advance(minutes=10)
    assert any("Legal notification due" in text(s) for s in pages_to(h, IRP_BACKUP))

    h.advance(hours=8)  # the deadline
    overdue = channel_says(h, number, "gdpr_authority:overdue")
    assert len(overdue) == 1 and "has passed" in text(overdue[0])
    assert "OVERDUE" in summary(h, number)
    assert any("The deadline of the GDPR notification to the GBA/APD" in e for e in logbook(h, number))

    assert isinstance(record(h, number, "gdpr_authority", "GBA-2026-123"), FormDone)
    assert "submitted" in summary(h, number) and "GBA-2026-123" in summary(h, number)
    assert "OVERDUE" not in summary(h, number).split("GDPR message")[0]
    assert any("recorded: GDPR notification to the GBA/APD submitted" in e and "GBA-2026-123" in e
               for e in logbook(h, number))
    assert pending(h, number) == []


def test_awareness_moved_backwards_moves_the_clocks_and_pages_at_once_when_little_time_is_left(h: Harness) -> None:
    number = new_incident(h, "major")
    assert isinstance(mark(h, number, "nis2"), FormDone)
    assert "NIS2 early warning (NIS2 art. 23(4)(a)): 28 Nov 2026" in summary(h, number)
    assert isinstance(mark(h, number, "nis2", aware_at=h.clock.now() - timedelta(hours=70)), FormDone)
    assert any("moved the moment of awareness (NIS2)" in e for e in logbook(h, number))
    h.tick()
    assert channel_says(h, number, "nis2_early_warning:overdue")  # 24 hours after awareness: long passed
    assert any("NIS2 incident notification" in text(s) for s in pages_to(h, IRP_MANAGER))  # 2 hours left
    assert "OVERDUE" in summary(h, number)
    # The final report's clock starts with the notification's submission: one month.
    assert isinstance(record(h, number, "nis2_notification", "CCB-77"), FormDone)
    assert "NIS2 final report (NIS2 art. 23(4)(d)): 27 Dec 2026" in summary(h, number)


def test_dora_is_offered_to_financial_entities_only_and_its_initial_notification_is_capped(
        sqlite_uow_factory: UnitOfWorkFactory, tmp_path: Path) -> None:
    uow_factory = sqlite_uow_factory
    plain = english_harness(uow_factory, tmp_path, regulation=REGULATION)
    number = new_incident(plain, "major")
    assert "Choose one of: nis2, gdpr" in shown(run_command(plain.core, plain.actor(IRP_MANAGER),
                                                            f"notify dora {number}"))
    (tmp_path / "fin").mkdir()
    bank = english_harness(uow_factory, tmp_path / "fin", regulation={"financial_entity": True})
    number = new_incident(bank, "major")
    assert isinstance(mark(bank, number, "dora", aware_at=bank.clock.now() - timedelta(hours=22)), FormDone)
    assert "DORA initial notification" in summary(bank, number)
    assert "27 Nov 2026, 12:00" in summary(bank, number)  # 24 h after awareness, before 4 h after classification


def test_only_the_irp_manager_or_the_responsible_decides_and_bad_input_gets_field_errors(
        sqlite_uow_factory: UnitOfWorkFactory, tmp_path: Path) -> None:
    h = english_harness(sqlite_uow_factory, tmp_path, regulation={"responsible": {"gdpr": "dries"}})
    number = new_incident(h, "major")
    refused = mark(h, number, "gdpr", who=EMPLOYEE)
    assert isinstance(refused, Notice) and "Only the Incident Response Manager" in shown(refused)
    assert isinstance(mark(h, number, "gdpr", who=OPERATOR), FormDone)  # Dries is the plan's responsible
    future = mark(h, number, "gdpr", aware_at=h.clock.now() + timedelta(hours=1))
    assert isinstance(future, FieldErrors) and "aware_at" in future.errors
    missing = record(h, number, "gdpr_authority", "")
    assert isinstance(missing, FieldErrors) and "reference" in missing.errors
    early = record(h, number, "gdpr_authority", "x", submitted_at=h.clock.now() - timedelta(days=3))
    assert isinstance(early, FieldErrors) and "submitted_at" in early.errors
    assert isinstance(record(h, number, "gdpr_authority", "APD-1"), FormDone)
    again = press(h.core, h.actor(IRP_MANAGER), actions.NOTIFY_SUBMIT, number)
    assert isinstance(again, Notice) and "No notification" in shown(again)


def test_the_clocks_keep_running_after_the_incident_is_closed(h: Harness) -> None:
    number = new_incident(h, "minor")
    assert isinstance(mark(h, number, "gdpr"), FormDone)
    close(h, number)
    assert h.incident(number).phase is Phase.CLOSED
    assert len(pending(h, number)) == 3
    h.advance(hours=72)
    assert channel_says(h, number, "gdpr_authority:overdue")
    assert any("Legal notification due" in text(s) for s in pages_to(h, IRP_MANAGER))
    assert isinstance(run_command(h.core, h.actor(IRP_MANAGER), f"notify {number}"), Notice)
    assert isinstance(record(h, number, "gdpr_authority", "APD-9"), FormDone)
    assert pending(h, number) == []


def test_the_overview_button_is_on_the_incident_message(h: Harness) -> None:
    number = new_incident(h, "minor")
    spec = marked(h, channel(h, number), f"{number}:announcement")[0]
    assert button(spec, actions.NOTIFY).value == number


def test_after_the_channel_is_archived_the_responsible_is_told_directly(
        sqlite_uow_factory: UnitOfWorkFactory, tmp_path: Path) -> None:
    h = english_harness(sqlite_uow_factory, tmp_path, regulation=REGULATION,
                        **{"review.severities": ["crisis"]})  # no review: the channel is archived at closing
    number = new_incident(h, "minor")
    assert isinstance(mark(h, number, "gdpr"), FormDone)
    close(h, number)
    assert h.chat.channels[channel(h, number)]["archived"]
    h.advance(hours=72)
    assert channel_says(h, number, "gdpr_authority:overdue") == []
    assert any("gdpr_authority:overdue" in (s.marker or "") for s in h.chat.direct_to(IRP_MANAGER))
    assert any("Legal notification due" in text(s) for s in pages_to(h, IRP_MANAGER))


def test_help_in_an_incident_channel_names_the_commands(h: Harness) -> None:
    number = new_incident(h, "minor")
    helped = shown(run_command(h.core, h.actor(IRP_MANAGER, channel(h, number)), "help"))
    assert "/incident notify submitted" in helped and "/incident inform <audience>" in helped
