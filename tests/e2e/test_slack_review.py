"""The review on Slack, end to end: close an incident, fill every section of the Post Incident Review through
the modals (with a back-and-forth, a save-and-close and a resume by someone else), export the report, and read
every section and answer back from the PDF uploaded to the channel; an over-limit answer gets a field error."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC
from datetime import datetime
from typing import Any

from pypdf import PdfReader

from tests.e2e.test_slack_story import incident_channel
from tests.e2e.test_slack_story import report
from tests.e2e.test_slack_story import triage_message
from tests.e2e.world import World
from tests.e2e.world import button
from tests.e2e.world import buttons
from tests.e2e.world import wait_for
from tests.fakes.slack.block_state import build_state_values
from tests.fakes.slack.http_driver import SlackDriver
from tests.fakes.slack.interactions import build_view_submission
from tests.fakes.slack.interactions import view_with_state
from tests.fakes.slack.model import Message
from tests.fakes.slack.model import View

OPERATOR, IRP_MANAGER, RESPONDER = "U0DRIES", "U0HUGO", "U0LOTTE"
SECTION_TITLES = ("Administration", "Detection", "Assessment and actions", "Communication", "Root cause analysis",
                  "Prevention", "Appropriateness of the response", "Management response", "Staff preparedness",
                  "Desired improvements", "Damage claims", "Miscellaneous")


def section_of(view: View) -> str:
    parts = view.private_metadata.split("|")
    assert len(parts) == 3, json.dumps(view.view)[:3000]
    return parts[1]


def answers(view: View, tag: str = "") -> dict[str, Any]:
    """An answer for every question of the section on screen (follow-up rows left alone)."""
    section = section_of(view)
    values: dict[str, Any] = {}
    for block in view.blocks:
        if block.get("type") != "input" or str(block["block_id"]).startswith("fu"):
            continue
        element, name = block["element"], block["block_id"]
        if element["type"] == "plain_text_input":
            values[name] = f"{section}-{name}{tag}"
        elif element["type"] == "radio_buttons":
            values[name] = element["options"][-1]["value"]
        elif element["type"] == "static_select":
            values[name] = element["options"][0]["value"]
        elif element["type"] == "multi_static_select":
            values[name] = [element["options"][0]["value"]]
    return values


def initial_text(view: View, name: str) -> str:
    block = next(b for b in view.blocks if b.get("block_id") == name)
    return str(block["element"].get("initial_value", ""))


def moved(world: World, view_id: str, before: str) -> View:
    """The modal once the bot replaced it (views.update after a button inside it)."""
    def probe() -> View | None:
        view = world.fake.view(view_id)
        return view if view.private_metadata != before else None

    return wait_for(probe, what="the modal to change")


def in_dm(world: World, user: str, wanted: str) -> Message:
    def probe() -> Message | None:
        dm = next((c for c in world.fake.channels.values() if c.is_im and c.im_user == user), None)
        if dm is None:
            return None
        return next((m for m in world.messages(dm.id) if any(b["action_id"].startswith(wanted)
                                                               for b in buttons(m))), None)
    return wait_for(probe, what=f"a DM to {user} with {wanted}")


def uploaded(world: World, channel_id: str) -> list[Any]:
    return [f for f in world.fake.files.values() if f.completed and f.channel_id == channel_id]


def pdf_text(content: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages))


def forged_submission(world: World, slack: SlackDriver, user: str, view: View, values: dict[str, Any]) -> Any:
    """A view_submission Slack's client would never send (over max_length): built by hand."""
    state = build_state_values(view.blocks, values, enforce_client_checks=False)
    payload = build_view_submission(world.fake, user_id=user, view=view_with_state(view.view, state),
                                    trigger_id=world.fake.new_trigger_id(user))
    return slack._interactive(payload)


def close_incident(world: World, slack: SlackDriver) -> tuple[str, str]:
    number = report(world, slack)
    triage = triage_message(world, number)
    slack.click(OPERATOR, world.helpdesk, triage.ts, button(triage, "sirene.classify", f"{number}|major"))
    channel_id = incident_channel(world)
    wait_for(lambda: RESPONDER in world.fake.channel(channel_id).members, what="the response team")
    # An action with the plan's columns, through the small form.
    slack.slash(RESPONDER, "log add Swapped the disk of mx1", channel_id)
    form = wait_for(lambda: world.fake.last_view(RESPONDER), what="the logbook form")
    done = slack.submit_view(RESPONDER, form.id, {"impact": "No mail for 40 staff", "duration": "50 minutes",
                                                  "resources": "Lotte, one spare disk", "incident_type": "outage"})
    assert done.json()["response_action"] == "update"
    assert slack.slash(OPERATOR, "deactivate", channel_id).status_code == 200
    approval = wait_for(lambda: next((m for m in world.messages(channel_id) if any(
        b["action_id"].startswith("sirene.approve") for b in buttons(m))), None), what="the approval request")
    slack.click(IRP_MANAGER, channel_id, approval.ts, button(approval, "sirene.approve", f"{number}|1"))
    return number, channel_id


def test_the_review_from_closing_to_the_pdf(world: World, slack: SlackDriver) -> None:
    fake = world.fake
    number, channel_id = close_incident(world, slack)
    invitation = in_dm(world, IRP_MANAGER, "sirene.review_open")
    dm_id = next(c.id for c in fake.channels.values() if c.is_im and c.im_user == IRP_MANAGER)
    slack.click(IRP_MANAGER, dm_id, invitation.ts, button(invitation, "sirene.review_open", number))
    view = wait_for(lambda: fake.last_view(IRP_MANAGER), what="the review modal")
    assert section_of(view) == "administration"
    assert initial_text(view, "severity") == "Major" and initial_text(view, "manager") == "Dries Maes"
    typed: dict[str, dict[str, Any]] = {}

    def submit(user: str, current: View, values: dict[str, Any]) -> View:
        typed[section_of(current)] = values
        answer = slack.submit_view(user, current.id, values)
        assert answer.status_code == 200 and answer.json().get("response_action") == "update", answer.text
        return fake.view(current.id)

    view = submit(IRP_MANAGER, view, {"customer_impact": "no", "incident_type": "outage",
                                      "other": "administration-other"})
    assert section_of(view) == "detection"
    view = submit(IRP_MANAGER, view, answers(view))
    assert section_of(view) == "assessment"
    # Back to detection with what was typed in assessment; the detection answers are there; then forward again.
    before = view.private_metadata  # the fake updates the stored view in place
    slack.click_in_view(IRP_MANAGER, view.id, button_in(view, "back"), "back", answers(view, " (draft)"))
    view = moved(world, view.id, before)
    assert section_of(view) == "detection"
    assert initial_text(view, "who_how") == "detection-who_how"
    view = submit(IRP_MANAGER, view, answers(view))
    assert section_of(view) == "assessment"
    assert initial_text(view, "other_actions") == "assessment-other_actions (draft)"  # what was typed, kept
    view = submit(IRP_MANAGER, view, answers(view))
    view = submit(IRP_MANAGER, view, answers(view))
    assert section_of(view) == "root_cause"
    # Save and close: four sections done, shown on the review message in the channel.
    slack.click_in_view(IRP_MANAGER, view.id, button_in(view, "close"), "close", answers(view))
    wait_for(lambda: "Saved" in json.dumps(fake.view(view.id).view), what="the saved confirmation")
    wait_for(lambda: world.with_marker(channel_id, "5 of 12 sections done"), what="the progress in the channel")

    # An export now (review in progress): Markdown and PDF in the channel.
    assert slack.slash(RESPONDER, "export", channel_id).status_code == 200
    wait_for(lambda: len(uploaded(world, channel_id)) == 2, what="the report files")

    # Someone else resumes: the review opens at the first section not done.
    slack.slash(RESPONDER, "review", channel_id)
    def resumed() -> View | None:
        found = fake.last_view(RESPONDER)
        return found if found is not None and found.callback_id == "review" else None

    view = wait_for(resumed, what="the review modal")
    assert section_of(view) == "prevention"  # the first section not done
    # Too long for Slack: a field error under the input, nothing saved, no crash.
    refused = forged_submission(world, slack, RESPONDER, view, answers(view) | {"lessons": "x" * 3001})
    assert refused.status_code == 200
    assert refused.json()["response_action"] == "errors" and "lessons" in refused.json()["errors"]
    # Save and close with a follow-up missing its owner: the modal shows the errors, keeps what was typed.
    slack.click_in_view(RESPONDER, view.id, button_in(view, "close"), "close",
                        answers(view) | {"fu1_text": "Alert on disk health"})
    wait_for(lambda: "Some answers need a change" in json.dumps(fake.view(view.id).view),
             what="the errors in the modal")
    view = fake.view(view.id)
    assert section_of(view) == "prevention" and initial_text(view, "fu1_text") == "Alert on disk health"
    due = int(datetime(2026, 12, 31, 9, 0, tzinfo=UTC).timestamp())
    view = submit(RESPONDER, view, answers(view) | {"fu1_text": "Alert on disk health", "fu1_owner": RESPONDER,
                                                    "fu1_due": due})
    while section_of(view) != "misc":
        view = submit(RESPONDER, view, answers(view))
    typed["misc"] = answers(view)
    last = slack.submit_view(RESPONDER, view.id, typed["misc"])
    assert "complete" in json.dumps(last.json())
    assigned = in_dm(world, RESPONDER, "sirene.followup_done")  # the follow-up's owner is told, with a button
    owner_dm = next(c.id for c in fake.channels.values() if c.is_im and c.im_user == RESPONDER)

    # Completed: the final report is posted, then the channel is archived.
    wait_for(lambda: fake.channel(channel_id).archived, what="the channel to be archived", timeout=20)
    final = [f for f in uploaded(world, channel_id) if f.filename.endswith(".pdf")][-1]
    text = pdf_text(final.content or b"")
    for title in SECTION_TITLES:
        assert re.sub(r"\s+", "", title) in text, title
    for section, values in typed.items():
        for value in values.values():
            if isinstance(value, str) and value.startswith(section):
                assert re.sub(r"\s+", "", value) in text, value
    for words in ("Alert on disk health", "No mail for 40 staff", "Swapped the disk of mx1", "Service outage",
                  "hash chain is intact"):
        assert re.sub(r"\s+", "", words) in text, words
    # The owner marks the follow-up done from the message; /incident followups no longer lists it.
    slack.click(RESPONDER, owner_dm, assigned.ts, button(assigned, "sirene.followup_done"))
    wait_for(lambda: "Marked done" in json.dumps([e.to_slack() for e in fake.ephemerals_for(RESPONDER)]),
             what="the confirmation")
    general = fake.channel_by_name("general")
    assert general is not None
    listed = slack.slash(RESPONDER, "followups", general.id)
    assert "Alert on disk health" not in json.dumps(listed.json())
    # The channel is archived: an export asked for from elsewhere is refused with what to do instead.
    refused_export = slack.slash(RESPONDER, f"export {number}", general.id)
    assert "sirene export" in json.dumps(refused_export.json())


def button_in(view: View, move: str) -> str:
    for block in view.blocks:
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if element.get("value") == move:
                return str(element["action_id"])
    raise AssertionError(f"no {move} button in the modal")
