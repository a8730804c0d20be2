"""Pages go where the plan says: chat first, then e-mail when not acknowledged within the plan's wait
(``page_by``), through a real SMTP server; a retried send never mails twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.outreach import Medium
from bot.jobs.page_outreach import send_page_outside
from bot.ports import UnitOfWorkFactory
from tests.core.harness import IRP_BACKUP
from tests.core.harness import IRP_MANAGER
from tests.core.harness import Harness
from tests.core.scheduling import pages_to
from tests.fakes.smtp import MailServer
from tests.mail.paging import html
from tests.mail.paging import link_in
from tests.mail.paging import mailing_harness
from tests.mail.paging import major_past_its_term
from tests.mail.paging import plain


@pytest.fixture
def h(sqlite_uow_factory: UnitOfWorkFactory, tmp_path: Path, mail_server: MailServer) -> Harness:
    return mailing_harness(sqlite_uow_factory, tmp_path, mail_server)


@pytest.fixture
def both(uow_factory: UnitOfWorkFactory, tmp_path: Path, mail_server: MailServer) -> Harness:
    """On SQLite and on PostgreSQL."""
    return mailing_harness(uow_factory, tmp_path, mail_server)


def test_chat_first_then_email_when_not_acknowledged_within_the_wait(both: Harness,
                                                                     mail_server: MailServer) -> None:
    h = both
    number = major_past_its_term(h)
    assert len(pages_to(h, IRP_MANAGER)) == 1
    assert mail_server.received == []  # chat first
    h.advance(minutes=10)
    assert len(pages_to(h, IRP_BACKUP)) == 1  # the chain goes on as before
    [mail] = mail_server.wait_for(1)
    assert mail_server.received[0].rcpt_tos == ["hugo@example.be"]
    assert number in str(mail["Subject"]) and "Major incident past its term" in str(mail["Subject"])
    body = plain(mail)
    assert f"The major incident {number} was not solved within its term" in body
    assert "Severity: " in body and "Major" in body
    assert "What is asked: Propose BCP, Propose CMP, Acknowledge" in body
    assert "Please answer by" in body
    assert "Incident Response Manager, primary contact: Hugo Peeters, +32 2 555 01 01" in body
    assert "Incident Response Manager, backup: Ellen" in body
    assert link_in(mail) in html(mail)
    h.advance(minutes=10)  # nobody yet: Ellen (backup, no page_by) gets her e-mail; Hugo is not mailed twice
    mails = mail_server.wait_for(2)
    assert [m["To"] for m in mails] == ["hugo@example.be", "ellen@example.be"]


def test_an_acknowledged_page_is_not_mailed(h: Harness, mail_server: MailServer) -> None:
    from bot import actions
    from bot.usecases.interaction import press
    from tests.core.scheduling import button

    major_past_its_term(h)
    [page] = pages_to(h, IRP_MANAGER)
    assert press(h.core, h.actor(IRP_MANAGER), actions.ACKNOWLEDGE, button(page, actions.ACKNOWLEDGE).value) is None
    h.advance(minutes=30)
    assert mail_server.received == []


def test_page_by_email_first_mails_at_once_without_a_chat_message(sqlite_uow_factory: UnitOfWorkFactory, tmp_path: Path,
                                                                 mail_server: MailServer) -> None:
    h = mailing_harness(sqlite_uow_factory, tmp_path, mail_server, **{"people.hugo.page_by": ["email", "chat"]})
    major_past_its_term(h)
    [mail] = mail_server.wait_for(1)
    assert mail["To"] == "hugo@example.be"
    assert pages_to(h, IRP_MANAGER) == []
    h.advance(minutes=10)  # then chat, as his page_by says
    assert len(pages_to(h, IRP_MANAGER)) == 1


def test_a_role_can_stay_on_chat_only(sqlite_uow_factory: UnitOfWorkFactory, tmp_path: Path,
                                      mail_server: MailServer) -> None:
    h = mailing_harness(sqlite_uow_factory, tmp_path, mail_server, **{"roles.irp_manager.page_by": ["chat"]})
    major_past_its_term(h)
    h.advance(minutes=10)
    h.advance(minutes=10)
    assert mail_server.received == []


def test_a_deferred_mail_is_retried_with_the_same_message_id(h: Harness, mail_server: MailServer) -> None:
    major_past_its_term(h)
    mail_server.defer_next = 1
    h.advance(minutes=10)
    assert mail_server.received == []  # 451: postponed, not lost
    h.advance(seconds=5)
    [mail] = mail_server.wait_for(1)
    with h.core.uow() as uow:
        [sent] = uow.sent.latest(10)
    assert sent.message_id == mail["Message-ID"] and sent.medium is Medium.EMAIL


def test_a_job_run_again_after_a_lost_answer_does_not_mail_twice(h: Harness, mail_server: MailServer) -> None:
    number = major_past_its_term(h)
    h.advance(minutes=10)
    mail_server.wait_for(1)
    incident = h.incident(number)
    with h.core.uow() as uow:
        [page] = [p for p in uow.pages.of_incident(incident.id or 0) if IRP_MANAGER in p.paged]
    payload = {"page": str(page.id), "user": IRP_MANAGER, "note": "", "medium": "email"}
    send_page_outside(h.core, h.chat, incident, payload)  # the same job, claimed again after a crash
    assert len(mail_server.received) == 1
