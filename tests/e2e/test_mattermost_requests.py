"""Requests as Mattermost sends them, good and bad: tokens, forged or expired buttons and dialogs, field
errors, a rate limit; and the websocket dropping (or Sirene restarting) in the middle of tagging actions."""

from __future__ import annotations

import time
from datetime import timedelta
from functools import partial

from handlers.mattermost.render_message import ACTION_PURPOSE
from handlers.mattermost.signing import Signer
from tests.e2e.mattermost_world import MattermostWorld
from tests.e2e.mattermost_world import defaults
from tests.e2e.test_mattermost_story import classify
from tests.e2e.test_mattermost_story import log_text
from tests.e2e.test_mattermost_story import logged
from tests.e2e.test_mattermost_story import report
from tests.e2e.world import wait_for
from tests.fakes.mattermost.driver import action


def test_a_wrong_command_token_gets_401_and_opens_nothing(mm_world: MattermostWorld) -> None:
    answer = mm_world.driver.slash(mm_world.ids["emma"], "Mail server down", mm_world.general, token="forged")
    assert answer.status_code == 401
    assert mm_world.fake.dialogs == []


def test_forged_altered_or_expired_buttons_get_403_and_change_nothing(mm_world: MattermostWorld) -> None:
    world, fake = mm_world, mm_world.fake
    number = report(world)
    triage = world.post_with(world.helpdesk, number)
    button = action(triage, "sirene.classify", f"{number}|minor")
    context = dict(button["integration"]["context"])
    altered = {**context, "value": f"{number}|crisis"}
    forged = Signer("not-the-key-" * 4).sign(ACTION_PURPOSE, {"action": "sirene.classify",
                                                              "value": f"{number}|crisis"}, timedelta(days=1))
    expired = Signer(world.env["SIRENE_SECRET_KEY"], clock=lambda: time.time() - 2 * 86400).sign(
        ACTION_PURPOSE, {"action": "sirene.classify", "value": f"{number}|crisis"}, timedelta(days=1))
    for bad in (altered, forged, expired, {}, {"action": "sirene.classify"}):
        assert world.driver.click(world.ids["dries"], triage, button, context=bad).status_code == 403
    assert fake.channel_named_like("inc-") is None
    assert world.driver.click(world.ids["dries"], triage, button).status_code == 200
    wait_for(lambda: fake.channel_named_like("inc-2026-0001"), what="the channel of the genuine click")


def test_a_dialog_state_forged_or_for_someone_else_gets_403(mm_world: MattermostWorld) -> None:
    world = mm_world
    world.driver.slash(world.ids["emma"], "Printer on fire", world.general)
    dialog = world.dialog("emma", "report")
    values = defaults(dialog, detected_at="2026-11-27 09:30", reporter_kind="employee", description="Smoke")
    assert world.driver.submit(world.ids["emma"], dialog, values, state="forged").status_code == 403
    assert world.driver.submit(world.ids["hugo"], dialog, values).status_code == 403
    assert world.fake.bot_posts(world.helpdesk) == []


def test_wrong_values_come_back_as_field_errors(mm_world: MattermostWorld) -> None:
    world = mm_world
    world.driver.slash(world.ids["emma"], "", world.general)
    dialog = world.dialog("emma", "report")
    answer = world.driver.submit(world.ids["emma"], dialog, defaults(dialog, detected_at="yesterday morning",
                                                                     description="x"), as_webapp=False)
    assert answer.status_code == 200
    assert set(answer.json()["errors"]) == {"detected_at"}
    answer = world.driver.submit(world.ids["emma"], dialog, defaults(dialog, detected_at="2026-11-27 09:30",
                                                                     reporter_kind="customer"), as_webapp=False)
    errors = answer.json()["errors"]
    assert set(errors) == {"title", "reporter_name"}
    assert all(0 < len(message) <= 150 for message in errors.values())
    assert world.fake.bot_posts(world.helpdesk) == []


def test_a_double_submission_reports_once(mm_world: MattermostWorld) -> None:
    world = mm_world
    world.driver.slash(world.ids["emma"], "VPN down", world.general)
    dialog = world.dialog("emma", "report")
    values = defaults(dialog, detected_at="2026-11-27 09:30", reporter_kind="employee", description="No tunnel")
    for _ in range(2):
        assert world.driver.submit(world.ids["emma"], dialog, values).status_code == 200
    world.post_with(world.helpdesk, "INC-2026-0001")
    time.sleep(0.5)  # give a (wrong) second triage message the chance to appear
    assert [p for p in world.fake.bot_posts(world.helpdesk) if "INC-2026-0002" in p.text()] == []


def test_a_rate_limit_delays_the_triage_message_without_losing_or_doubling_it(mm_world: MattermostWorld) -> None:
    world, fake = mm_world, mm_world.fake
    fake.fail_next("POST", "/posts", status=429, retry_after=1, times=2)
    number = report(world)
    triage = world.post_with(world.helpdesk, number)
    assert triage is not None
    time.sleep(0.5)
    assert len([p for p in fake.bot_posts(world.helpdesk) if number in p.text()]) == 1


def test_a_websocket_drop_in_the_middle_of_tagging_loses_nothing(mm_world: MattermostWorld) -> None:
    world, fake, ids = mm_world, mm_world.fake, mm_world.ids
    number = report(world)
    channel_id = classify(world, number, "minor")
    wait_for(lambda: ids["lotte"] in fake.channels[channel_id].members, what="the team")
    before = fake.user_post(ids["lotte"], channel_id, "!action Isolated mx1")
    wait_for(lambda: logged(world, before), what="the first action")
    edited = fake.user_post(ids["lotte"], channel_id, "!action Checked the queue")
    wait_for(lambda: logged(world, edited), what="the second action")

    fake.refuse_websocket = True
    fake.ws_disconnect()
    during = [fake.user_post(ids["lotte"], channel_id, f"!action Step {n} during the outage") for n in range(3)]
    fake.user_edit(edited.id, "!action Checked and flushed the queue")
    gone = fake.user_post(ids["bram"], channel_id, "!action Typo, ignore")
    reacted = fake.user_post(ids["hugo"], channel_id, "Customer notified by phone")
    fake.user_react(ids["dries"], reacted.id, "memo")
    fake.user_delete(gone.id)  # posted and deleted in the gap: never in the logbook
    fake.user_delete(before.id)  # logged before the gap, deleted in it: kept as deleted
    fake.refuse_websocket = False

    for post in (*during, reacted):
        wait_for(partial(logged, world, post), timeout=30, what=f"{post.message!r} after the gap")

    def with_edit_and_deletion() -> str | None:
        text = log_text(world, "lotte", channel_id)
        return text if text and "flushed" in text and "message deleted" in text else None

    text = wait_for(with_edit_and_deletion, timeout=15, what="the edit and deletion made during the gap")
    for n in range(3):
        assert text.count(f"Step {n} during the outage") == 1
    assert text.count("Customer notified by phone") == 1
    assert "Typo, ignore" not in text
    assert "Isolated mx1" not in text and text.count("message deleted") == 1


def test_a_restart_during_the_gap_loses_nothing(mm_world: MattermostWorld) -> None:
    world, fake, ids = mm_world, mm_world.fake, mm_world.ids
    number = report(world)
    channel_id = classify(world, number, "minor")
    wait_for(lambda: ids["lotte"] in fake.channels[channel_id].members, what="the team")
    first = fake.user_post(ids["lotte"], channel_id, "!action Before the restart")
    wait_for(lambda: logged(world, first), what="the first action")
    world.server.stop()
    missed = fake.user_post(ids["lotte"], channel_id, "!action While Sirene was down")
    world.server.start()
    wait_for(lambda: logged(world, missed), timeout=30, what="the action posted while Sirene was down")
    text = log_text(world, "lotte", channel_id)
    assert text.count("Before the restart") == 1 and text.count("While Sirene was down") == 1
