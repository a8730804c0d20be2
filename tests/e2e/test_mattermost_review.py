"""The review on Mattermost, end to end, like tests/e2e/test_slack_review.py: close an incident (with a logbook
entry added by ``/incident log add`` and another completed through *Complete*), fill every section of the Post
Incident Review through the dialogs (a back-and-forth through the *After saving* choice, a save-and-close and a
resume by someone else), an over-limit answer refused under its field, an export, and every section and answer
read back from the PDF uploaded to the channel; then the follow-up marked done.

On a current server (11.1+) each section follows in the same dialog; on an older one the dialog closes and an
ephemeral message offers the next section's button (the second test).
"""

from __future__ import annotations

import base64
import io
import json
import re
from typing import Any

import pytest
from pypdf import PdfReader

from bot.domain.review_sections import SECTIONS
from tests.e2e.mattermost_world import MattermostWorld
from tests.e2e.mattermost_world import defaults
from tests.e2e.test_mattermost_story import classify
from tests.e2e.test_mattermost_story import logged
from tests.e2e.test_mattermost_story import report
from tests.e2e.world import wait_for
from tests.fakes.mattermost.driver import action
from tests.fakes.mattermost.model import Dialog
from tests.fakes.mattermost.model import Post
from tests.fakes.mattermost.model import new_id

SECTION_TITLES = ("Administration", "Detection", "Assessment and actions", "Communication", "Root cause analysis",
                  "Prevention", "Appropriateness of the response", "Management response", "Staff preparedness",
                  "Desired improvements", "Damage claims", "Miscellaneous")
MOVE = "sirene_move"
CURRENT_SERVER = "11.1.0"


def section_of(dialog: Dialog) -> str:
    """The section a review dialog shows (its state is signed, not secret: the web app could read it too)."""
    sealed = json.loads(base64.urlsafe_b64decode(str(dialog.dialog["state"]).encode("ascii")))
    return str(sealed["state"]).split("|")[1]


def element(dialog: Dialog, name: str) -> dict[str, Any]:
    found = next((e for e in dialog.dialog["elements"] if e["name"] == name), None)
    assert found is not None, f"no element {name} in {[e['name'] for e in dialog.dialog['elements']]}"
    return dict(found)


def answers(dialog: Dialog, tag: str = "") -> dict[str, Any]:
    """An answer for every question of the section on screen (follow-up rows and the move left alone)."""
    section = section_of(dialog)
    values: dict[str, Any] = {}
    for item in dialog.dialog["elements"]:
        name = item["name"]
        if name.startswith("fu") or name == MOVE:
            continue
        if item["type"] in ("text", "textarea"):
            values[name] = f"{section}-{name}{tag}"
        elif item["type"] == "radio":
            values[name] = item["options"][-1]["value"]
        elif item["type"] == "select":
            values[name] = item["options"][0]["value"]
    return values


def latest_dialog(world: MattermostWorld, user: str, count_before: int) -> Dialog:
    user_id = world.ids[user]
    return wait_for(lambda: next(iter(world.fake.dialogs_for(user_id)[count_before:][-1:]), None),
                    what=f"a new dialog for {user}")


def dm_post(world: MattermostWorld, user: str, name: str, text: str = "") -> Post:
    """The latest post of the bot in its direct channel with ``user`` that has a ``name`` button."""
    def probe() -> Post | None:
        for channel in world.fake.channels.values():
            if channel.type == "D" and world.ids[user] in channel.members:
                found = [p for p in world.fake.bot_posts(channel.id) if text in p.text()
                         and any(a["integration"]["context"].get("action") == name for a in p.actions())]
                if found:
                    return found[-1]
        return None

    return wait_for(probe, what=f"a direct message to {user} with {name}")


def answered(world: MattermostWorld, user: str, channel_id: str, text: str) -> Post:
    """A slash command's ephemeral answer with buttons, as the web app shows it (an ephemeral post)."""
    response = world.driver.slash(world.ids[user], text, channel_id)
    assert response.status_code == 200, response.text
    body = response.json()
    return Post(new_id(), channel_id, world.fake.bot.id, body.get("text", ""), 0,
                {"attachments": body.get("attachments") or []})


def pdf_text(content: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages))


def closed_incident(world: MattermostWorld) -> tuple[str, str]:
    """Reported, classified major, two logbook entries with the plan's columns, approved closed."""
    fake, ids, driver = world.fake, world.ids, world.driver
    number = report(world)
    channel_id = classify(world, number, "major")
    wait_for(lambda: ids["lotte"] in fake.channels[channel_id].members, what="the response team")
    # An action with its columns, through /incident log add.
    before = len(fake.dialogs_for(ids["lotte"]))
    assert driver.slash(ids["lotte"], "log add Swapped the disk of mx1", channel_id).status_code == 200
    form = latest_dialog(world, "lotte", before)
    assert element(form, "text")["default"] == "Swapped the disk of mx1"
    added = driver.submit(ids["lotte"], form, defaults(form, impact="No mail for 40 staff", duration="50 minutes",
                                                        resources="Lotte, one spare disk", incident_type="outage"),
                          channel_id)
    assert added.status_code == 200 and added.json() == {}, added.text
    # A tagged action, completed afterwards with *Complete* beside it in /incident log.
    tagged = fake.user_post(ids["hugo"], channel_id, "!action Restarted postfix on mx1")
    wait_for(lambda: logged(world, tagged), what="the logbook confirmation")
    log = answered(world, "hugo", channel_id, "log")
    assert "Swapped the disk of mx1" in log.text() and "No mail for 40 staff" in log.text()
    before = len(fake.dialogs_for(ids["hugo"]))
    beside = next(a for attachment in log.attachments if "Restarted postfix" in str(attachment.get("text"))
                  for a in attachment.get("actions") or [])
    assert beside["name"] == "Complete"
    clicked = driver.click(ids["hugo"], log, beside)
    assert clicked.status_code == 200 and clicked.json() == {}, clicked.text
    complete = latest_dialog(world, "hugo", before)
    assert complete.dialog["callback_id"] == "log_complete"
    completed = driver.submit(ids["hugo"], complete, defaults(complete, impact="Queues held for an hour",
                                                               resources="Hugo"), channel_id)
    assert completed.status_code == 200 and completed.json() == {}, completed.text
    wait_for(lambda: "Queues held for an hour" in answered(world, "hugo", channel_id, "log").text(),
             what="the completed entry in the logbook")
    # Deactivation, approved by the IRP manager.
    assert driver.slash(ids["dries"], "deactivate", channel_id).status_code == 200
    approval = wait_for(lambda: next((p for p in fake.bot_posts(channel_id) if any(
        a["integration"]["context"].get("action") == "sirene.approve" for a in p.actions())), None),
        what="the approval request")
    driver.click(ids["hugo"], approval, action(approval, "sirene.approve", f"{number}|1"))
    wait_for(lambda: "Closed" in fake.channels[channel_id].header, what="the header to say closed")
    return number, channel_id


@pytest.mark.parametrize("fake_mattermost", [CURRENT_SERVER], indirect=True)
def test_the_review_from_closing_to_the_pdf_on_mattermost(mm_world: MattermostWorld) -> None:
    world, fake, ids, driver = mm_world, mm_world.fake, mm_world.ids, mm_world.driver
    wait_for(lambda: fake.ws_connected(), what="the websocket (its hello tells the server's version)")
    number, channel_id = closed_incident(world)
    invitation = dm_post(world, "hugo", "sirene.review_open", "Post Incident Review")
    before = len(fake.dialogs_for(ids["hugo"]))
    assert driver.click(ids["hugo"], invitation, action(invitation, "sirene.review_open", number)).json() == {}
    dialog = latest_dialog(world, "hugo", before)
    assert section_of(dialog) == "administration" and "Section 1 of 12" in dialog.dialog["introduction_text"]
    assert element(dialog, "severity")["default"] == "Major" and element(dialog, "manager")["default"] == "Dries Maes"
    # The moves are a choice beside the one submit button: forward by default, then save and close.
    move = element(dialog, MOVE)
    assert move["type"] == "radio" and move["default"] == "next" and not move["optional"]
    assert [o["text"] for o in move["options"]] == ["Save and next ›", "Save and close"]
    assert dialog.dialog["submit_label"] == "Save"
    typed: dict[str, dict[str, Any]] = {}

    def submit(user: str, current: Dialog, values: dict[str, Any], move: str = "next") -> Dialog:
        typed.setdefault(section_of(current), {}).update(values)
        count = len(fake.dialogs_for(ids[user]))
        answer = driver.submit(ids[user], current, defaults(current, **values) | {MOVE: move}, channel_id)
        assert answer.status_code == 200 and answer.json().get("type") == "form", answer.text
        return latest_dialog(world, user, count)

    dialog = submit("hugo", dialog, {"customer_impact": "no", "incident_type": "outage",
                                     "other": "administration-other"})
    assert section_of(dialog) == "detection"
    assert [o["value"] for o in element(dialog, MOVE)["options"]] == ["next", "back", "close"]
    dialog = submit("hugo", dialog, answers(dialog))
    assert section_of(dialog) == "assessment"
    # Back to detection with what was typed in assessment (saved); the detection answers are there.
    dialog = submit("hugo", dialog, answers(dialog, " (draft)"), move="back")
    assert section_of(dialog) == "detection"
    assert element(dialog, "who_how")["default"] == "detection-who_how"
    dialog = submit("hugo", dialog, answers(dialog))
    assert section_of(dialog) == "assessment"
    assert element(dialog, "other_actions")["default"] == "assessment-other_actions (draft)"
    dialog = submit("hugo", dialog, answers(dialog))
    dialog = submit("hugo", dialog, answers(dialog))
    assert section_of(dialog) == "root_cause"
    # Save and close: the dialog closes, the user is told, the review message in the channel shows progress.
    typed["root_cause"] = answers(dialog)
    closed = driver.submit(ids["hugo"], dialog, defaults(dialog, **typed["root_cause"]) | {MOVE: "close"},
                           channel_id)
    assert closed.status_code == 200 and closed.json() == {}, closed.text
    wait_for(lambda: "5 of 12 sections done" in world.ephemeral_text("hugo"), what="the saved confirmation")
    progress = wait_for(lambda: world.post_with(channel_id, "5 of 12 sections done"), what="the progress")

    # An export now (review in progress), by the command and by the review message's button: Markdown and PDF.
    assert driver.slash(ids["lotte"], "export", channel_id).status_code == 200
    wait_for(lambda: len(fake.attached(channel_id)) == 2, what="the report files", timeout=20)
    assert sorted(name.rsplit(".", 1)[1] for name, _ in fake.attached(channel_id)) == ["md", "pdf"]
    pressed = driver.click(ids["dries"], progress, action(progress, "sirene.export", number))
    assert pressed.status_code == 200, pressed.text
    wait_for(lambda: len(fake.attached(channel_id)) == 4, what="the report files again", timeout=20)

    # Someone else resumes: the review opens at the first section not done.
    before = len(fake.dialogs_for(ids["lotte"]))
    assert driver.slash(ids["lotte"], "review", channel_id).status_code == 200
    dialog = latest_dialog(world, "lotte", before)
    assert section_of(dialog) == "prevention"
    # Too long (a crafted request: the web app stops at max_length): an error under that field, nothing saved.
    assert element(dialog, "lessons")["max_length"] == 3000
    refused = driver.submit(ids["lotte"], dialog, defaults(dialog, **answers(dialog)) | {"lessons": "x" * 3001},
                            channel_id, as_webapp=False)
    assert refused.status_code == 200 and set(refused.json()["errors"]) == {"lessons"}, refused.text
    assert "3000" in refused.json()["errors"]["lessons"]
    dialog = submit("lotte", dialog, answers(dialog) | {"fu1_text": "Alert on disk health", "fu1_owner": ids["lotte"],
                                                        "fu1_due": "2026-12-31 09:00"})
    while section_of(dialog) != "misc":
        dialog = submit("lotte", dialog, answers(dialog))
    typed["misc"] = answers(dialog)
    last = driver.submit(ids["lotte"], dialog, defaults(dialog, **typed["misc"]), channel_id)
    assert last.status_code == 200 and last.json() == {}, last.text
    wait_for(lambda: "is complete" in world.ephemeral_text("lotte"), what="the completion")
    assigned = dm_post(world, "lotte", "sirene.followup_done", "Alert on disk health")

    # Complete: the final report is posted, then the channel is archived.
    wait_for(lambda: fake.channels[channel_id].archived, what="the channel to be archived", timeout=20)
    final = [content for name, content in fake.attached(channel_id) if name.endswith(".pdf")][-1]
    text = pdf_text(final)
    for title in SECTION_TITLES:
        assert re.sub(r"\s+", "", title) in text, title
    for section, values in typed.items():
        for value in values.values():
            if isinstance(value, str) and value.startswith(section):
                assert re.sub(r"\s+", "", value) in text, value
    for words in ("Alert on disk health", "No mail for 40 staff", "Swapped the disk of mx1", "Restarted postfix on mx1",
                  "Queues held for an hour", "Service outage", "hash chain is intact"):
        assert re.sub(r"\s+", "", words) in text, words
    assert len(SECTION_TITLES) == len(SECTIONS)

    # The owner marks the follow-up done from the message; /incident followups no longer lists it.
    done = driver.click(ids["lotte"], assigned, action(assigned, "sirene.followup_done"))
    assert "Marked done" in done.json()["ephemeral_text"], done.text
    listed = driver.slash(ids["lotte"], "followups", world.general)
    assert "Alert on disk health" not in json.dumps(listed.json())
    # The channel is archived: an export asked for from elsewhere is refused with what to do instead.
    refused_export = driver.slash(ids["lotte"], f"export {number}", world.general)
    assert "sirene export" in json.dumps(refused_export.json())


def test_on_an_older_server_each_section_is_a_button_away(mm_world: MattermostWorld) -> None:
    """Mattermost before 11.1 closes a dialog whatever the answer: the next section comes as a button
    (the fake flags a next-form answer to a 9.11 server as a contract violation)."""
    world, fake, ids, driver = mm_world, mm_world.fake, mm_world.ids, mm_world.driver
    assert fake.server_version.startswith("9.")
    number, channel_id = closed_incident(world)
    invitation = dm_post(world, "hugo", "sirene.review_open", "Post Incident Review")
    dm_id = invitation.channel_id
    before = len(fake.dialogs_for(ids["hugo"]))
    driver.click(ids["hugo"], invitation, action(invitation, "sirene.review_open", number))
    dialog = latest_dialog(world, "hugo", before)
    typed = {"customer_impact": "yes", "incident_type": "outage", "other": "Saved on an older server"}
    answer = driver.submit(ids["hugo"], dialog, defaults(dialog, **typed), dm_id)
    assert answer.status_code == 200 and answer.json() == {}, answer.text

    def offered(section: str) -> Post:
        def probe() -> Post | None:
            for ephemeral in reversed(fake.ephemerals_for(ids["hugo"])):
                post = Post(new_id(), ephemeral.channel_id, fake.bot.id, ephemeral.message, 0, ephemeral.props)
                if any(a["integration"]["context"].get("value") == f"{number}|{section}" for a in post.actions()):
                    return post
            return None
        return wait_for(probe, what=f"a button to open {section}")

    following = offered("detection")
    assert "section 1 of 12 (Administration) saved" in following.text().replace("\\", "")  # Markdown escapes
    assert following.actions()[0]["name"] == "Open section 2 of 12: Detection"
    before = len(fake.dialogs_for(ids["hugo"]))
    driver.click(ids["hugo"], following, action(following, "sirene.review_open", f"{number}|detection"))
    dialog = latest_dialog(world, "hugo", before)
    assert section_of(dialog) == "detection"
    # Back: detection is saved, and the button opens administration with what was saved there.
    answer = driver.submit(ids["hugo"], dialog, defaults(dialog, **answers(dialog)) | {MOVE: "back"}, dm_id)
    assert answer.status_code == 200 and answer.json() == {}, answer.text
    previous = offered("administration")
    before = len(fake.dialogs_for(ids["hugo"]))
    driver.click(ids["hugo"], previous, action(previous, "sirene.review_open", f"{number}|administration"))
    dialog = latest_dialog(world, "hugo", before)
    assert section_of(dialog) == "administration"
    assert element(dialog, "other")["default"] == "Saved on an older server"
    wait_for(lambda: world.post_with(channel_id, "2 of 12 sections done"), what="the progress in the channel")
    # A move the dialog did not offer (a crafted request) is refused under the choice, nothing saved.
    forged = driver.submit(ids["hugo"], dialog, defaults(dialog) | {MOVE: "skip"}, dm_id)
    assert set(forged.json()["errors"]) == {MOVE}
