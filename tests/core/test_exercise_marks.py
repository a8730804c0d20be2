"""A drill says EXERCISE everywhere a person reads about it — direct messages in the recipient's language,
``/incident home``, ``log``, the logbook's CSV, every private answer — and refuses what it must not pretend:
a proposal nobody in it can be paged for, a submission to a regulator; its logbook names only whom it mobilised."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from bot import actions
from bot.core import FieldErrors
from bot.core import FormDone
from bot.core import Notice
from bot.core import OpenForm
from bot.ports import UnitOfWorkFactory
from bot.specs import FormValues
from bot.specs import Note
from bot.specs import Plain
from bot.usecases.command import run_command
from bot.usecases.exports import logbook_csv
from bot.usecases.interaction import press
from bot.usecases.interaction import submit
from tests.core.harness import BCP_MANAGER
from tests.core.harness import CMP_MANAGER
from tests.core.harness import HELPDESK
from tests.core.harness import IRP_MANAGER
from tests.core.harness import OPERATOR
from tests.core.harness import Harness
from tests.core.scheduling import button
from tests.core.scheduling import classify
from tests.core.scheduling import english_harness
from tests.core.scheduling import pages_to
from tests.core.scheduling import shown
from tests.core.test_exercises import LABEL
from tests.core.test_exercises import logbook
from tests.core.test_exercises import start

DUTCH_LABEL = "🧪 OEFENING"


@pytest.fixture
def h(sqlite_uow_factory: UnitOfWorkFactory, tmp_path: Path) -> Harness:
    return english_harness(sqlite_uow_factory, tmp_path, regulation={"nis2_entity": "important"},
                           **{"people.marc.language": "nl"})


def plain(text: tuple[object, ...]) -> str:
    return "".join(part.text for part in text if isinstance(part, Plain))


def channel_of(h: Harness, number: str) -> str:
    return h.incident(number).channel_id or ""


def test_a_direct_message_of_a_drill_is_labelled_in_its_recipients_language(h: Harness) -> None:
    number = start(h, "Fire in the data centre crisis with @marc", by=IRP_MANAGER)
    pages = pages_to(h, CMP_MANAGER)
    assert pages and all(spec.summary.startswith(DUTCH_LABEL) for spec in pages)
    assert not any(LABEL in spec.summary for spec in pages)
    posted = [m.spec for m in h.chat.in_channel(channel_of(h, number))]
    assert posted and all(spec.summary.startswith(LABEL) for spec in posted)  # the channel: the team's language
    outcome = run_command(h.core, h.actor(CMP_MANAGER, channel_of(h, number)), "status")
    assert shown(outcome).startswith(DUTCH_LABEL)  # a private answer too


def test_home_log_the_logbooks_csv_and_private_answers_say_exercise(h: Harness) -> None:
    number = start(h, "Ransomware on the file server minor", by=IRP_MANAGER)
    real = h.report("Printer on fire")
    h.tick()
    home = shown(run_command(h.core, h.actor(IRP_MANAGER), "home"))
    assert f"{LABEL} · {number} · Ransomware" in home
    assert f"{LABEL} · {real}" not in home and f"{real} · Printer on fire" in home
    here = h.actor(IRP_MANAGER, channel_of(h, number))
    assert shown(run_command(h.core, here, "log")).startswith(LABEL)
    for command in ("timers", "followups", f"log {number}", "notify", "severity", "propose cmp"):
        outcome = run_command(h.core, here, command)
        assert isinstance(outcome, Notice) and outcome.spec.summary.startswith(LABEL), command
    assert shown(press(h.core, here, actions.EXPORT, number)).startswith(LABEL)
    assert LABEL not in shown(run_command(h.core, h.actor(IRP_MANAGER, HELPDESK), f"status {real}"))
    rows = list(csv.reader(io.StringIO(logbook_csv(h.core, number) or "")))
    assert rows[0][-2:] == ["Exercise", "Hash"] and len(rows) > 1
    assert all(row[-2] == "yes" and len(row[-1]) == 64 for row in rows[1:])
    real_rows = list(csv.reader(io.StringIO(logbook_csv(h.core, real) or "")))
    assert real_rows[0] == rows[0] and all(row[-2] == "" for row in real_rows[1:])


def test_a_proposal_nobody_in_the_drill_can_be_paged_for_says_so(h: Harness) -> None:
    number = start(h, "Ransomware on the file server major", by=IRP_MANAGER)
    refused = shown(run_command(h.core, h.actor(IRP_MANAGER, channel_of(h, number)), "propose bcp"))
    assert f"Nobody in drill {number} can be paged for the BCP proposal" in refused
    assert "Sofie Dubois" in refused and "with @name" in refused and "--page-all" in refused
    assert "already" not in refused
    assert not pages_to(h, BCP_MANAGER)
    named = start(h, "Ransomware on the file server major with @sofie", by=IRP_MANAGER)
    assert run_command(h.core, h.actor(IRP_MANAGER, channel_of(h, named)), "propose bcp") is None
    h.tick()
    assert pages_to(h, BCP_MANAGER)
    again = shown(run_command(h.core, h.actor(IRP_MANAGER, channel_of(h, named)), "propose bcp"))
    assert "was already proposed" in again


def test_a_drill_records_no_submission_to_a_regulator(h: Harness) -> None:
    number = start(h, "Ransomware on the file server major", by=IRP_MANAGER)
    here = h.actor(IRP_MANAGER, channel_of(h, number))
    refused = shown(run_command(h.core, here, "notify submitted"))
    assert f"{number} is an exercise: a drill never notifies a regulator" in refused
    assert refused.startswith(LABEL)
    values = FormValues({"step": "nis2_early_warning", "submitted_at": h.clock.now(), "reference": "CCB-1"})
    outcome = submit(h.core, here, actions.FORM_NOTIFY_SUBMIT, values, number)
    assert not isinstance(outcome, FieldErrors)
    assert "never notifies a regulator" in shown(outcome)
    with h.core.uow() as uow:
        assert all(not case.submissions for case in uow.regulation.cases(h.incident(number).id or 0))
    assert not any("CCB-1" in line for line in logbook(h, number))


def test_the_mobilisation_line_names_only_the_team_members_the_drill_reached(h: Harness) -> None:
    number = start(h, "Fire in the data centre crisis with @sofie", by=OPERATOR)
    lines = logbook(h, number)
    line = next(line for line in lines if "mobilised for the CMP" in line)
    assert "Sofie Dubois" in line and "Hugo Peeters" not in line and "Marc" not in line, line
    assert any(line.startswith("Not informed: exercise — Hugo Peeters") for line in lines), lines


def test_forms_about_a_drill_and_their_confirmations_say_exercise(h: Harness) -> None:
    number = start(h, "Ransomware on the file server minor", by=IRP_MANAGER)
    real = h.report("Printer on fire")
    assert classify(h, real, "minor") is None
    h.tick()
    banner = "🧪 EXERCISE — a drill to test the plan, not a real incident."
    here = h.actor(IRP_MANAGER, channel_of(h, number))
    forms = [run_command(h.core, here, "eta"), run_command(h.core, here, "log add Backups restored"),
             press(h.core, here, actions.RECLASSIFY, number)]
    for form in forms:
        assert isinstance(form, OpenForm), form
        first = form.form.inputs[0]
        assert isinstance(first, Note) and plain(first.text) == banner, form.form.form_id
    form = run_command(h.core, here, "log add Backups restored")
    assert isinstance(form, OpenForm)
    done = submit(h.core, here, form.form.form_id, FormValues({"text": "Backups restored"}), form.form.state)
    assert isinstance(done, FormDone) and done.spec is not None and done.spec.summary.startswith(LABEL)
    there = h.actor(IRP_MANAGER, channel_of(h, real))
    real_form = run_command(h.core, there, "log add Toner replaced")
    assert isinstance(real_form, OpenForm) and not any(isinstance(i, Note) and plain(i.text) == banner
                                                       for i in real_form.form.inputs)
    real_done = submit(h.core, there, real_form.form.form_id, FormValues({"text": "Toner replaced"}),
                       real_form.form.state)
    assert isinstance(real_done, FormDone) and real_done.spec is not None and LABEL not in real_done.spec.summary
    # asked from the drill's channel about the real incident: the answer is about the real one, unmarked
    from_drill = submit(h.core, here, real_form.form.form_id, FormValues({"text": "Paper refilled"}),
                        real_form.form.state)
    assert isinstance(from_drill, FormDone) and from_drill.spec is not None and LABEL not in from_drill.spec.summary


def test_a_drill_pages_decision_form_says_exercise(h: Harness) -> None:
    number = start(h, "Ransomware on the file server major with @sofie", by=IRP_MANAGER)
    assert run_command(h.core, h.actor(IRP_MANAGER, channel_of(h, number)), "propose bcp") is None
    h.tick()
    decide = button(pages_to(h, BCP_MANAGER)[-1], actions.DECIDE)
    form = press(h.core, h.actor(BCP_MANAGER), decide.action, decide.value)
    assert isinstance(form, OpenForm)
    first = form.form.inputs[0]
    assert isinstance(first, Note) and plain(first.text).startswith("🧪 EXERCISE")
