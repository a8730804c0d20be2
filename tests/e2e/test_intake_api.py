"""Reports from outside the chat over HTTP, against a running Sirene and the fake Slack: the intake API,
deduplication, Alertmanager's and Grafana's webhooks, the status page."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.e2e.intake_world import TOKENS
from tests.e2e.intake_world import IntakeWorld
from tests.e2e.server import REPO
from tests.e2e.world import SIGNING_SECRET
from tests.e2e.world import button
from tests.e2e.world import wait_for
from tests.fakes.slack.http_driver import SlackDriver
from tests.sandbox.browser import chromium

OPERATOR = "U0DRIES"
REPORT = {
    "title": "Webshop checkout fails <!channel> *now*",
    "description": "Payment page shows error 502 @here",
    "detected_at": "2026-12-04T03:00:00+01:00",
    "reporter": {"name": "Jane Customer", "email": "jane@customer.example", "organisation": "Customer NV"},
    "suggested_severity": "minor",
    "labels": {"order": "A-1234"},
}


def alertmanager(status: str, group_key: str = '{}/{severity="critical"}:{alertname="DatabaseDown"}') -> dict:
    """A notification in Alertmanager's documented webhook shape (version 4)."""
    alert = {
        "status": status,
        "labels": {"alertname": "DatabaseDown", "instance": "db1:5432", "severity": "critical"},
        "annotations": {"summary": "PostgreSQL on db1 is down", "description": "No answer for 5 minutes"},
        "startsAt": "2026-12-04T02:55:00.123456789Z",
        "endsAt": "0001-01-01T00:00:00Z" if status == "firing" else "2026-12-04T03:20:00Z",
        "generatorURL": "http://prometheus.example:9090/graph?g0.expr=up%3D%3D0",
        "fingerprint": "1a30ba71cca2921f",
    }
    return {
        "version": "4", "groupKey": group_key, "truncatedAlerts": 0, "status": status, "receiver": "sirene",
        "groupLabels": {"alertname": "DatabaseDown"},
        "commonLabels": alert["labels"], "commonAnnotations": alert["annotations"],
        "externalURL": "http://alertmanager.example:9093", "alerts": [alert],
    }


def test_an_api_report_lands_in_triage_marked_with_its_source(intake: IntakeWorld) -> None:
    answer = intake.post("/api/v1/reports", "shop", REPORT)
    assert answer.status_code == 201, answer.text
    body = answer.json()
    number = body["reference"]
    assert number.startswith("INC-") and body["created"] is True
    assert body["status_url"].startswith("https://sirene.example.be/report/status/")

    triage = wait_for(lambda: next((t for t in intake.triage() if number in t), None), what="the triage message")
    assert "Source shop" in triage and "Jane Customer" in triage
    assert "Labels: order=A-1234" in triage  # what the source attached, for the helpdesk
    assert "<!channel>" not in triage and "&lt;!channel&gt;" in triage, "user text must stay inert"
    assert "@here" not in triage
    assert [reporter for n, reporter, _ in intake.incidents() if n == number] == ["source:shop"]
    assert "Reported by shop (customer, outside the chat)." in intake.logbook(number)
    mail = wait_for(lambda: next(iter(intake.mails_to("jane@customer.example")), None), what="the confirmation")
    assert number in str(mail["Subject"]) and mail["Message-ID"].endswith("@sirene.example.be>")

    status_path = body["status_url"].removeprefix("https://sirene.example.be")
    page = intake.client.get(f"{intake.server.url}{status_path}?lang=nl")
    assert page.status_code == 200 and number in page.text and "Ontvangen" in page.text

    env = {**intake.server.env, "SIRENE_LOG_LEVEL": "WARNING"}
    exported = subprocess.run([sys.executable, "-m", "bot.cli", "export", number, "--format", "md", "--output",
                               str(intake.database.parent)], cwd=REPO, env=env, capture_output=True, timeout=60)
    assert exported.returncode == 0, exported.stderr
    paper = next(intake.database.parent.glob(f"{number}*.md")).read_text(encoding="utf-8")
    assert "Source shop (Customer: Jane Customer)" in paper

    document = intake.client.get(f"{intake.server.url}/api/v1/openapi.json").json()
    assert set(document["paths"]) == {"/api/v1/reports", "/api/v1/alertmanager", "/api/v1/grafana"}


def test_the_same_dedup_key_three_times_is_one_report_and_two_signals(intake: IntakeWorld) -> None:
    report = {**REPORT, "dedup_key": "checkout-502"}
    before = len(intake.incidents())
    answers = [intake.post("/api/v1/reports", "shop", report) for _ in range(3)]
    assert [a.status_code for a in answers] == [201, 200, 200]
    numbers = {a.json()["reference"] for a in answers}
    assert len(numbers) == 1
    assert answers[2].json()["signals"] == 3
    number = numbers.pop()
    wait_for(lambda: any(number in t for t in intake.triage()), what="the triage message")
    again = [line for line in intake.logbook(number) if line.startswith("Signal received again")]
    assert len(again) == 2 and "3 times" in again[-1]
    assert len(intake.incidents()) == before + 1
    assert sum(number in t for t in intake.triage()) == 1

    other = intake.post("/api/v1/reports", "prometheus", report)  # another source's key is its own
    assert other.status_code == 201 and other.json()["reference"] != number


def test_alertmanager_firing_then_resolved_never_closes_the_incident(intake: IntakeWorld) -> None:
    fired = intake.post("/api/v1/alertmanager", "prometheus", alertmanager("firing"))
    assert fired.status_code == 201, fired.text
    number = fired.json()["reference"]
    triage = wait_for(lambda: intake.triage_of(number), what="the triage message")
    shown = json.dumps(triage.blocks)
    assert "DatabaseDown: PostgreSQL on db1 is down" in shown and "Source prometheus" in shown
    assert intake.suggested(number) == "major", "severity=critical suggests major; people decide"

    repeated = intake.post("/api/v1/alertmanager", "prometheus", alertmanager("firing"))
    assert repeated.status_code == 200 and repeated.json()["reference"] == number

    resolved = intake.post("/api/v1/alertmanager", "prometheus", alertmanager("resolved"))
    assert resolved.status_code == 200 and resolved.json() == {"reference": number, "resolved_at_source": True}
    assert any(line.startswith("Resolved at source") for line in intake.logbook(number))
    told = wait_for(lambda: next((m for m in intake.fake.thread(intake.helpdesk, triage.ts)
                                  if "resolved at source" in (m.text or "")), None), what="the word to the team")
    assert number in (told.text or "")
    assert [phase for n, _, phase in intake.incidents() if n == number] == ["notification"]

    unknown = intake.post("/api/v1/alertmanager", "prometheus", alertmanager("resolved", group_key="{}:{x=\"y\"}"))
    assert unknown.status_code == 200 and unknown.json() == {"reference": None, "resolved_at_source": False}


def test_grafana_notifications_are_reports_too(intake: IntakeWorld) -> None:
    payload = {**alertmanager("firing", group_key="{}/{}:{alertname=\"High memory usage\"}"),
               "version": "1", "orgId": 1, "state": "alerting", "title": "[FIRING:1] High memory usage",
               "message": "The system has high memory usage"}
    answer = intake.post("/api/v1/grafana", "grafana", payload)
    assert answer.status_code == 201, answer.text
    number = answer.json()["reference"]
    triage = wait_for(lambda: next((t for t in intake.triage() if number in t), None), what="the triage message")
    assert "[FIRING:1] High memory usage" in triage and "Source grafana" in triage


@pytest.mark.slow
def test_a_customer_reports_in_the_browser_without_javascript(intake: IntakeWorld) -> None:
    form_url = f"{intake.server.url}/report/{TOKENS['shop']}"
    with chromium() as browser:
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto(f"{form_url}?lang=nl")
        assert page.locator("html").get_attribute("lang") == "nl"
        assert "Een incident melden aan Voorbeeld NV" in page.locator("h1").inner_text()
        page.click("a[hreflang=en]")
        assert page.locator("h1").inner_text() == "Report an incident to Voorbeeld NV"
        page.fill("#title", "Invoices show <b>wrong</b> VAT")
        page.fill("#description", "Since this morning, @channel")
        page.fill("#name", "Jan Klant")
        page.fill("#organisation", "Klant BV")
        page.fill("#email", "jan@klant.example")
        with page.expect_navigation():
            page.click("button[type=submit]")
        assert "/report/status/" in page.url
        number = page.locator("#reference").inner_text()
        assert number.startswith("INC-") and page.locator("#status").inner_text() == "Received"
        page.click("a[hreflang=fr]")
        assert page.locator("#status").inner_text() == "Reçu"
        context.close()
    triage = wait_for(lambda: next((t for t in intake.triage() if number in t), None), what="the triage message")
    assert "Source shop" in triage and "Jan Klant" in triage and "&lt;b&gt;wrong&lt;/b&gt;" in triage

    mail = wait_for(lambda: next(iter(intake.mails_to("jan@klant.example")), None), what="the confirmation mail")
    assert mail["Subject"] == f"Your report {number} to Voorbeeld NV was received"
    text = mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = mail.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "https://sirene.example.be/report/status/" in text and "Invoices show <b>wrong</b> VAT" in text
    assert "&lt;b&gt;wrong&lt;/b&gt;" in html, "the reporter's words are escaped in the HTML part"


def test_the_report_form_answers_mistakes_in_the_visitors_language(intake: IntakeWorld) -> None:
    form_url = f"{intake.server.url}/report/{TOKENS['shop']}"
    before = len(intake.incidents())
    answer = intake.client.post(f"{form_url}?lang=fr", data={"title": "x" * 151, "name": " ", "lang": "fr",
                                                            "detected_at": "hier"})
    assert answer.status_code == 422
    assert "150 caractères maximum." in answer.text and "Indiquez une date et une heure" in answer.text
    assert 'id="name-error"' in answer.text, "a customer must give a name"
    assert 'value="xxx' in answer.text, "what was typed is kept"
    assert answer.headers["referrer-policy"] == "no-referrer"
    assert len(intake.incidents()) == before
    assert intake.client.get(f"{intake.server.url}/report/status/unknown-key").status_code == 404


def test_once_classified_the_owner_is_told_and_the_reporter_sees_it_handled(intake: IntakeWorld) -> None:
    group = '{}:{alertname="DiskFull"}'
    fired = intake.post("/api/v1/alertmanager", "prometheus", alertmanager("firing", group_key=group))
    number, status_url = fired.json()["reference"], fired.json()["status_url"]
    triage = wait_for(lambda: intake.triage_of(number), what="the triage message")
    with SlackDriver(f"{intake.server.url}/slack/events", SIGNING_SECRET, intake.fake) as slack:
        slack.click(OPERATOR, intake.helpdesk, triage.ts, button(triage, "sirene.classify", f"{number}|minor"))
    status_path = status_url.removeprefix("https://sirene.example.be")
    wait_for(lambda: "Being handled" in intake.client.get(f"{intake.server.url}{status_path}").text,
             what="the status page to say being handled")

    intake.post("/api/v1/alertmanager", "prometheus", alertmanager("resolved", group_key=group))
    direct = wait_for(lambda: next((m for c in intake.fake.channels.values() if c.is_im and OPERATOR in c.members
                                    for m in intake.fake.messages(c.id) if "resolved at source" in (m.text or "")),
                                   None), what="the word to the owner")
    assert number in (direct.text or "")
    assert "Being handled" in intake.client.get(f"{intake.server.url}{status_path}").text, "still open"
