"""The page's web page (``/page/<token>``), followed from the e-mail with an HTTP client: it shows the page
and its buttons in the reader's language, acts as the chat button does (same use case, logbook line
"acknowledged by e-mail link"), records an acknowledgement once when opened twice, and refuses altered,
forged and expired links with a plain 403/404 that changes nothing."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from bot import actions
from bot.page_links import PageClaim
from bot.page_links import PageLinks
from bot.ports import UnitOfWorkFactory
from tests.core.harness import IRP_MANAGER
from tests.core.harness import Harness
from tests.core.scheduling import pages_to
from tests.core.scheduling import text
from tests.fakes.smtp import MailServer
from tests.mail.paging import PUBLIC
from tests.mail.paging import SECRET
from tests.mail.paging import link_in
from tests.mail.paging import logbook
from tests.mail.paging import mailing_harness
from tests.mail.paging import major_past_its_term
from tests.mail.paging import web


@pytest.fixture
def h(sqlite_uow_factory: UnitOfWorkFactory, tmp_path: Path, mail_server: MailServer) -> Harness:
    return mailing_harness(sqlite_uow_factory, tmp_path, mail_server)


@pytest.fixture
def both(uow_factory: UnitOfWorkFactory, tmp_path: Path, mail_server: MailServer) -> Harness:
    """On SQLite and on PostgreSQL."""
    return mailing_harness(uow_factory, tmp_path, mail_server)


def mailed_link(h: Harness, server: MailServer) -> tuple[str, str]:
    number = major_past_its_term(h)
    h.advance(minutes=10)
    [mail] = server.wait_for(1)
    return number, link_in(mail)


def acknowledged_lines(h: Harness, number: str) -> list[str]:
    return [line for line in logbook(h, number) if "acknowledged" in line]


def test_the_link_acknowledges_once_even_when_opened_twice(both: Harness, mail_server: MailServer) -> None:
    h = both
    number, link = mailed_link(h, mail_server)
    client = web(h)
    shown = client.get(link)
    assert shown.status_code == 200
    assert "Major incident past its term" in shown.text and number in shown.text
    assert "<dd>#inc-" in shown.text  # the incident's channel, by name
    assert 'name="value"' in shown.text and "Acknowledge</button>" in shown.text
    assert "<script" not in shown.text
    assert shown.headers["referrer-policy"] == "no-referrer" and shown.headers["cache-control"] == "no-store"
    assert client.get(link).status_code == 200  # opening shows; it never answers
    assert acknowledged_lines(h, number) == []
    done = client.post(link, data={"do": actions.ACKNOWLEDGE, "value": _value_of(shown.text, actions.ACKNOWLEDGE)})
    assert done.status_code == 200 and "Done." in done.text
    assert "Acknowledged by Hugo Peeters" in done.text
    again = client.post(link, data={"do": actions.ACKNOWLEDGE, "value": _value_of(shown.text, actions.ACKNOWLEDGE)})
    assert again.status_code == 409
    assert acknowledged_lines(h, number) == ["Hugo Peeters acknowledged “Major incident past its term” by e-mail link."]
    h.run_jobs()  # the chat message of the page shows it too, as after the chat button
    assert "Acknowledged by <@U0HUGO>" in text(pages_to(h, IRP_MANAGER)[0])


def _value_of(page: str, action: str) -> str:
    marker = f'name="do" value="{action}"><input type="hidden" name="value" value="'
    start = page.index(marker) + len(marker)
    return page[start:page.index('"', start)]


def test_a_decision_needs_a_reason_and_is_recorded_as_from_the_chat(sqlite_uow_factory: UnitOfWorkFactory,
                                                                    tmp_path: Path, mail_server: MailServer) -> None:
    """The BCP manager decides on the BCP (the IRP manager only proposes): her page, followed by its link."""
    h = mailing_harness(sqlite_uow_factory, tmp_path, mail_server, **{"roles.irp_manager.page_by": ["chat"],
                                                                       "roles.bcp_manager.page_by": ["chat", "email"]})
    number, link = mailed_link(h, mail_server)
    assert mail_server.received[0].rcpt_tos == ["sofie@example.be"]
    client = web(h)
    value = _value_of(client.get(link).text, actions.DECIDE)
    missing = client.post(link, data={"do": actions.DECIDE, "value": value, "reason": "  "})
    assert missing.status_code == 400 and "Please fill in what is asked." in missing.text
    decided = client.post(link, data={"do": actions.DECIDE, "value": value, "reason": "Mail works again via backup"})
    assert decided.status_code == 200
    assert any("decided the BCP is not needed: Mail works again via backup" in line
               for line in logbook(h, number))


def test_a_button_not_offered_is_refused(h: Harness, mail_server: MailServer) -> None:
    number, link = mailed_link(h, mail_server)
    before = logbook(h, number)
    refused = web(h).post(link, data={"do": actions.CLASSIFY, "value": f"{number}|minor"})
    assert refused.status_code == 409
    assert logbook(h, number) == before


def test_the_page_speaks_the_readers_language(sqlite_uow_factory: UnitOfWorkFactory, tmp_path: Path,
                                              mail_server: MailServer) -> None:
    h = mailing_harness(sqlite_uow_factory, tmp_path, mail_server, **{"people.hugo.language": "nl"})
    _, link = mailed_link(h, mail_server)
    [mail] = mail_server.messages()
    assert "Wat wordt er gevraagd" in str(mail.get_body(("plain",)).get_content())  # type: ignore[union-attr]
    page = web(h).get(link)
    assert '<html lang="nl">' in page.text and "Bevestigen</button>" in page.text


def test_altered_forged_and_expired_links_change_nothing(h: Harness, mail_server: MailServer) -> None:
    number, link = mailed_link(h, mail_server)
    client = web(h)
    before = logbook(h, number)
    token = link.rsplit("/", 1)[1]
    body, signature = token.split(".")
    altered = f"{PUBLIC}/page/{body[:-2]}{'A' if body[-2] != 'A' else 'B'}{body[-1]}.{signature}"
    forged = PageLinks("another-secret-" * 3, PUBLIC).token(
        PageClaim(1, "slack", IRP_MANAGER, h.clock.now().replace(year=2030)))
    for bad in (altered, f"{PUBLIC}/page/{forged}", f"{PUBLIC}/page/{token}x", f"{PUBLIC}/page/nonsense"):
        assert client.get(bad).status_code == 403
        assert client.post(bad, data={"do": actions.ACKNOWLEDGE, "value": "1"}).status_code == 403
    genuine = PageLinks(SECRET, PUBLIC).read(token, h.clock.now())
    assert genuine is not None
    someone_else = PageLinks(SECRET, PUBLIC).token(PageClaim(genuine.page_id, "slack", "U0EMPLOYEE",
                                                             genuine.expires))
    assert client.get(f"{PUBLIC}/page/{someone_else}").status_code == 403  # genuine, but not paged
    h.clock.advance(days=4)
    expired = client.post(link, data={"do": actions.ACKNOWLEDGE, "value": "1"})
    assert expired.status_code == 404 and "expired" in expired.text
    assert logbook(h, number) == before


def test_oversized_bodies_are_refused(h: Harness, mail_server: MailServer) -> None:
    _, link = mailed_link(h, mail_server)
    assert web(h).post(link, content=b"reason=" + b"x" * 20_000,
                       headers={"content-type": "application/x-www-form-urlencoded"}).status_code == 413


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(token=st.text(min_size=0, max_size=700), do=st.text(max_size=40), value=st.text(max_size=40))
def test_fuzzed_tokens_never_fail_the_server(h: Harness, token: str, do: str, value: str) -> None:
    client = web(h)
    path = "/page/" + (quote(token, safe="") or "x")  # any text, as the server decodes it
    assert client.get(path).status_code < 500
    assert client.post(path, data={"do": do, "value": value}).status_code < 500
