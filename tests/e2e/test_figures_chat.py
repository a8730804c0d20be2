"""``/incident stats`` on Slack: the key figures as an ephemeral answer, the chart uploaded through Slack's file
upload to the channel; refused to someone without a role and for a period that is none."""

from __future__ import annotations

import json
from datetime import UTC
from datetime import datetime

from tests.e2e.test_slack_story import IRP_MANAGER
from tests.e2e.test_slack_story import NUMBER
from tests.e2e.test_slack_story import OPERATOR
from tests.e2e.test_slack_story import ephemeral_texts
from tests.e2e.test_slack_story import report
from tests.e2e.test_slack_story import triage_message
from tests.e2e.world import EMPLOYEE
from tests.e2e.world import World
from tests.e2e.world import button
from tests.e2e.world import wait_for
from tests.fakes.slack.http_driver import SlackDriver

PNG = b"\x89PNG\r\n\x1a\n"


def test_stats_in_the_chat_with_a_chart(world: World, slack: SlackDriver) -> None:
    number = report(world, slack)
    triage = triage_message(world, number)
    slack.click(OPERATOR, world.helpdesk, triage.ts, button(triage, "sirene.classify", f"{NUMBER}|major"))
    channel = wait_for(lambda: world.fake.channel_by_name("inc-2026-0001-mail-server-down"), what="the channel")
    wait_for(lambda: {IRP_MANAGER, EMPLOYEE} <= set(world.fake.channel(channel.id).members), what="the invitations")
    today = datetime.now(UTC)  # the incident was reported now: it counts in this quarter
    quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"

    answer = slack.slash(IRP_MANAGER, f"stats {quarter}", channel.id)
    assert answer.status_code == 200
    text = json.dumps(answer.json()) + ephemeral_texts(world, IRP_MANAGER)
    assert f"Incident figures {quarter}" in text
    assert "Incidents" in text and "SLA kept" in text

    def chart() -> object | None:
        return next((f for f in world.fake.files.values() if f.completed and f.channel_id == channel.id), None)

    uploaded = wait_for(chart, what="the chart upload")
    assert uploaded.filename == f"incidents-{quarter}.png"  # type: ignore[attr-defined]
    assert uploaded.content.startswith(PNG) and len(uploaded.content) > 5_000  # type: ignore[attr-defined]
    assert uploaded.title == f"Incidents per month by severity, {quarter}"  # type: ignore[attr-defined]

    refused = slack.slash(EMPLOYEE, "stats", channel.id)
    assert "for people with a role in the plan" in json.dumps(refused.json()) + ephemeral_texts(world, EMPLOYEE)
    wrong = slack.slash(IRP_MANAGER, "stats next-week" + "x" * 500, channel.id)
    assert wrong.status_code == 200
    assert "is not a period" in json.dumps(wrong.json()) + ephemeral_texts(world, IRP_MANAGER)
    assert len([f for f in world.fake.files.values() if f.completed]) == 1


def test_the_home_tab_shows_my_overview(world: World, slack: SlackDriver) -> None:
    number = report(world, slack)
    triage = triage_message(world, number)
    slack.click(OPERATOR, world.helpdesk, triage.ts, button(triage, "sirene.classify", f"{NUMBER}|major"))
    wait_for(lambda: world.fake.channel_by_name("inc-2026-0001-mail-server-down"), what="the channel")

    answer = slack._event({"type": "app_home_opened", "user": IRP_MANAGER, "channel": "D0HOME", "tab": "home",
                           "event_ts": f"{world.fake.now():.6f}"})
    assert answer.status_code == 200
    home = wait_for(lambda: world.fake.home_tabs.get(IRP_MANAGER), what="the published Home tab")
    shown = json.dumps(home["blocks"], ensure_ascii=False)
    assert "Your Sirene overview" in shown and "Open incidents (1)" in shown
    assert f"{number} · Mail server down" in shown
    # The Messages tab is not the Home tab: nothing is published for it.
    slack._event({"type": "app_home_opened", "user": EMPLOYEE, "channel": "D0HOME2", "tab": "messages",
                  "event_ts": f"{world.fake.now():.6f}"})
    assert EMPLOYEE not in world.fake.home_tabs
