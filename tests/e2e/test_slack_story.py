"""The whole story on Slack, over HTTP, against a running Sirene and the fake Slack Web API:
report → classify → dedicated channel → logbook → reclassify → phases → approved deactivation."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC
from datetime import datetime

from tests.e2e.world import EMPLOYEE
from tests.e2e.world import World
from tests.e2e.world import button
from tests.e2e.world import buttons
from tests.e2e.world import wait_for
from tests.fakes.slack.http_driver import SlackDriver
from tests.fakes.slack.model import Message

OPERATOR, IRP_MANAGER, RESPONDER, CMP_MANAGER = "U0DRIES", "U0HUGO", "U0LOTTE", "U0MARC"
NUMBER = "INC-2026-0001"


def report(world: World, slack: SlackDriver) -> str:
    answer = slack.slash(EMPLOYEE, "Mail server down", world.fake.channel_by_name("general").id)  # type: ignore[union-attr]
    assert answer.status_code == 200
    view = wait_for(lambda: world.fake.last_view(EMPLOYEE), what="the report form")
    assert view.callback_id == "report"
    detected = int(datetime(2026, 11, 27, 8, 30, tzinfo=UTC).timestamp())
    submitted = slack.submit_view(EMPLOYEE, view.id, {
        "description": "Nobody receives mail since 9:00",
        "detected_at": detected,
        "activities": ["email"],
        "reporter_kind": "employee",
    })
    assert submitted.status_code == 200
    confirmation = submitted.json()
    assert confirmation["response_action"] == "update"
    numbers = [word.strip(".;") for word in json.dumps(confirmation["view"]).split() if word.startswith("INC-")]
    assert numbers, confirmation
    return numbers[0]


def triage_message(world: World, number: str) -> Message:
    return wait_for(lambda: next((m for m in world.messages(world.helpdesk) if number in (m.text or "")), None),
                    what="the triage message")


def incident_channel(world: World) -> str:
    channel = wait_for(lambda: world.fake.channel_by_name("inc-2026-0001-mail-server-down"), what="the channel")
    return channel.id


def first(world: World, channel_id: str, wanted: Callable[[Message], bool]) -> Message | None:
    return next((m for m in world.messages(channel_id) if wanted(m)), None)


def ephemeral_texts(world: World, user: str) -> str:
    return json.dumps([e.to_slack() for e in world.fake.ephemerals_for(user)])


def test_the_whole_incident_story(world: World, slack: SlackDriver) -> None:
    fake = world.fake
    number = report(world, slack)
    assert number == NUMBER
    triage = triage_message(world, number)
    assert [button(triage, "sirene.classify", f"{number}|{s}") for s in ("weak", "minor", "major", "crisis")]
    wait_for(lambda: fake.calls_to("conversations.open"), what="the reporter's confirmation DM")
    # The reporter, whom the plan does not name, is shown by their Slack name (users.info), not their id.
    assert "emma" in json.dumps(triage.blocks) and f"<@{EMPLOYEE}>" not in json.dumps(triage.blocks)

    # Someone outside the helpdesk cannot classify; the helpdesk operator can.
    slack.click(EMPLOYEE, world.helpdesk, triage.ts, button(triage, "sirene.classify", f"{number}|major"))
    wait_for(lambda: fake.ephemerals_for(EMPLOYEE), what="the refusal")
    assert "Only the Helpdesk Operator, the Helpdesk Manager or the Incident Response Manager can classify" \
        in ephemeral_texts(world, EMPLOYEE)
    assert fake.channel_by_name("inc-2026-0001-mail-server-down") is None
    slack.click(OPERATOR, world.helpdesk, triage.ts, button(triage, "sirene.classify", f"{number}|major"))
    channel_id = incident_channel(world)
    channel = fake.channel(channel_id)
    assert channel.is_private
    invited = {OPERATOR, IRP_MANAGER, RESPONDER, "U0HANNE", "U0BRAM", EMPLOYEE}
    wait_for(lambda: invited <= set(fake.channel(channel_id).members), what="the invitations")
    wait_for(lambda: fake.channel(channel_id).topic.startswith(f"{number} · 🟠 Major · Activation & handling"),
             what="the topic")
    announcement = wait_for(lambda: first(world, channel_id, lambda m: m.ts in fake.channel(channel_id).pins),
                            what="the pinned announcement")
    checklist = wait_for(lambda: first(world, channel_id, lambda m: "procedure" in (m.text or "").lower()),
                         what="the checklist")
    wait_for(lambda: "#inc-" in json.dumps(fake.message(world.helpdesk, triage.ts).blocks)  # type: ignore[union-attr]
             or channel_id in json.dumps(fake.message(world.helpdesk, triage.ts).blocks),  # type: ignore[union-attr]
             what="the triage message to say where the incident is handled")

    # The logbook: a tagged message, an edit, a reaction, the shortcut.
    tagged_ts, _ = slack.post_message(RESPONDER, channel_id, "!action Restarted postfix on mx1")
    wait_for(lambda: "white_check_mark" in (fake.message(channel_id, tagged_ts).reactions or {}),  # type: ignore[union-attr]
             what="the logbook confirmation")
    slack.edit_message(RESPONDER, channel_id, tagged_ts, "!action Restarted postfix on mx1 and mx2")
    chat_ts, _ = slack.post_message(IRP_MANAGER, channel_id, "Failing over to the backup provider")
    slack.react(OPERATOR, channel_id, chat_ts, "memo")
    wait_for(lambda: "white_check_mark" in (fake.message(channel_id, chat_ts).reactions or {}),  # type: ignore[union-attr]
             what="the reaction to be logged")
    other_ts, _ = slack.post_message(RESPONDER, channel_id, "DNS TTL lowered to 60s")
    slack.message_shortcut(OPERATOR, channel_id, other_ts, "add_to_logbook")
    wait_for(lambda: "white_check_mark" in (fake.message(channel_id, other_ts).reactions or {}),  # type: ignore[union-attr]
             what="the shortcut to be logged")
    log = slack.slash(RESPONDER, "log", channel_id)
    assert log.status_code == 200
    text = json.dumps(log.json())
    assert "Restarted postfix on mx1 and mx2" in text
    assert "Failing over to the backup provider" in text
    assert "DNS TTL lowered to 60s" in text

    # The checklist: tick the first step.
    slack.click(RESPONDER, channel_id, checklist.ts, button(checklist, "sirene.check", f"{number}|1"))
    wait_for(lambda: "✅" in json.dumps(fake.message(channel_id, checklist.ts).blocks, ensure_ascii=False),  # type: ignore[union-attr]
             what="the ticked step")

    # Reclassify to crisis: the CMP is activated, its team invited.
    assert slack.slash(OPERATOR, "severity crisis the mail outage now stops invoicing", channel_id).status_code == 200
    wait_for(lambda: "🔴 Crisis" in fake.channel(channel_id).topic, what="the topic to show the crisis")
    wait_for(lambda: CMP_MANAGER in fake.channel(channel_id).members, what="the CMP manager")

    # Phases: to eradication by the announcement's button.
    announcement = fake.message(channel_id, announcement.ts)  # type: ignore[assignment]
    slack.click(OPERATOR, channel_id, announcement.ts, button(announcement, "sirene.phase", f"{number}|eradication"))
    wait_for(lambda: "Eradication" in fake.channel(channel_id).topic, what="the phase in the topic")

    # Deactivation: requested by the owner; approvals by the IRP and CMP managers only.
    ts = announcement.ts
    announcement = wait_for(lambda: _with_button(fake.message(channel_id, ts), "sirene.deactivate"),
                            what="the deactivation button")
    slack.click(OPERATOR, channel_id, announcement.ts, button(announcement, "sirene.deactivate", number))
    approval = wait_for(lambda: first(world, channel_id, lambda m: bool(_with_button(m, "sirene.approve"))),
                        what="the approval request")
    approve = button(approval, "sirene.approve", f"{number}|1")
    slack.click(RESPONDER, channel_id, approval.ts, approve)
    wait_for(lambda: fake.ephemerals_for(RESPONDER), what="the refusal to a non-approver")
    assert "can only be approved or rejected by" in ephemeral_texts(world, RESPONDER)
    slack.click(IRP_MANAGER, channel_id, approval.ts, approve)
    slack.click(CMP_MANAGER, channel_id, approval.ts, approve)
    # Closed: the channel stays open for the Post Incident Review (archived once the review is complete).
    wait_for(lambda: "Closed" in fake.channel(channel_id).topic, what="the topic to say closed")
    wait_for(lambda: world.with_marker(channel_id, "Post Incident Review of"), what="the review message")
    assert not fake.channel(channel_id).archived
    listed = slack.slash(EMPLOYEE, "list", fake.channel_by_name("general").id)  # type: ignore[union-attr]
    assert number not in json.dumps(listed.json())


def _with_button(message: Message | None, action: str) -> Message | None:
    """``message`` when it (still) has a button for ``action``."""
    if message is not None and any(b["action_id"].split(":")[0] == action for b in buttons(message)):
        return message
    return None
