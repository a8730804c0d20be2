"""The whole story in the local sandbox, over its HTTP API, once in each language: report → classify →
private incident channel → logbook (tag, reaction, shortcut) → approved deactivation, with the plan's
permissions (the employee cannot classify nor approve; who is not invited does not see the channel)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from bot import actions
from bot.i18n import Translator
from bot.i18n import load_catalog
from tests.e2e.world import wait_for
from tests.sandbox.conftest import HELPDESK
from tests.sandbox.conftest import Start
from tests.sandbox.driver import Message
from tests.sandbox.driver import SandboxDriver

EMPLOYEE, OPERATOR, IRP_MANAGER, RESPONDER, CMP_MANAGER = "emma", "dries", "hugo", "lotte", "marc"


def triage(sandbox: SandboxDriver, number: str, user: str = OPERATOR) -> Message:
    return sandbox.wait_message(user, HELPDESK, lambda m: number in m["text"] and m["author"] == "sirene",
                                "the triage message")


@pytest.mark.parametrize("language", ["en", "nl", "fr"])
def test_the_whole_story_in_each_language(start_sandbox: Start, language: str) -> None:
    tr = Translator(language, ZoneInfo("Europe/Brussels"))
    with SandboxDriver(start_sandbox(language).url) as sandbox:
        number = sandbox.report(EMPLOYEE, HELPDESK, "Mail server down")
        message = triage(sandbox, number)
        assert message["text"] == tr.t("triage.summary_new", number=number, title="Mail server down")
        labels = [b["label"] for b in message["buttons"]]
        assert labels == [tr.t("triage.classify_as", severity=tr.t(f"severity.{s}.name"))
                          for s in ("weak", "minor", "major", "crisis")]
        confirmation = sandbox.wait_message(EMPLOYEE, "D-emma", lambda m: number in m["text"], "the reporter's DM")
        assert confirmation["text"] == tr.t("report.received_summary", number=number)

        # The employee holds no role: classifying is refused, only to her, and changes nothing.
        refused = sandbox.press(EMPLOYEE, message, actions.CLASSIFY, actions.value(number, "major"))
        assert refused["notice"]["text"] == tr.t("classify.not_allowed")
        assert [m["text"] for m in sandbox.messages(OPERATOR, HELPDESK) if m["only_for"]] == []
        assert sandbox.has_button(triage(sandbox, number), actions.CLASSIFY)

        # The helpdesk operator classifies it major: a private channel with the people of the plan.
        assert sandbox.press(OPERATOR, message, actions.CLASSIFY, actions.value(number, "major")) == {"ok": True}
        channel = sandbox.wait_channel(IRP_MANAGER, f"inc-{number.lower().removeprefix('inc-')}")
        assert channel["kind"] == "private"
        assert {OPERATOR, IRP_MANAGER, RESPONDER, EMPLOYEE} <= set(channel["members"])
        assert channel["id"] not in {c["id"] for c in sandbox.channels(CMP_MANAGER)}
        assert sandbox.get("messages", CMP_MANAGER, channel=channel["id"]).status_code == 404
        room = channel["id"]
        announcement = sandbox.wait_message(IRP_MANAGER, room, lambda m: sandbox.has_button(
            m, actions.REQUEST_DEACTIVATION) and m["pinned"], "the pinned living message")
        assert sandbox.channel(IRP_MANAGER, room)["topic"].startswith(number)

        # The logbook: a tagged message, a message given the plan's reaction, a shortcut.
        tagged = sandbox.send(IRP_MANAGER, room, "!action Restarted the mail server")["message"]
        sandbox.wait_message(IRP_MANAGER, room, lambda m: m["id"] == tagged and ["white_check_mark", "sirene"]
                             in m["reactions"], "the logbook's ✅ on the tagged message")
        informed = sandbox.send(EMPLOYEE, room, "Users were told by mail")["message"]
        sandbox.ok("react", RESPONDER, message=informed, name="memo")
        noted = sandbox.send(RESPONDER, room, "Disk full on the mail server")["message"]
        added = sandbox.ok("shortcut", RESPONDER, message=noted)
        assert added["notice"]["text"] == tr.t("log.added")

        def logbook() -> str | None:
            html = str(sandbox.send(IRP_MANAGER, room, "/incident log")["notice"]["html"])
            return html if "Users were told by mail" in html else None

        html = wait_for(logbook, what="the reacted message in the logbook")
        assert "Restarted the mail server" in html and "Disk full on the mail server" in html
        assert tr.t("log.heading", number=number) in html

        # Deactivation: requested by the IRP manager, refused to the employee, approved by the IRP manager.
        sandbox.press(IRP_MANAGER, announcement, actions.REQUEST_DEACTIVATION)
        approval = sandbox.wait_message(IRP_MANAGER, room, lambda m: sandbox.has_button(m, actions.APPROVE),
                                        "the approval request")
        refused = sandbox.press(EMPLOYEE, approval, actions.APPROVE)
        before_roles = load_catalog(language)["deactivation.only_approvers"].split("{roles}")[0]
        assert refused["notice"]["text"].startswith(before_roles.format(number=number))
        assert tr.t("role.irp_manager") in refused["notice"]["text"]
        sandbox.press(IRP_MANAGER, approval, actions.APPROVE)
        closed = sandbox.wait_message(IRP_MANAGER, room, lambda m: m["id"] == announcement["id"] and not m["buttons"]
                                      and tr.t("phase.closed") in str(sandbox.view(IRP_MANAGER, room)),
                                      "the closed living message")
        assert closed["pinned"]
        # Closed: the channel stays open for the Post Incident Review (archived once the review is complete).
        sandbox.wait_message(IRP_MANAGER, room, lambda m: sandbox.has_button(m, actions.REVIEW_OPEN),
                             "the review message")
        assert not sandbox.channel(IRP_MANAGER, room)["archived"]
