"""The review in the local sandbox, over its HTTP API, like tests/e2e/test_slack_review.py: close an incident (an
entry added with ``/incident log add``, another completed with *Complete*), fill every section of the Post
Incident Review through its forms (the move buttons *‹ Back* and *Save and close*, a resume by someone else), an
over-limit answer refused under its field, an export, every section and answer read back from the PDF shared in
the channel, and the follow-up marked done."""

from __future__ import annotations

import io
import re
from typing import Any

from pypdf import PdfReader

from bot import actions
from tests.e2e.world import wait_for
from tests.sandbox.conftest import HELPDESK
from tests.sandbox.driver import Message
from tests.sandbox.driver import SandboxDriver
from tests.sandbox.forms import ShownForm
from tests.sandbox.forms import read_form

EMPLOYEE, OPERATOR, IRP_MANAGER, RESPONDER = "emma", "dries", "hugo", "lotte"
SECTION_TITLES = ("Administration", "Detection", "Assessment and actions", "Communication", "Root cause analysis",
                  "Prevention", "Appropriateness of the response", "Management response", "Staff preparedness",
                  "Desired improvements", "Damage claims", "Miscellaneous")
SECTION_IDS = ("administration", "detection", "assessment", "communication", "root_cause", "prevention", "response",
               "management", "staff", "improvements", "damage_claims", "misc")


class Review:
    """One person's open review form, section after section (the form keeps its id as it goes on)."""

    def __init__(self, sandbox: SandboxDriver, user: str, opened: dict[str, Any]) -> None:
        assert "form" in opened, opened
        self.sandbox, self.user = sandbox, user
        self.id: int = opened["form"]["id"]
        self.shown: ShownForm = read_form(opened["form"]["html"])
        self.typed: dict[str, dict[str, Any]] = {}

    @property
    def section(self) -> str:
        found = re.search(r"Section (\d+) of 12", self.shown.text)
        assert found, self.shown.text
        return SECTION_IDS[int(found.group(1)) - 1]

    def answers(self, tag: str = "") -> dict[str, Any]:
        """What was shown, with an answer for every question (follow-up rows left alone)."""
        values: dict[str, Any] = {}
        for name, item in self.shown.fields.items():
            if name.startswith("fu"):
                continue
            if item.kind in ("text", "textarea"):
                values[name] = f"{self.section}-{name}{tag}"
            elif item.kind == "radio":
                values[name] = item.options[-1]
            elif item.kind == "select":
                values[name] = item.options[0]
            elif item.kind == "checkbox":
                values[name] = item.options[:1]
        return values

    def send(self, values: dict[str, Any], move: str | None = None) -> dict[str, Any]:
        self.typed.setdefault(self.section, {}).update(values)
        answer = self.sandbox.ok("submit", self.user, form=self.id, values=values, move=move)
        if "form" in answer:
            assert answer["form"]["id"] == self.id
            self.shown = read_form(answer["form"]["html"])
        return answer


def with_button(sandbox: SandboxDriver, user: str, channel: str, action: str, text: str = "") -> Message:
    return sandbox.wait_message(user, channel, lambda m: sandbox.has_button(m, action) and text in m["text"],
                                f"a message with {action} in {channel}")


def files(sandbox: SandboxDriver, user: str, channel: str) -> list[tuple[str, bytes]]:
    shared = []
    for message in sandbox.messages(user, channel):
        if message["file"] is not None:
            got = sandbox.http.get(f"/sandbox/files/{message['file']}", params={"user": user, "token": sandbox.token})
            assert got.status_code == 200, got.text
            shared.append((got.headers["content-disposition"], got.content))
    return shared


def pdf_text(content: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages))


def closed_incident(sandbox: SandboxDriver) -> tuple[str, str]:
    number = sandbox.report(EMPLOYEE, HELPDESK, "Mail server down")
    triage = sandbox.wait_message(OPERATOR, HELPDESK, lambda m: number in m["text"] and m["author"] == "sirene",
                                  "the triage message")
    sandbox.press(OPERATOR, triage, actions.CLASSIFY, actions.value(number, "major"))
    room = sandbox.wait_channel(IRP_MANAGER, f"inc-{number.lower().removeprefix('inc-')}")["id"]
    # An action with its columns, through /incident log add.
    opened = sandbox.send(RESPONDER, room, "/incident log add Swapped the disk of mx1")
    form = read_form(opened["form"]["html"])
    assert form.fields["text"].value == "Swapped the disk of mx1"
    added = sandbox.submit(RESPONDER, opened["form"]["id"], text="Swapped the disk of mx1",
                           impact="No mail for 40 staff", duration="50 minutes", resources="Lotte, one spare disk",
                           incident_type="outage")
    assert added.get("done"), added
    # A tagged action, completed afterwards with *Complete* beside it in /incident log.
    tagged = sandbox.send(IRP_MANAGER, room, "!action Restarted postfix on mx1")["message"]
    sandbox.wait_message(IRP_MANAGER, room, lambda m: m["id"] == tagged and ["white_check_mark", "sirene"]
                         in m["reactions"], "the logbook's ✅")
    sandbox.send(IRP_MANAGER, room, "/incident log")
    log = with_button(sandbox, IRP_MANAGER, room, actions.LOG_COMPLETE)
    entry = next(b["value"] for b in log["buttons"] if b["action"] == actions.LOG_COMPLETE
                 and b["value"].endswith(f"|{_sequence_of(sandbox, room, 'Restarted postfix on mx1')}"))
    opened = sandbox.press(IRP_MANAGER, log, actions.LOG_COMPLETE, entry)
    completed = sandbox.submit(IRP_MANAGER, opened["form"]["id"], impact="Queues held for an hour", resources="Hugo")
    assert completed.get("done"), completed
    # Deactivation, approved by the IRP manager.
    sandbox.send(OPERATOR, room, "/incident deactivate")
    approval = with_button(sandbox, IRP_MANAGER, room, actions.APPROVE)
    sandbox.press(IRP_MANAGER, approval, actions.APPROVE)
    with_button(sandbox, IRP_MANAGER, room, actions.REVIEW_OPEN)
    return number, room


def _sequence_of(sandbox: SandboxDriver, room: str, text: str) -> int:
    html = str(sandbox.send(IRP_MANAGER, room, "/incident log")["notice"]["html"])
    found = re.search(r"#(\d+)</strong>[^#]*?" + re.escape(text), html)
    assert found, html
    return int(found.group(1))


def test_the_review_from_closing_to_the_pdf_in_the_sandbox(sandbox: SandboxDriver) -> None:
    number, room = closed_incident(sandbox)
    invitation = with_button(sandbox, IRP_MANAGER, "D-hugo", actions.REVIEW_OPEN, "Post Incident Review")
    review = Review(sandbox, IRP_MANAGER, sandbox.press(IRP_MANAGER, invitation, actions.REVIEW_OPEN, number))
    assert review.section == "administration"
    assert review.shown.fields["severity"].value == "Major" and review.shown.fields["manager"].value == "Dries Maes"
    assert review.shown.moves == {"close": "Save and close"} and review.shown.submit == "Save and next ›"
    review.send(review.answers() | {"customer_impact": "no", "incident_type": "outage"})
    assert review.section == "detection" and review.shown.moves == {"back": "‹ Back", "close": "Save and close"}
    review.send(review.answers())
    assert review.section == "assessment"
    # Back to detection with what was typed in assessment (saved); the detection answers are there.
    review.send(review.answers(" (draft)"), move="back")
    assert review.section == "detection"
    assert review.shown.fields["who_how"].value == "detection-who_how"
    review.send(review.answers())
    assert review.section == "assessment"
    assert review.shown.fields["other_actions"].value == "assessment-other_actions (draft)"
    review.send(review.answers())
    review.send(review.answers())
    assert review.section == "root_cause"
    # Save and close: the form closes with the progress, the review message in the channel shows it.
    closed = review.send(review.answers(), move="close")
    assert "5 of 12 sections done" in closed["done"]["text"]
    with_button(sandbox, IRP_MANAGER, room, actions.REVIEW_OPEN, "5 of 12 sections done")

    # An export now (review in progress): Markdown and PDF in the channel.
    sandbox.send(RESPONDER, room, "/incident export")
    wait_for(lambda: len(files(sandbox, RESPONDER, room)) == 2, what="the report files", timeout=20)
    names = sorted(disposition.rsplit(".", 1)[1] for disposition, _ in files(sandbox, RESPONDER, room))
    assert names == ["md", "pdf"]

    # Someone else resumes: the review opens at the first section not done.
    resumed = Review(sandbox, RESPONDER, sandbox.send(RESPONDER, room, "/incident review"))
    resumed.typed = review.typed
    assert resumed.section == "prevention"
    refused = sandbox.submit(RESPONDER, resumed.id, **(resumed.answers() | {"lessons": "x" * 3001}))
    assert set(refused["errors"]) == {"lessons"} and "3000" in refused["errors"]["lessons"]
    # Save and close with a follow-up missing its owner and date: errors under those fields, the form stays.
    missing = resumed.send(resumed.answers() | {"fu1_text": "Alert on disk health"}, move="close")
    assert set(missing["errors"]) == {"fu1_owner", "fu1_due"}
    # A move the form does not offer (a crafted request) is refused, nothing saved.
    wrong = sandbox.ok("submit", RESPONDER, form=resumed.id, values=resumed.answers(), move="skip")
    assert list(wrong["errors"]) == [""]
    resumed.send(resumed.answers() | {"fu1_text": "Alert on disk health", "fu1_owner": RESPONDER,
                                      "fu1_due": "2026-12-31T09:00"})
    assert resumed.section == "response"
    while resumed.section != "misc":
        resumed.send(resumed.answers())
    last = resumed.send(resumed.answers())
    assert "is complete" in last["done"]["text"]
    assigned = with_button(sandbox, RESPONDER, "D-lotte", actions.FOLLOW_UP_DONE)

    # Complete: the final report is shared, then the channel is archived.
    wait_for(lambda: sandbox.channel(RESPONDER, room)["archived"], what="the channel to be archived", timeout=20)
    final = [content for disposition, content in files(sandbox, RESPONDER, room) if disposition.endswith(".pdf")][-1]
    text = pdf_text(final)
    for title in SECTION_TITLES:
        assert re.sub(r"\s+", "", title) in text, title
    for section, values in resumed.typed.items():
        for value in values.values():
            if isinstance(value, str) and value.startswith(section):
                assert re.sub(r"\s+", "", value) in text, value
    for words in ("Alert on disk health", "No mail for 40 staff", "Swapped the disk of mx1", "Restarted postfix on mx1",
                  "Queues held for an hour", "Service outage", "hash chain is intact"):
        assert re.sub(r"\s+", "", words) in text, words

    # The owner marks the follow-up done; /incident followups no longer lists it.
    done = sandbox.press(RESPONDER, assigned, actions.FOLLOW_UP_DONE)
    assert done["notice"]["text"].startswith("Marked done")
    listed = sandbox.send(RESPONDER, HELPDESK, "/incident followups")
    assert "Alert on disk health" not in str(listed["notice"]["html"])
