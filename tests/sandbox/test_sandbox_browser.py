"""The sandbox in a real browser: a newcomer plays the whole story alone, switching who they are.

Report with ``/incident`` and its form, classify (refused to the employee, done by the helpdesk), tag an
action, request deactivation (with its confirmation), approval refused to the employee and given by the
IRP manager; a second window sees what happens without reloading (server-sent events).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.i18n import Translator
from bot.i18n import load_catalog
from tests.sandbox.browser import chromium
from tests.sandbox.conftest import Start

TIMEOUT_MS = 20_000


def switch(page: Any, user: str) -> None:
    with page.expect_navigation():
        page.select_option("#you-are", user)
    page.wait_for_selector("#channels a")


def say(page: Any, text: str) -> None:
    page.fill("#message", text)
    page.press("#message", "Enter")


def open_channel(page: Any, prefix: str) -> None:
    link = page.locator("#channels a", has_text=prefix).first
    link.wait_for()
    link.click()
    page.locator(".channel-head h1", has_text=prefix).wait_for()


@pytest.mark.slow
def test_a_newcomer_plays_the_whole_story_in_the_browser(start_sandbox: Start, tmp_path: Path) -> None:
    server = start_sandbox("en")
    tr = Translator("en", ZoneInfo("Europe/Brussels"))
    with chromium() as browser:
        page = browser.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(f"{server.url}/?as=emma")
        page.wait_for_selector("#channels a")
        assert page.locator("#you-are option:checked").inner_text().startswith("Emma (employee)")

        # Report: the command opens the form; the form is filled and sent; the number comes back.
        say(page, "/incident Mail server down")
        form = page.locator("#dialog form.sirene-form")
        form.wait_for()
        assert page.input_value("#field-title") == "Mail server down"
        page.fill("#field-description", "Nobody receives <mail> since 9:00")
        page.check('input[name="activities"][value="email"]')
        form.locator('button[type="submit"]').click()
        done = page.locator("#dialog .sirene-done")
        done.wait_for()
        number = re.search(r"INC-\d{4}-\d{4}", done.inner_text())
        assert number, done.inner_text()
        page.locator("#dialog [data-cancel]").click()

        # The triage message arrives in the helpdesk; the employee may not classify.
        major = page.locator('#channel button[data-action="sirene.classify"][data-value$="|major"]')
        major.wait_for()
        assert "Nobody receives &lt;mail&gt;" in page.inner_html("#channel")
        major.click()
        page.locator("#toast", has_text=tr.t("classify.not_allowed")).wait_for()

        # The helpdesk operator classifies it; a private channel opens for the people of the plan.
        switch(page, "dries")
        page.locator('#channel button[data-action="sirene.classify"][data-value$="|major"]').click()
        slug = f"inc-{number.group(0).lower().removeprefix('inc-')}"
        page.locator("#channels a", has_text=slug).wait_for()

        # The IRP manager tags an action; a second window (a responder) sees it live, without reloading.
        switch(page, "hugo")
        open_channel(page, slug)
        watcher = browser.new_page()
        watcher.set_default_timeout(TIMEOUT_MS)
        watcher.goto(f"{server.url}/?as=lotte")
        open_channel(watcher, slug)
        revision = watcher.evaluate("document.body.dataset.revision")
        say(page, "!action Restarted the mail server")
        tagged = page.locator("#channel article.message", has_text="Restarted the mail server")
        tagged.locator('.reaction[data-reaction="white_check_mark"]').wait_for()
        watcher.locator("#channel article.message", has_text="Restarted the mail server").locator(
            '.reaction[data-reaction="white_check_mark"]').wait_for()
        assert watcher.evaluate("document.body.dataset.revision") != revision
        watcher.close()

        # Deactivation: requested (confirmed in a dialog), refused to the employee, approved by the IRP manager.
        page.locator('#channel button[data-action="sirene.deactivate"]').first.click()
        page.locator("#confirm[open] [data-yes]").click()
        approve = page.locator('#channel button[data-action="sirene.approve"]')
        approve.wait_for()
        switch(page, "emma")
        page.locator('#channel button[data-action="sirene.approve"]').click()
        before_roles = load_catalog("en")["deactivation.only_approvers"].split("{roles}")[0]
        page.locator("#toast", has_text=before_roles.format(number=number.group(0)).strip()).wait_for()
        switch(page, "hugo")
        page.locator('#channel button[data-action="sirene.approve"]').click()
        # Closed: the review message appears; the channel stays open for the review.
        page.locator('#channel button[data-action="sirene.review_open"]').first.wait_for()
        assert page.locator("#message").is_enabled()
        page.screenshot(path=str(tmp_path / "closed.png"), full_page=True)

        # The review, one form per section: forward with the main button, back and save-and-close beside it.
        page.locator('#channel button[data-action="sirene.review_open"]').first.click()
        review = page.locator("#dialog form.sirene-form")
        review.locator(".note", has_text="Section 1 of 12").wait_for()
        review.locator('button[type="submit"].primary', has_text=tr.t("pir.form.next")).click()
        review.locator(".note", has_text="Section 2 of 12").wait_for()
        page.fill("#field-who_how", "The monitoring, at 08:55")
        review.locator('button[data-move="back"]', has_text=tr.t("pir.form.back")).click()
        review.locator(".note", has_text="Section 1 of 12").wait_for()
        page.press("#field-severity", "Enter")  # Enter in a field goes forward, never back
        review.locator(".note", has_text="Section 2 of 12").wait_for()
        assert page.input_value("#field-who_how") == "The monitoring, at 08:55"  # saved on the way back
        review.locator('button[data-move="close"]', has_text=tr.t("pir.form.save_close")).click()
        page.locator("#dialog .sirene-done", has_text="of 12 sections done").wait_for()


@pytest.mark.slow
def test_the_page_speaks_the_language_each_person_chose(start_sandbox: Start) -> None:
    server = start_sandbox("nl")
    with chromium() as browser:
        page = browser.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(f"{server.url}/?as=sofie")
        page.wait_for_selector("#channels a")
        nl, fr = load_catalog("nl"), load_catalog("fr")
        assert page.inner_text("#composer button") == nl["sandbox.composer.send"]
        with page.expect_navigation():
            page.select_option("#language", "fr")
        page.wait_for_selector("#channels a")
        assert page.inner_text("#composer button") == fr["sandbox.composer.send"]
        assert page.locator("html").get_attribute("lang") == "fr"
        say(page, "/incident help")
        page.locator("#toast", has_text=fr["help.heading"]).wait_for()
        page.goto(f"{server.url}/?as=hugo")
        page.wait_for_selector("#channels a")
        assert page.inner_text("#composer button") == nl["sandbox.composer.send"]
