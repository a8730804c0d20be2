"""Exercises (``/incident exercise``): a drill runs like an incident, is marked EXERCISE wherever a person reads
about it, reaches only its participants unless started with ``--page-all``, and is refused to the others."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import actions
from bot.core import FormDone
from bot.ports import UnitOfWorkFactory
from bot.register import RegisterFilter
from bot.specs import MessageSpec
from bot.usecases.command import run_command
from bot.usecases.exports import report_files
from bot.usecases.interaction import press
from bot.usecases.register import register_csv
from tests.core.harness import CMP_MANAGER
from tests.core.harness import EMPLOYEE
from tests.core.harness import HELPDESK
from tests.core.harness import IRP_MANAGER
from tests.core.harness import OPERATOR
from tests.core.harness import RESPONDER
from tests.core.harness import Harness
from tests.core.harness import make_harness
from tests.core.harness import plan_file_with
from tests.core.scheduling import classify
from tests.core.scheduling import english_harness
from tests.core.scheduling import pages_to
from tests.core.scheduling import shown
from tests.core.scheduling import text
from tests.core.test_inform import RecordingMail
from tests.core.test_inform import harness as inform_harness
from tests.core.test_inform import inform

LABEL = "🧪 EXERCISE"
CFO = "U0IRIS"  # in no triage role


@pytest.fixture
def h(sqlite_uow_factory: UnitOfWorkFactory, tmp_path: Path) -> Harness:
    return english_harness(sqlite_uow_factory, tmp_path)


def start(h: Harness, words: str, by: str = OPERATOR) -> str:
    answer = shown(run_command(h.core, h.actor(by, HELPDESK), f"exercise {words}"))
    assert answer.startswith(LABEL), answer
    number = next(word.rstrip(":") for word in answer.split() if word.startswith("INC-"))
    h.tick()
    return number


def logbook(h: Harness, number: str) -> list[str]:
    with h.core.uow() as uow:
        return [e.text for e in uow.logbook.entries(h.incident(number).id or 0, 200)]


def everything_posted(h: Harness) -> list[MessageSpec]:
    return [m.spec for m in h.chat.messages.values()]


def test_a_drill_with_a_severity_runs_like_an_incident_marked_everywhere(h: Harness) -> None:
    number = start(h, "Ransomware on the file server major with @lotte")
    incident = h.incident(number)
    assert incident.exercise and incident.severity is not None and incident.severity.value == "major"
    assert incident.title == "Ransomware on the file server"
    assert incident.channel_name is not None and incident.channel_name.startswith("exercise-inc-")
    assert str(h.chat.channels[incident.channel_id or ""]["topic"]).startswith(LABEL)
    posted = everything_posted(h)
    assert posted and all(spec.summary.startswith(LABEL) and LABEL in text(spec) for spec in posted)
    members = h.chat.channels[incident.channel_id or ""]["members"]
    assert members == {OPERATOR, RESPONDER}  # not the plan's roles for a major incident: only the participants
    assert any("Exercise started by" in line and "Lotte" in line for line in logbook(h, number))
    assert LABEL in shown(run_command(h.core, h.actor(OPERATOR), "list"))
    assert LABEL in shown(run_command(h.core, h.actor(OPERATOR, incident.channel_id), "status"))


def test_a_drill_without_severity_waits_in_triage_with_a_marked_line(h: Harness) -> None:
    number = start(h, "Power outage in the warehouse")
    incident = h.incident(number)
    assert incident.severity is None and incident.triage_ref is not None
    line = h.chat.messages[incident.triage_ref].spec
    assert line.summary.startswith(LABEL) and "a drill to test the plan" in text(line)
    assert not h.chat.direct_to(OPERATOR)  # the starter is answered at once, not told again by message
    real = h.report("Printer on fire")
    h.tick()
    real_line = h.chat.messages[h.incident(real).triage_ref or incident.triage_ref].spec
    assert LABEL not in text(real_line)  # a real report beside it is not marked (nor put on the drill's card)
    assert classify(h, number, "minor") is None
    h.tick()
    assert h.incident(number).channel_name.startswith("exercise-inc-")  # type: ignore[union-attr]


def test_a_crisis_drill_pages_nobody_outside_it_and_the_logbook_says_so(h: Harness) -> None:
    number = start(h, "Fire in the data centre crisis")
    assert pages_to(h, CMP_MANAGER) == []
    assert not [spec for user in ("U0SOFIE", "U0HUGO") for spec in h.chat.direct_to(user)]  # team not mobilised
    lines = logbook(h, number)
    assert any(line.startswith("Not paged: exercise") and "Marc" in line for line in lines), lines
    members = h.chat.channels[h.incident(number).channel_id or ""]["members"]
    assert members == {OPERATOR}


def test_with_page_all_a_drill_pages_as_a_real_incident_would(h: Harness) -> None:
    number = start(h, "Fire in the data centre crisis --page-all")
    cmp_pages = pages_to(h, CMP_MANAGER)
    assert cmp_pages and all(spec.summary.startswith(LABEL) for spec in cmp_pages)
    assert not any(line.startswith("Not paged") for line in logbook(h, number))
    members = h.chat.channels[h.incident(number).channel_id or ""]["members"]
    assert isinstance(members, set) and CMP_MANAGER in members


def test_the_plan_may_let_every_drill_page_everyone(sqlite_uow_factory: UnitOfWorkFactory, tmp_path: Path) -> None:
    h = english_harness(sqlite_uow_factory, tmp_path, **{"exercises.page_everyone": True})
    start(h, "Fire in the data centre crisis")
    assert pages_to(h, CMP_MANAGER)


def test_a_participant_named_at_the_start_is_paged(h: Harness) -> None:
    start(h, "Fire in the data centre crisis with @marc")
    assert pages_to(h, CMP_MANAGER)


def test_only_the_triage_roles_and_the_plans_owner_may_start_a_drill(
        sqlite_uow_factory: UnitOfWorkFactory, tmp_path: Path) -> None:
    h = make_harness(sqlite_uow_factory, plan_file_with(tmp_path, {"language": "en", "owner": "iris",
                                                                   "upkeep.owner": "iris"}))
    refused = shown(run_command(h.core, h.actor(EMPLOYEE), "exercise Mail server down"))
    assert "Only the Helpdesk Manager, Helpdesk Operator or Incident Response Manager and the plan's owner" \
           " (Iris Janssens) may start an exercise" in refused
    with h.core.uow() as uow:
        assert uow.incidents.open_incidents(10) == []
    number = start(h, "Mail server down minor", by=CFO)  # the plan's owner, in no triage role
    assert h.incident(number).owner_id == CFO
    assert start(h, "Mail server down", by=IRP_MANAGER)


def test_wrong_input_says_what_to_fix(h: Harness) -> None:
    assert "Unknown option --huge" in shown(run_command(h.core, h.actor(OPERATOR), "exercise Fire --huge"))
    assert "--major" in shown(run_command(h.core, h.actor(OPERATOR), "exercise Fire --huge"))
    assert "Usage: /incident exercise" in shown(run_command(h.core, h.actor(OPERATOR), "exercise"))
    assert "Nobody in the plan answers to @nobody" in shown(
        run_command(h.core, h.actor(OPERATOR), "exercise Fire with @nobody"))
    assert "Usage: /incident exercise" in shown(run_command(h.core, h.actor(OPERATOR), "oefening"))  # Dutch alias
    with h.core.uow() as uow:
        assert uow.incidents.open_incidents(10) == []


def test_exports_and_the_register_say_exercise(h: Harness) -> None:
    number = start(h, "Ransomware on the file server major")
    real = h.report("Printer on fire")
    files = dict(report_files(h.core, number) or [])
    assert "EXERCISE — this report is about a drill" in files[f"{number}-report.md"].decode()
    assert "EXERCISE" not in dict(report_files(h.core, real) or [])[f"{real}-report.md"].decode()
    rows = register_csv(h.core, h.core.team_translator(), RegisterFilter()).splitlines()
    assert rows[0].endswith(",Exercise")
    assert next(r for r in rows if r.startswith(number)).endswith(",yes")
    assert next(r for r in rows if r.startswith(real)).endswith(",")


@pytest.mark.parametrize("page_all", [False, True])
def test_an_external_email_of_a_drill_is_recorded_not_sent_unless_page_all(
        sqlite_uow_factory: UnitOfWorkFactory, tmp_path: Path, page_all: bool) -> None:
    h = inform_harness(sqlite_uow_factory, tmp_path)
    number = start(h, "Ransomware on the file server major" + (" --page-all" if page_all else ""), by=IRP_MANAGER)
    outcome = inform(h, number, "customers", method="email", recipients="it@deklok.example")
    assert outcome is None or isinstance(outcome, FormDone), outcome
    h.tick()
    assert isinstance(h.core.mail, RecordingMail)
    if page_all:
        assert [m.subject.startswith(LABEL) for m in h.core.mail.sent] == [True]
    else:
        assert h.core.mail.sent == []
        assert any(line.startswith("Not sent: exercise") for line in logbook(h, number))


def test_a_drill_has_its_own_review_its_invitation_reminder_and_export_say_exercise(h: Harness) -> None:
    number = start(h, "Ransomware on the file server minor", by=IRP_MANAGER)
    channel_id = h.incident(number).channel_id or ""
    assert run_command(h.core, h.actor(IRP_MANAGER, channel_id), "deactivate") is None
    h.run_jobs()
    round_ = actions.value(number, h.incident(number).deactivation_round)
    assert press(h.core, h.actor(IRP_MANAGER, channel_id), actions.APPROVE, round_) is None
    h.tick()
    review = [m.spec for m in h.chat.in_channel(channel_id) if (m.spec.marker or "").startswith(f"{number}:review")]
    assert review and review[0].summary.startswith(LABEL)
    invitations = [s for s in h.chat.direct_to(IRP_MANAGER) if (s.marker or "").startswith(f"{number}:review-invite")]
    assert len(invitations) == 1 and invitations[0].summary.startswith(LABEL)
    h.advance(days=2, minutes=1)
    reminders = [s for s in h.chat.direct_to(IRP_MANAGER) if (s.marker or "").startswith(f"{number}:review")]
    assert len(reminders) > 1 and all(s.summary.startswith(LABEL) for s in reminders)
    files = dict(report_files(h.core, number) or [])
    assert files[f"{number}-report.md"].decode().count("EXERCISE") >= 2  # the title and the note


def test_the_review_of_a_drill_the_irp_manager_takes_no_part_in_stays_in_its_channel(h: Harness) -> None:
    number = start(h, "Ransomware on the file server minor")
    channel_id = h.incident(number).channel_id or ""
    assert run_command(h.core, h.actor(OPERATOR, channel_id), "deactivate") is None
    h.run_jobs()
    round_ = actions.value(number, h.incident(number).deactivation_round)
    assert press(h.core, h.actor(IRP_MANAGER, channel_id), actions.APPROVE, round_) is None
    h.tick()
    assert [m for m in h.chat.in_channel(channel_id) if (m.spec.marker or "").startswith(f"{number}:review")]
    assert not [s for s in h.chat.direct_to(IRP_MANAGER) if (s.marker or "").startswith(f"{number}:review")]
    assert any(line.startswith("Not informed: exercise — Hugo Peeters") for line in logbook(h, number))
