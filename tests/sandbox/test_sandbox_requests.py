"""Requests to the sandbox as a browser (or a hostile page) sends them: forged or malformed requests are
refused with a clear answer and change nothing; retries do not double; each person reads their language;
a restart loses nothing; live updates are pushed."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import httpx

from bot import actions
from bot.i18n import Translator
from tests.e2e.world import wait_for
from tests.sandbox.conftest import HELPDESK
from tests.sandbox.conftest import Start
from tests.sandbox.driver import SandboxDriver

EN = Translator("en", ZoneInfo("Europe/Brussels"))


def helpdesk_count(sandbox: SandboxDriver) -> int:
    return len(sandbox.messages("hugo", HELPDESK))


def test_forged_and_malformed_requests_change_nothing(sandbox: SandboxDriver) -> None:
    before = helpdesk_count(sandbox)
    no_token = sandbox.http.post("/sandbox/api/send", json={"user": "hugo", "channel": HELPDESK, "text": "hi"})
    assert no_token.status_code == 403 and no_token.json()["error"] == EN.t("sandbox.error.token")
    wrong = sandbox.call("send", "hugo", token="guess", channel=HELPDESK, text="hi")
    assert wrong.status_code == 403
    stranger = sandbox.call("send", "mallory", channel=HELPDESK, text="hi")
    assert stranger.status_code == 403 and stranger.json()["error"] == EN.t("sandbox.error.unknown_user")
    garbage = sandbox.http.post("/sandbox/api/send", content=b"{not json", headers={"X-Sirene-Token": sandbox.token})
    assert garbage.status_code == 400 and garbage.json()["error"] == EN.t("sandbox.error.bad_request")
    nowhere = sandbox.call("send", "hugo", channel="C-NOPE", text="hi")
    assert nowhere.status_code == 404
    empty = sandbox.call("send", "hugo", channel=HELPDESK, text="   ")
    assert empty.status_code == 400 and empty.json()["error"] == EN.t("sandbox.error.empty")
    assert sandbox.http.get("/sandbox/api/view", params={"user": "hugo"}).status_code == 403
    assert sandbox.http.get("/sandbox/events").status_code == 403
    assert helpdesk_count(sandbox) == before


def test_a_forged_or_stale_button_and_someone_elses_form_are_refused(sandbox: SandboxDriver) -> None:
    number = sandbox.report("emma", HELPDESK, "Printer on fire")
    triage = sandbox.wait_message("dries", HELPDESK, lambda m: number in m["text"], "the triage message")
    forged = sandbox.ok("press", "dries", message=triage["id"], action=actions.CLASSIFY,
                        value=actions.value("INC-2026-9999", "crisis"))
    assert forged["notice"]["text"] == EN.t("error.stale_button")
    opened = sandbox.send("emma", HELPDESK, "/incident Another one")
    hijack = sandbox.call("submit", "dries", form=opened["form"]["id"], values={"title": "mine"})
    assert hijack.status_code == 404
    sandbox.press("dries", triage, actions.CLASSIFY, actions.value(number, "minor"))
    twice = sandbox.ok("press", "hanne", message=triage["id"], action=actions.CLASSIFY,
                       value=actions.value(number, "major"))
    assert twice["notice"]["text"].startswith(EN.t("classify.already", number=number, severity="\x00",
                                                   by="", when="").split("\x00")[0])
    unknown = sandbox.send("dries", HELPDESK, "/deploy now")
    assert unknown["notice"]["text"] == EN.t("sandbox.error.unknown_command", command="/deploy")


def test_a_form_with_errors_stays_open_and_a_second_submission_makes_no_second_incident(
        sandbox: SandboxDriver) -> None:
    opened = sandbox.send("emma", HELPDESK, "/incident")
    form = opened["form"]["id"]
    errors = sandbox.submit("emma", form, title="", detected_at="2026-11-27T09:00", reporter_kind="customer")
    assert errors["errors"] == {"title": EN.t("error.required"), "reporter_name": EN.t("report.error.name_needed")}
    values = {"title": "Webshop down", "detected_at": "2026-11-27T09:00", "reporter_kind": "employee"}
    first = sandbox.submit("emma", form, **values)
    assert "INC-" in first["done"]["text"]
    second = sandbox.submit("emma", form, **values)
    assert second["notice"]["text"] == EN.t("error.stale_form")
    sandbox.wait_message("dries", HELPDESK, lambda m: "Webshop down" in m["text"], "the triage message")
    assert len([m for m in sandbox.messages("dries", HELPDESK) if "Webshop down" in m["text"]]) == 1


def test_user_text_is_escaped_in_the_page(sandbox: SandboxDriver) -> None:
    sandbox.send("emma", HELPDESK, '<img src=x onerror="alert(1)">')
    html = sandbox.view("emma", HELPDESK)["channel_html"]
    assert "<img src=x" not in html and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    page = sandbox.http.get("/", params={"as": "emma", "channel": '"><script>alert(1)</script>'})
    assert "<script>alert(1)" not in page.text
    assert "script-src" not in page.headers["content-security-policy"]
    assert "default-src 'self'" in page.headers["content-security-policy"]


def open_room(sandbox: SandboxDriver, title: str) -> tuple[str, str]:
    number = sandbox.report("emma", HELPDESK, title)
    triage = sandbox.wait_message("dries", HELPDESK, lambda m: number in m["text"], "the triage message")
    sandbox.press("dries", triage, actions.CLASSIFY, actions.value(number, "minor"))
    return number, sandbox.wait_channel("dries", f"inc-{number.lower().removeprefix('inc-')}")["id"]


def test_a_retried_message_is_posted_and_logged_once_and_edits_are_followed(sandbox: SandboxDriver) -> None:
    _, room = open_room(sandbox, "Disk full")
    first = sandbox.send("lotte", room, "!action Cleaned /var/log", client_key="same")
    again = sandbox.send("lotte", room, "!action Cleaned /var/log", client_key="same")
    assert first["message"] == again["message"]
    assert [m["text"] for m in sandbox.messages("lotte", room)].count("!action Cleaned /var/log") == 1
    sandbox.wait_message("lotte", room, lambda m: m["id"] == first["message"] and m["reactions"], "the ✅")
    not_yours = sandbox.call("edit", "dries", message=first["message"], text="!action nothing")
    assert not_yours.status_code == 403
    sandbox.ok("edit", "lotte", message=first["message"], text="!action Cleaned /var/log and /tmp")
    log = sandbox.send("lotte", room, "/incident log")["notice"]["html"]
    assert log.count("Cleaned /var/log") == 1 and "Cleaned /var/log and /tmp" in log
    assert EN.t("log.edited", count=1) in log
    sandbox.ok("delete", "lotte", message=first["message"])
    assert EN.t("log.deleted") in sandbox.send("lotte", room, "/incident log")["notice"]["html"]


def test_each_person_reads_their_own_language(start_sandbox: Start) -> None:
    nl = Translator("nl", ZoneInfo("Europe/Brussels"))
    fr = Translator("fr", ZoneInfo("Europe/Brussels"))
    with SandboxDriver(start_sandbox("nl").url) as sandbox:
        assert sandbox.ok("language", "emma", language="fr")["language"] == "fr"
        number = sandbox.report("emma", HELPDESK, "Mail down")
        triage = sandbox.wait_message("dries", HELPDESK, lambda m: number in m["text"], "the triage message")
        assert triage["text"] == nl.t("triage.summary_new", number=number, title="Mail down")
        refused = sandbox.press("emma", triage, actions.CLASSIFY, actions.value(number, "major"))
        assert refused["notice"]["text"] == fr.t("classify.not_allowed")
        confirmation = sandbox.wait_message("emma", "D-emma", lambda m: number in m["text"], "the DM")
        assert confirmation["text"] == fr.t("report.received_summary", number=number)
        page = sandbox.http.get("/", params={"as": "emma"}).text
        assert '<html lang="fr">' in page and fr.t("sandbox.composer.send") in page
        refused = sandbox.ok("press", "hugo", message=triage["id"], action=actions.CLASSIFY,
                             value=actions.value(number, "nonsense"))
        assert refused["notice"]["text"] == nl.t("error.stale_button")
        sandbox.ok("language", "emma", language=None)
        again = sandbox.press("emma", triage, actions.CLASSIFY, actions.value(number, "major"))
        assert again["notice"]["text"] == nl.t("classify.not_allowed")


def test_a_restart_loses_nothing(start_sandbox: Start, tmp_path: object) -> None:
    server = start_sandbox("en")
    with SandboxDriver(server.url) as sandbox:
        number = sandbox.report("emma", HELPDESK, "Mail down")
        triage = sandbox.wait_message("dries", HELPDESK, lambda m: number in m["text"], "the triage message")
    server.stop()
    server.start()
    with SandboxDriver(server.url) as sandbox:
        kept = sandbox.wait_message("dries", HELPDESK, lambda m: m["id"] == triage["id"], "the kept triage message")
        sandbox.press("dries", kept, actions.CLASSIFY, actions.value(number, "minor"))
        sandbox.wait_message("dries", HELPDESK, lambda m: m["id"] == triage["id"] and not m["buttons"],
                             "the triage message updated in place")
        sandbox.wait_channel("dries", f"inc-{number.lower().removeprefix('inc-')}")


def test_changes_are_pushed_to_the_browser(sandbox: SandboxDriver) -> None:
    url = f"{sandbox.http.base_url}/sandbox/events"
    with httpx.stream("GET", url, params={"token": sandbox.token}, timeout=15) as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        lines = stream.iter_lines()
        first = wait_for(lambda: next(line for line in lines if line.startswith("data:")), what="the first event")
        sandbox.send("emma", HELPDESK, "hello")
        second = wait_for(lambda: next(line for line in lines if line.startswith("data:")), what="a change")
        assert int(second.removeprefix("data:")) > int(first.removeprefix("data:"))
