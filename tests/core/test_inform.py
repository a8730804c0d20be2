"""The communication plan through the core: the audiences due for the severity (or on the BCP's activation)
are listed in the incident's summary, *Inform customers…* is pre-filled from the plan's template and the
contacts' primary addresses, sending goes out as e-mail (an outbox job: one Message-ID however often it is
retried), recording a phone call counts too, every communication is a logbook entry with its full text, and
the informer is reminded while an audience due is not informed."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import actions
from bot.core import FieldErrors
from bot.core import FormDone
from bot.core import Notice
from bot.core import OpenForm
from bot.mail import MailUnavailable
from bot.mail import OutgoingMail
from bot.ports import UnitOfWorkFactory
from bot.specs import FormValues
from bot.specs import TextInput
from bot.usecases.command import run_command
from bot.usecases.interaction import press
from bot.usecases.interaction import submit
from tests.core.harness import BCP_MANAGER
from tests.core.harness import EMPLOYEE
from tests.core.harness import IRP_MANAGER
from tests.core.harness import Harness
from tests.core.scheduling import buttons
from tests.core.scheduling import channel
from tests.core.scheduling import english_harness
from tests.core.scheduling import marked
from tests.core.scheduling import new_incident
from tests.core.scheduling import text

CONTACTS = [
    {"name": "Brouwerij De Klok", "kind": "customer",
     "primary": {"name": "An", "email": "an@deklok.example", "mobile": "+32 470 00 00 01"},
     "backup": {"name": "Bert", "email": "bert@deklok.example"}},
    {"name": "Bakkerij Peeters", "kind": "customer", "email": "info@peeters.example"},
    {"name": "Telenet Business support", "kind": "supplier", "phone": "+32 800 66 046"},
]
COMMUNICATION = {
    "remind_after": "30m",
    "audiences": {
        "customers": {"informs": "irp_manager", "from_severity": "major", "templates": {
            "en": {"subject": "{organisation}: {title}", "body": "Dear customer, {title} affects {activities}."}}},
        "staff": {"informs": "bcp_manager", "on_bcp": True},
    },
}


class RecordingMail:
    def __init__(self) -> None:
        self.sent: list[OutgoingMail] = []
        self.fail_next = 0

    def send(self, mail: OutgoingMail) -> None:
        if self.fail_next:
            self.fail_next -= 1
            raise MailUnavailable("try later")
        self.sent.append(mail)


def harness(uow: UnitOfWorkFactory, folder: Path) -> Harness:
    made = english_harness(uow, folder, external_contacts=CONTACTS, communication=COMMUNICATION)
    made.core.mail = RecordingMail()
    return made


@pytest.fixture
def h(sqlite_uow_factory: UnitOfWorkFactory, tmp_path: Path) -> Harness:
    """On SQLite; sending by e-mail also runs on PostgreSQL (``both``)."""
    return harness(sqlite_uow_factory, tmp_path)


@pytest.fixture
def both(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> Harness:
    return harness(uow_factory, tmp_path)


def mail(h: Harness) -> RecordingMail:
    assert isinstance(h.core.mail, RecordingMail)
    return h.core.mail


def summary(h: Harness, number: str) -> str:
    return text(marked(h, channel(h, number), f"{number}:announcement")[0])


def logbook(h: Harness, number: str) -> list[str]:
    with h.core.uow() as uow:
        return [e.text for e in uow.logbook.entries(h.incident(number).id or 0, 200)]


def inform(h: Harness, number: str, audience: str, who: str = IRP_MANAGER, **changes: object) -> object:
    opened = press(h.core, h.actor(who), actions.INFORM, actions.value(number, audience))
    if not isinstance(opened, OpenForm):
        return opened
    values: dict[str, object] = {i.name: i.initial for i in opened.form.inputs if isinstance(i, TextInput)}
    values["method"] = "email"
    values.update(changes)
    outcome = submit(h.core, h.actor(who), opened.form.form_id, FormValues(values), opened.form.state)  # type: ignore[arg-type]
    h.run_jobs()
    return outcome


def test_a_major_incident_lists_customers_to_inform_and_the_form_is_prefilled(h: Harness) -> None:
    minor = new_incident(h, "minor")
    assert "Inform: Customers" not in summary(h, minor)
    number = new_incident(h, "major", ("email",))
    assert "Inform: Customers: to inform (Incident Response Manager)" in summary(h, number)
    announcement = marked(h, channel(h, number), f"{number}:announcement")[0]
    assert "Inform Customers…" in [b.label for b in buttons(announcement)]
    opened = press(h.core, h.actor(IRP_MANAGER), actions.INFORM, actions.value(number, "customers"))
    assert isinstance(opened, OpenForm)
    initial = {i.name: i.initial for i in opened.form.inputs if isinstance(i, TextInput)}
    assert initial["recipients"] == "an@deklok.example\ninfo@peeters.example"  # the primary contact first
    assert initial["subject"] == "Voorbeeld NV: Mail server down"
    assert initial["text"] == f"Dear customer, Mail server down affects {h.core.plan.activities[0].name}."


def test_sending_by_e_mail_logs_the_full_text_and_marks_the_audience_informed(both: Harness) -> None:
    h = both
    number = new_incident(h, "major")
    mail(h).fail_next = 1  # the mail server is away once: the job is retried with the same Message-ID
    assert isinstance(inform(h, number, "customers", text="Dear customer, mail is down until 14:00."), FormDone)
    h.clock.advance(minutes=5)
    h.run_jobs()
    sent = mail(h).sent
    assert len(sent) == 1 and sent[0].to == ("an@deklok.example", "info@peeters.example")
    assert sent[0].text == "Dear customer, mail is down until 14:00." and "<html>" in sent[0].html
    assert any("informed Customers by e-mail" in e and "mail is down until 14:00." in e for e in logbook(h, number))
    assert "Inform: Customers: informed by Hugo" in summary(h, number) and "by e-mail" in summary(h, number)
    h.advance(hours=2)
    assert marked(h, channel(h, number), f"{number}:inform:customers:reminder") == []


def test_a_phone_call_is_recorded_and_bad_input_gets_field_errors(h: Harness) -> None:
    number = new_incident(h, "major")
    bad = inform(h, number, "customers", recipients="an@deklok.example, not-an-address")
    assert isinstance(bad, FieldErrors) and "not-an-address" in bad.errors["recipients"]
    empty = inform(h, number, "customers", text="  ")
    assert isinstance(empty, FieldErrors) and "text" in empty.errors
    assert isinstance(inform(h, number, "customers", method="phone", recipients="",
                             text="Called An: mail is down."), FormDone)
    assert mail(h).sent == []
    assert any("informed Customers by phone" in e and "Called An" in e for e in logbook(h, number))
    refused = inform(h, number, "customers", who=EMPLOYEE)
    assert isinstance(refused, Notice) and "Only the Incident Response Manager" in text(refused.spec)


def test_without_a_mail_server_e_mail_is_refused_with_what_to_do(h: Harness) -> None:
    h.core.mail = None
    number = new_incident(h, "major")
    refused = inform(h, number, "customers")
    assert isinstance(refused, FieldErrors) and "by phone" in refused.errors["method"]


def test_the_informer_is_reminded_while_an_audience_due_is_not_informed(h: Harness) -> None:
    number = new_incident(h, "major")
    h.advance(minutes=29)
    assert marked(h, channel(h, number), f"{number}:inform:customers:reminder") == []
    h.advance(minutes=1)
    reminder = marked(h, channel(h, number), f"{number}:inform:customers:reminder")
    assert len(reminder) == 1 and f"<@{IRP_MANAGER}>" in text(reminder[0])
    h.advance(minutes=30)
    assert len(marked(h, channel(h, number), f"{number}:inform:customers:reminder")) == 2
    assert isinstance(inform(h, number, "customers"), FormDone)
    h.advance(minutes=30)
    assert len(marked(h, channel(h, number), f"{number}:inform:customers:reminder")) == 2


def test_staff_are_due_when_the_bcp_is_activated(h: Harness) -> None:
    number = new_incident(h, "major")
    assert "Inform: Staff" not in summary(h, number)
    assert run_command(h.core, h.actor(BCP_MANAGER, channel(h, number)), "activate bcp") is None
    h.tick()
    role = h.core.team_translator().t("role.bcp_manager")
    assert f"Inform: Staff: to inform ({role})" in summary(h, number)
    h.advance(minutes=30)
    assert len(marked(h, channel(h, number), f"{number}:inform:staff:reminder")) == 1


def test_the_review_and_the_report_show_who_was_informed_when(h: Harness) -> None:
    from bot.usecases.exports import report_files
    from bot.usecases.review import open_review
    from tests.core.test_notifications import mark
    from tests.core.test_notifications import record
    from tests.core.test_scheduler_upkeep import close

    number = new_incident(h, "major")
    assert isinstance(inform(h, number, "customers", text="Dear customer, mail is back at 14:00."), FormDone)
    assert isinstance(mark(h, number, "gdpr"), FormDone)
    assert isinstance(record(h, number, "gdpr_authority", "APD-7"), FormDone)
    close(h, number)
    form = open_review(h.core, h.actor(IRP_MANAGER), number, "communication")
    assert isinstance(form, OpenForm)
    external = next(i for i in form.form.inputs if isinstance(i, TextInput) and i.name == "external")
    assert "Customers: informed by Hugo" in external.initial and "by e-mail" in external.initial
    assert "GDPR notification to the GBA/APD: submitted" in external.initial and "APD-7" in external.initial
    files = report_files(h.core, number, ("md",))
    assert files is not None
    markdown = files[0][1].decode("utf-8")
    assert "Communication to the outside world" in markdown and "mail is back at 14:00." in markdown
