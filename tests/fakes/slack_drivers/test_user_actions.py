"""The same user actions over both transports, against the Bolt app: a slash command opens a modal, its
submission is refused then accepted, buttons, selects, pushed, updated and closed modals, posts, threads,
reactions, shortcuts and mentions reach the app, and no event leaves a channel the bot is not in."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime

from slack_sdk import WebClient

from tests.fakes.slack_drivers.bolt_app import note_modal
from tests.fakes.slack_drivers.conftest import ALICE
from tests.fakes.slack_drivers.conftest import BOB
from tests.fakes.slack_drivers.conftest import Bot


def test_declare_acknowledge_and_chat(bot: Bot, general: str) -> None:
    fake, driver = bot.fake, bot.driver
    assert bot.acked(driver.slash(ALICE, "db down", general))
    view = fake.last_view(ALICE)
    assert view is not None and view.callback_id == "declare" and view.private_metadata == "from-slash"

    rejected = driver.submit_view(ALICE, view.id, {"title": "db", "severity": "sev1"})
    assert bot.answer(rejected) == {"response_action": "errors", "errors": {"title_b": "Give a longer title"}}
    assert fake.last_view(ALICE) is view  # Slack keeps the modal open and shows the error

    started = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
    accepted = driver.submit_view(
        ALICE,
        view.id,
        {"title": "Database down", "severity": "sev1", "started": started, "roles": ["comms"], "commander": BOB},
    )
    assert bot.acked(accepted) and bot.answer(accepted) is None
    assert fake.last_view(ALICE) is None  # an empty ack closes the modal
    values = bot.seen.submissions[-1]
    assert values["started_b"]["started"] == {"type": "datetimepicker", "selected_date_time": 1767605400}
    assert values["roles_b"]["roles"]["selected_options"][0]["value"] == "comms"
    assert values["ic_b"]["commander"] == {"type": "users_select", "selected_user": BOB}

    incident = fake.channel_by_name("inc-database-down")
    assert incident is not None and ALICE in incident.members
    [announcement] = fake.messages(incident.id)
    assert announcement.text == "sev1: Database down"

    assert bot.acked(driver.click(ALICE, incident.id, announcement.ts, "ack_incident"))
    assert fake.messages(incident.id)[0].text == f"Acknowledged by <@{ALICE}>"

    ts, result = driver.post_message(ALICE, incident.id, "status please")
    assert result is not None and bot.acked(result)
    assert [m.text for m in fake.thread(incident.id, ts)] == ["All hands on deck"]

    assert bot.acked(driver.react(ALICE, incident.id, ts, "fire"))
    msg = fake.message(incident.id, ts)
    assert msg is not None and msg.reactions == {"fire": [ALICE], "eyes": [fake.bot_user_id]}

    assert bot.acked(driver.message_shortcut(ALICE, incident.id, ts, "summarize"))
    assert [e.text for e in fake.ephemerals_for(ALICE)] == ["Quoted: status please"]

    driver.post_message(BOB, general, f"<@{fake.bot_user_id}> help")
    assert bot.seen.mentions == [f"<@{fake.bot_user_id}> help"]


def test_modal_buttons_push_update_and_clear(bot: Bot, general: str) -> None:
    fake, driver = bot.fake, bot.driver
    driver.slash(ALICE, "", general, command="/note")
    root = fake.last_view(ALICE)
    assert root is not None and root.callback_id == "note"

    assert bot.acked(driver.select_in_view(ALICE, root.id, "kind", "decision", values={"note": "draft"}))
    picked = bot.seen.actions[-1]
    assert picked["container"] == {"type": "view", "view_id": root.id}
    assert picked["actions"][0]["selected_option"]["value"] == "decision"
    assert picked["view"]["state"]["values"]["note_b"]["note"] == {"type": "plain_text_input", "value": "draft"}

    assert bot.acked(driver.click_in_view(ALICE, root.id, "more"))
    pushed = fake.last_view(ALICE)
    assert pushed is not None and pushed.callback_id == "note_more"
    assert [v.id for v in fake.open_views(ALICE)] == [root.id, pushed.id]

    driver.submit_view(ALICE, pushed.id, {"note": "root cause: expired cert"})
    updated = fake.last_view(ALICE)
    assert updated is not None and updated.id == pushed.id and updated.callback_id == "note_done"

    driver.submit_view(ALICE, pushed.id, {"note": "done"})
    assert fake.open_views(ALICE) == []  # response_action=clear closes the whole stack


def test_select_in_a_message(bot: Bot, general: str) -> None:
    client = WebClient(base_url=bot.fake.api_url, token=bot.fake.bot_token)
    modal_like = note_modal("x", "x", with_button=True)["blocks"][1]
    ts = client.chat_postMessage(channel=general, text="What is it?", blocks=[modal_like])["ts"]
    assert bot.acked(bot.driver.select(ALICE, general, ts, "kind", "update"))
    body = bot.seen.actions[-1]
    assert body["container"]["message_ts"] == ts and body["message"]["ts"] == ts
    assert body["actions"][0]["selected_option"]["value"] == "update"
    assert body["state"]["values"]["more_b"]["kind"]["selected_option"]["value"] == "update"


def test_close_view_sends_view_closed_only_when_asked(bot: Bot, general: str) -> None:
    bot.driver.slash(ALICE, "", general)
    view = bot.fake.last_view(ALICE)
    assert view is not None
    result = bot.driver.close_view(ALICE, view.id)
    assert result is not None and bot.acked(result)
    assert bot.seen.closed[0]["view"]["id"] == view.id and bot.seen.closed[0]["is_cleared"] is False
    assert bot.fake.last_view(ALICE) is None


def test_events_are_not_sent_from_channels_without_the_bot(bot: Bot, general: str) -> None:
    elsewhere = bot.fake.add_channel("random", members=[ALICE], bot_is_member=False)
    ts, result = bot.driver.post_message(ALICE, elsewhere.id, "status?")
    assert result is None and bot.fake.message(elsewhere.id, ts) is not None
    assert [d for d in bot.driver.deliveries if d.kind == "event"] == []

