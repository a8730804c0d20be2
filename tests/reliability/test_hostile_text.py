"""Text that tries to ping everyone, hide a link, format itself, reverse its direction or break a channel name
is shown as typed but inert, on Slack and on Mattermost; oversized or empty fields get a field error; never a
500. The assertions read what the fake platforms received from the bot."""

from __future__ import annotations

import json
import re
import time
from typing import Any

import pytest

from tests.e2e.mattermost_world import MattermostWorld
from tests.e2e.mattermost_world import defaults
from tests.e2e.scheduler_world import OPERATOR
from tests.e2e.scheduler_world import make_world
from tests.e2e.scheduler_world import triage_message
from tests.e2e.test_mattermost_story import classify as mm_classify
from tests.e2e.test_mattermost_story import logged
from tests.e2e.world import EMPLOYEE
from tests.e2e.world import World
from tests.e2e.world import button
from tests.e2e.world import wait_for
from tests.fakes.slack.block_state import build_state_values
from tests.fakes.slack.http_driver import SlackDriver
from tests.fakes.slack.interactions import build_view_submission
from tests.fakes.slack.interactions import view_with_state

pytestmark = pytest.mark.slow

HOSTILE = ("<!channel> <!here> @here @all @channel <https://evil.example|click> *bold* _it_ ~strike~ `code` "
           "[click](https://evil.example) \u202egnp.exe\u202c \x07\x1b[31m 🔥🦄 > quote")
"""Under the report title's 150 characters: every trick at once."""
TITLE = "Mail " + HOSTILE[:120]
LONG = "x" * 10_000
EMPTY_AFTER_STRIP = "  \u202e \x00 \t "
CHANNEL_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")
SLACK_LIVE = ("<!channel>", "<!here>", "<!everyone>", "<https://evil", "*bold*", "_it_", "`code`")
MM_LIVE = ("](https://evil", "**bold**", "`code`")
EVERYWHERE = ("\u202e", "\x07", "\x1b")
AT_WORD = re.compile(r"(?<![\w\u200d])@(here|all|channel|everyone)\b")


def live_in(text: str, live: tuple[str, ...]) -> list[str]:
    found = [piece for piece in (*live, *EVERYWHERE) if piece in text]
    return found + [m.group(0) for m in AT_WORD.finditer(text)]


# ---------------------------------------------------------------------------------------------------- Slack


def slack_said(world: World) -> str:
    """Everything the bot showed on Slack: messages, updates, ephemerals, topics, response_url posts (forms are
    left out: an input's prefilled value is shown as typed, never parsed)."""
    fake = world.fake
    sent = [c.args for c in list(fake.calls) if c.method in (
        "chat.postMessage", "chat.update", "chat.postEphemeral", "conversations.setTopic", "conversations.create",
        "conversations.setPurpose")]
    posts = [p.body for p in list(fake.response_url_posts)]
    return json.dumps([sent, posts], ensure_ascii=False)


def submit_crafted(slack: SlackDriver, user_id: str, view_id: str, values: dict[str, Any]) -> Any:
    """A view submission with what the Slack client would not let through (too long, blank): a crafted request."""
    fake = slack.fake
    view = fake.view(view_id).view
    state = build_state_values(list(view.get("blocks") or []), values, enforce_client_checks=False)
    payload = build_view_submission(fake, user_id=user_id, view=view_with_state(view, state),
                                    trigger_id=fake.new_trigger_id(user_id))
    return slack._interactive(payload)


def open_report_form(world: World, slack: SlackDriver, title: str) -> str:
    fake = world.fake
    seen = {view.id for view in list(fake.views.values())}
    general = fake.channel_by_name("general")
    assert general is not None
    assert slack.slash(EMPLOYEE, title, general.id).status_code == 200
    view = wait_for(lambda: next((v for v in fake.open_views(EMPLOYEE) if v.id not in seen), None),
                    what="the report form")
    return view.id


def report_values(title: str, description: str) -> dict[str, Any]:
    return {"title": title, "description": description, "detected_at": int(time.time()) - 60,
            "activities": ["email"], "reporter_kind": "employee"}


def test_hostile_text_is_echoed_inert_on_slack(world: World, slack: SlackDriver) -> None:
    fake = world.fake
    view_id = open_report_form(world, slack, TITLE)
    answer = slack.submit_view(EMPLOYEE, view_id, report_values(TITLE, HOSTILE + "\n" + HOSTILE))
    assert answer.status_code == 200
    number = next(w.strip(".;") for w in json.dumps(answer.json()).split() if w.startswith("INC-"))
    triage = triage_message(make_world(fake, world.server, world.helpdesk), number)
    slack.click(OPERATOR, world.helpdesk, triage.ts, button(triage, "sirene.classify", f"{number}|minor"))
    channel = wait_for(lambda: next((c for c in list(fake.channels.values())
                                     if c.name.startswith(f"inc-{number[4:].lower()}")), None), what="the channel")
    assert CHANNEL_NAME.match(channel.name), channel.name
    wait_for(lambda: fake.channel(channel.id).topic.startswith(number), what="the topic")
    tagged, _ = slack.post_message(OPERATOR, channel.id, "!action " + HOSTILE)
    wait_for(lambda: "white_check_mark" in (fake.message(channel.id, tagged).reactions or {}),  # type: ignore[union-attr]
             what="the hostile action to be logged")
    assert slack.slash(OPERATOR, "severity major " + HOSTILE, channel.id).status_code == 200
    wait_for(lambda: "Major" in fake.channel(channel.id).topic, what="the reclassification")
    log = slack.slash(OPERATOR, "log", channel.id)
    assert log.status_code == 200
    status = slack.slash(EMPLOYEE, f"status {number}", channel.id)
    assert status.status_code == 200

    said = slack_said(world) + log.text + status.text
    assert "\u2217bold\u2217" in said and "🔥🦄" in said, "the hostile text was not echoed at all"
    assert live_in(said, SLACK_LIVE) == []
    forms = json.dumps([c.args for c in list(fake.calls) if c.method.startswith("views.")], ensure_ascii=False)
    assert "<!channel>" in forms, "the title typed is prefilled in the form, as typed (an input value is inert)"
    assert [piece for piece in EVERYWHERE if piece in forms] == []
    assert live_in(fake.channel(channel.id).topic, SLACK_LIVE) == []


def test_oversized_and_empty_fields_get_field_errors_on_slack(world: World, slack: SlackDriver) -> None:
    fake = world.fake
    view_id = open_report_form(world, slack, LONG)
    assert len(json.dumps(fake.view(view_id).view)) < 9000, "the 10,000 characters went into the form"
    for title, description, field in ((LONG, "ok", "title"), ("Mail down", LONG, "description"),
                                      (EMPTY_AFTER_STRIP, "ok", "title")):
        answer = submit_crafted(slack, EMPLOYEE, view_id, report_values(title, description))
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["response_action"] == "errors" and field in json.dumps(body["errors"]), body
    assert not [m for m in fake.messages(world.helpdesk) if m.bot_id]

    view_id = open_report_form(world, slack, "Printer on fire")
    answer = slack.submit_view(EMPLOYEE, view_id, report_values("Printer on fire", "Smoke"))
    number = next(w.strip(".;") for w in json.dumps(answer.json()).split() if w.startswith("INC-"))
    triage = triage_message(make_world(fake, world.server, world.helpdesk), number)
    slack.click(OPERATOR, world.helpdesk, triage.ts, button(triage, "sirene.classify", f"{number}|minor"))
    channel = wait_for(lambda: next((c for c in list(fake.channels.values())
                                     if c.name.startswith(f"inc-{number[4:].lower()}")), None), what="the channel")
    wait_for(lambda: fake.channel(channel.id).topic.startswith(number), what="the topic")
    reason = slack.slash(OPERATOR, "severity major " + LONG, channel.id)
    assert reason.status_code == 200
    wait_for(lambda: "At most 1000 characters" in json.dumps([e.to_slack() for e in fake.ephemerals_for(OPERATOR)])
             + reason.text, what="the reason's field error")
    assert "Minor" in fake.channel(channel.id).topic
    tagged, _ = slack.post_message(OPERATOR, channel.id, "!action " + LONG)
    wait_for(lambda: "white_check_mark" in (fake.message(channel.id, tagged).reactions or {}),  # type: ignore[union-attr]
             what="the long action to be logged (cut)")
    unknown = slack.slash(EMPLOYEE, "status INC-2099-9999", channel.id)
    assert unknown.status_code == 200 and "INC-2099-9999" in unknown.text


# ---------------------------------------------------------------------------------------------------- Mattermost


def mm_said(world: MattermostWorld) -> str:
    posts = [p.text() for p in list(world.fake.posts.values()) if p.user_id == world.fake.bot.id]
    ephemerals = [e.text() for e in list(world.fake.ephemerals)]
    channels = [[c.name, c.display_name, c.header] for c in list(world.fake.channels.values())]
    return json.dumps([posts, ephemerals, channels], ensure_ascii=False)


def test_hostile_text_is_echoed_inert_on_mattermost(mm_world: MattermostWorld) -> None:
    world = mm_world
    emma = world.ids["emma"]
    assert world.driver.slash(emma, TITLE, world.general).status_code == 200
    dialog = world.dialog("emma", "report")
    sent = world.driver.submit(emma, dialog, defaults(dialog, title=TITLE, description=HOSTILE,
                                                      detected_at="2026-11-27 09:30", activities="email",
                                                      reporter_kind="employee"), world.general)
    assert sent.status_code == 200 and sent.json() == {}, sent.text
    text = wait_for(lambda: world.ephemeral_text("emma"), what="the confirmation")
    number = next(w.strip(".;*\\") for w in text.split() if w.strip("*\\").startswith("INC-"))
    channel_id = mm_classify(world, number, "minor")
    channel = world.fake.channels[channel_id]
    assert CHANNEL_NAME.match(channel.name), channel.name
    tagged = world.fake.user_post(world.ids["dries"], channel_id, "!action " + HOSTILE)
    wait_for(lambda: logged(world, tagged), what="the hostile action to be logged")
    assert world.driver.slash(world.ids["dries"], "severity major " + HOSTILE, channel_id).status_code == 200
    wait_for(lambda: any("Major" in p.text() for p in world.fake.bot_posts(channel_id)), what="the reclassification")
    log = world.driver.slash(world.ids["dries"], "log", channel_id)
    assert log.status_code == 200
    said = mm_said(world) + log.text
    assert "🔥🦄" in said, "the hostile text was not echoed at all"
    assert live_in(said, MM_LIVE) == [], said


def test_oversized_and_empty_fields_get_field_errors_on_mattermost(mm_world: MattermostWorld) -> None:
    world = mm_world
    emma = world.ids["emma"]
    assert world.driver.slash(emma, LONG, world.general).status_code == 200
    dialog = world.dialog("emma", "report")
    for title, description, field in ((LONG, "ok", "title"), ("Mail down", LONG, "description"),
                                      (EMPTY_AFTER_STRIP, "ok", "title")):
        answer = world.driver.submit(emma, dialog, defaults(dialog, title=title, description=description,
                                                            detected_at="2026-11-27 09:30", activities="email",
                                                            reporter_kind="employee"), world.general,
                                     as_webapp=False)
        assert answer.status_code == 200, answer.text
        assert field in answer.json().get("errors", {}), answer.text
    assert world.fake.bot_posts(world.helpdesk) == []
    unknown = world.driver.slash(emma, "status INC-2099-9999", world.general)
    assert unknown.status_code == 200 and "INC-2099-9999" in unknown.text
