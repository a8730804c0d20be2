"""Helpers of the e-mail paging tests: a core harness that mails through a real SMTP server (aiosmtpd),
and the page's web page served over HTTP to an HTTP client."""

from __future__ import annotations

import re
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.routing import Route
from starlette.testclient import TestClient

from bot.page_links import PageLinks
from bot.ports import UnitOfWorkFactory
from handlers.mail.smtp import SmtpMail
from handlers.web.page_link import PATH
from handlers.web.page_link import PageLinkEndpoint
from tests.core.harness import Harness
from tests.core.scheduling import english_harness
from tests.core.scheduling import new_incident
from tests.fakes.smtp import MailServer

SECRET = "k" * 40
PUBLIC = "https://sirene.example.be"
SENDER = "sirene@example.be"
LINK = re.compile(r"https://sirene\.example\.be/page/[A-Za-z0-9_\-.]+")


CHAT_ONLY_PLAN_MANAGERS = {"roles.bcp_manager.page_by": ["chat"], "roles.cmp_manager.page_by": ["chat"]}
"""A major incident past its term pages the IRP manager and the BCP and CMP managers: these tests follow the
IRP manager's page by e-mail, so the plans' managers stay on the chat unless a test says otherwise."""


def mailing_harness(uow: UnitOfWorkFactory, folder: Path, server: MailServer, **changes: Any) -> Harness:
    h = english_harness(uow, folder, **{**CHAT_ONLY_PLAN_MANAGERS, **changes})
    h.core.mail = SmtpMail(server.url(), SENDER)
    h.core.page_links = PageLinks(SECRET, PUBLIC)
    return h


def major_past_its_term(h: Harness) -> str:
    number = new_incident(h, "major")
    h.advance(hours=4)
    return number


def plain(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


def html(message: EmailMessage) -> str:
    body = message.get_body(("html",))
    assert body is not None
    return str(body.get_content())


def link_in(message: EmailMessage) -> str:
    found = LINK.search(plain(message))
    assert found is not None, plain(message)
    return found.group(0)


def web(h: Harness) -> TestClient:
    app = Starlette(routes=[Route(PATH, PageLinkEndpoint(h.core).handle, methods=["GET", "POST"])])
    return TestClient(app, base_url=PUBLIC, raise_server_exceptions=False)


def logbook(h: Harness, number: str) -> list[str]:
    with h.core.uow() as uow:
        return [e.text for e in uow.logbook.entries(h.incident(number).id or 0, 500)]
