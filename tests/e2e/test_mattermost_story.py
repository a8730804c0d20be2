"""The whole story of #2 on Mattermost, over HTTP and the websocket, against a running Sirene and the
fake Mattermost: report → classify → private channel → logbook → reclassify → phases → deactivation."""

from __future__ import annotations

import json
import re

from tests.e2e.mattermost_world import MattermostWorld
from tests.e2e.mattermost_world import defaults
from tests.e2e.world import wait_for
from tests.fakes.mattermost.driver import action
from tests.fakes.mattermost.model import Post

NUMBER = "INC-2026-0001"


def report(world: MattermostWorld, title: str = "Mail server down") -> str:
    answer = world.driver.slash(world.ids["emma"], title, world.general)
    assert answer.status_code == 200, answer.text
    dialog = world.dialog("emma", "report")
    assert dialog.dialog["elements"][0]["default"] == title
    sent = world.driver.submit(world.ids["emma"], dialog, defaults(
        dialog, description="Nobody receives mail since 9:00", detected_at="2026-11-27 09:30",
        activities="email", reporter_kind="employee"), world.general)
    assert sent.status_code == 200 and sent.json() == {}, sent.text
    text = wait_for(lambda: world.ephemeral_text("emma"), what="the confirmation")
    numbers = [w.strip(".;*\\") for w in text.split() if w.strip("*\\").startswith("INC-")]
    assert numbers, text
    return numbers[0]


def classify(world: MattermostWorld, number: str, severity: str) -> str:
    triage = world.post_with(world.helpdesk, number)
    answer = world.driver.click(world.ids["dries"], triage, action(triage, "sirene.classify", f"{number}|{severity}"))
    assert answer.status_code == 200, answer.text
    # People are invited once Sirene has stored the channel; its first post there says so (as a person sees it).
    prefix = f"inc-{number[4:].lower()}"
    channel = wait_for(lambda: next((c for c in list(world.fake.channels.values())
                                     if c.name.startswith(prefix) and world.fake.bot_posts(c.id)), None),
                       what="the channel, with Sirene's first post")
    return channel.id


def logged(world: MattermostWorld, post: Post) -> bool:
    current = world.fake.posts[post.id]
    return any(r.emoji_name == "white_check_mark" and r.user_id == world.fake.bot.id for r in current.reactions)


def log_text(world: MattermostWorld, user: str, channel_id: str) -> str:
    """The whole logbook as ``/incident log`` shows it: its last page first, then every page before it."""
    answer = world.driver.slash(world.ids[user], "log", channel_id)
    assert answer.status_code == 200
    last = json.dumps(answer.json(), ensure_ascii=False)
    pages = re.search(r"Page (\d+) of (\d+)", last)
    if pages is None:
        return last
    earlier = []
    for page in range(1, int(pages.group(2))):
        shown = world.driver.slash(world.ids[user], f"log {page}", channel_id)
        assert shown.status_code == 200
        earlier.append(json.dumps(shown.json(), ensure_ascii=False))
    return "\n".join([*earlier, last])


def test_the_whole_incident_story_on_mattermost(mm_world: MattermostWorld) -> None:
    world, fake, ids = mm_world, mm_world.fake, mm_world.ids
    number = report(world)
    assert number == NUMBER
    channel_id = classify(world, number, "major")
    channel = fake.channels[channel_id]
    assert channel.is_private and channel.name == "inc-2026-0001-mail-server-down"
    invited = {ids[k] for k in ("dries", "hugo", "lotte", "hanne", "bram", "emma")}
    wait_for(lambda: invited <= fake.channels[channel_id].members, what="the invitations")
    wait_for(lambda: fake.channels[channel_id].header.startswith(f"{number} · 🟠 Major · Activation & handling"),
             what="the header")
    announcement = wait_for(lambda: next((p for p in fake.bot_posts(channel_id) if p.is_pinned), None),
                            what="the pinned announcement")
    checklist = wait_for(lambda: next((p for p in fake.bot_posts(channel_id) if _with(p, "sirene.check")), None),
                         what="the checklist")
    wait_for(lambda: f"~{channel.name}" in fake.posts[world.post_with(world.helpdesk, number).id].text(),
             what="the triage message to link the channel")

    # The logbook, through the websocket: a tagged message, its edit, a reaction.
    tagged = fake.user_post(ids["lotte"], channel_id, "!action Restarted postfix on mx1")
    wait_for(lambda: logged(world, tagged), what="the logbook confirmation")
    fake.user_edit(tagged.id, "!action Restarted postfix on mx1 and mx2")
    chat = fake.user_post(ids["hugo"], channel_id, "Failing over to the backup provider")
    fake.user_react(ids["dries"], chat.id, "memo")
    wait_for(lambda: logged(world, chat), what="the reaction to be logged")
    wait_for(lambda: "Restarted postfix on mx1 and mx2" in log_text(world, "lotte", channel_id), what="the edit")
    text = log_text(world, "lotte", channel_id)
    assert "Failing over to the backup provider" in text

    # The checklist: tick the first step.
    world.driver.click(ids["lotte"], checklist, action(checklist, "sirene.check", f"{number}|1"))
    wait_for(lambda: "✅" in fake.posts[checklist.id].text(), what="the ticked step")

    # Reclassify to crisis: the CMP is activated, its manager (resolved by e-mail) invited.
    assert world.driver.slash(ids["dries"], "severity crisis the mail outage now stops invoicing",
                              channel_id).status_code == 200
    wait_for(lambda: "🔴 Crisis" in fake.channels[channel_id].header, what="the header to show the crisis")
    wait_for(lambda: ids["marc"] in fake.channels[channel_id].members, what="the CMP manager")

    # Phases: to eradication by the announcement's button.
    current = fake.posts[announcement.id]
    world.driver.click(ids["dries"], current, action(current, "sirene.phase", f"{number}|eradication"))
    wait_for(lambda: "Eradication" in fake.channels[channel_id].header, what="the phase in the header")

    # Deactivation asks first (a confirmation dialog), then the right approvers only.
    current = wait_for(lambda: _with(fake.posts[announcement.id], "sirene.deactivate"), what="the button")
    answer = world.driver.click(ids["dries"], current, action(current, "sirene.deactivate", number))
    assert answer.status_code == 200 and answer.json() == {}
    confirm = world.dialog("dries", "sirene.confirm")
    assert confirm.dialog["elements"] == []
    assert world.driver.submit(ids["dries"], confirm, {}, channel_id).status_code == 200
    approval = wait_for(lambda: next((p for p in fake.bot_posts(channel_id) if _with(p, "sirene.approve")), None),
                        what="the approval request")
    approve = action(approval, "sirene.approve", f"{number}|1")
    refused = world.driver.click(ids["lotte"], approval, approve)
    assert "can only be approved or rejected by" in refused.json()["ephemeral_text"]
    world.driver.click(ids["hugo"], fake.posts[approval.id], approve)
    world.driver.click(ids["marc"], fake.posts[approval.id], approve)
    # Closed: the channel stays open for the Post Incident Review (archived once the review is complete).
    wait_for(lambda: "Closed" in fake.channels[channel_id].header, what="the header to say closed")
    wait_for(lambda: next((p for p in fake.bot_posts(channel_id) if _with(p, "sirene.review_open")), None),
             what="the review message")
    assert not fake.channels[channel_id].archived
    listed = world.driver.slash(ids["emma"], "list", world.general)
    assert number not in listed.json()["text"]


def _with(post: Post, name: str) -> Post | None:
    return post if any(a["integration"]["context"].get("action") == name for a in post.actions()) else None
