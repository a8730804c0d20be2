"""The sandbox's *Mail* tab: with no mail server configured, a page that goes by e-mail shows there, and its
link answers the page — over the HTTP API, and in a real browser (Chromium)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from bot import actions
from tests.e2e.world import REPO
from tests.e2e.world import wait_for
from tests.sandbox.browser import chromium
from tests.sandbox.conftest import HELPDESK
from tests.sandbox.conftest import Start
from tests.sandbox.driver import SandboxDriver

OPERATOR, IRP_MANAGER = "dries", "hugo"
TIMEOUT_MS = 20_000


def roles_paging_bcp_by_email() -> dict[str, Any]:
    roles: dict[str, Any] = yaml.safe_load((REPO / "plan.example.yaml").read_text(encoding="utf-8"))["roles"]
    roles["bcp_manager"]["page_by"] = ["email", "chat"]
    return roles


def propose_bcp(url: str) -> str:
    """Report, classify major, and the IRP manager proposes the BCP: its manager (Sofie), who decides, is paged
    by e-mail."""
    with SandboxDriver(url) as sandbox:
        number = sandbox.report("emma", HELPDESK, "Mail server down")
        triage = sandbox.wait_message(OPERATOR, HELPDESK, lambda m: number in m["text"] and m["author"] == "sirene",
                                      "the triage message")
        sandbox.press(OPERATOR, triage, actions.CLASSIFY, actions.value(number, "major"))
        room = sandbox.wait_channel(IRP_MANAGER, f"inc-{number.lower().removeprefix('inc-')}")["id"]
        sandbox.send(IRP_MANAGER, room, "/incident propose bcp")
    return number


def mailbox(url: str) -> str:
    return httpx.get(f"{url}/sandbox/mail?as=sofie").text


def test_the_mail_tab_shows_the_page_and_its_link_answers_it(start_sandbox: Start) -> None:
    server = start_sandbox("en", roles=roles_paging_bcp_by_email())
    assert "Nothing was sent outside the chat yet" in mailbox(server.url)
    hostile = httpx.get(f"{server.url}/sandbox/mail", params={"as": '"><script>alert(1)</script>'})
    assert hostile.status_code == 200 and "<script>" not in hostile.text
    number = propose_bcp(server.url)
    page = str(wait_for(lambda: "page-link" in (m := mailbox(server.url)) and m, timeout=20, what="the e-mail"))
    assert f"BCP proposed · {number}" in page and "to sofie@example.be" in page
    link = re.search(r'class="page-link" href="([^"]+)"', page)
    assert link is not None and link.group(1).startswith(f"{server.url}/page/")
    shown = httpx.get(link.group(1))
    assert shown.status_code == 200 and "Acknowledge</button>" in shown.text


@pytest.mark.slow
def test_the_mail_tab_in_the_browser(start_sandbox: Start, tmp_path: Path) -> None:
    server = start_sandbox("en", roles=roles_paging_bcp_by_email())
    number = propose_bcp(server.url)
    wait_for(lambda: "page-link" in mailbox(server.url), timeout=20, what="the e-mail")
    with chromium() as browser:
        page = browser.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(f"{server.url}/?as=sofie")
        page.click("#mail-tab")
        page.locator("article h2", has_text=number).wait_for()
        page.click("a.page-link")
        page.locator("button", has_text="Acknowledge").click()
        page.locator(".message", has_text="Done.").wait_for()
        assert page.locator("button", has_text="Acknowledge").count() == 0
        assert "Acknowledged by Sofie Dubois" in page.content()
