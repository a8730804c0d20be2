"""``/incident merge INC-A INC-B`` against the fake Slack (#14): two incidents of one outage, each classified
with its own channel; the Incident Response Manager merges B into A. B's channel gets a pointer to A's and is
archived, A's channel is told, B's reporter is told and invited to A's (public) channel; a responder's attempt
is refused naming who may."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.scheduler_world import check_log
from tests.e2e.scheduler_world import direct
from tests.e2e.scheduler_world import driver
from tests.e2e.scheduler_world import marked
from tests.e2e.scheduler_world import running
from tests.e2e.test_report_storm import PACE
from tests.e2e.test_report_storm import report
from tests.e2e.world import EMPLOYEE
from tests.e2e.world import button
from tests.e2e.world import populate
from tests.e2e.world import wait_for
from tests.e2e.world import write_plan
from tests.fakes.slack.http_driver import SlackDriver
from tests.fakes.slack.model import Channel
from tests.fakes.slack.model import Message
from tests.fakes.slack.server import FakeSlack

OPERATOR = "U0DRIES"
IRP_MANAGER = "U0HUGO"
RESPONDER = "U0LOTTE"


def classify(fake: FakeSlack, slack: SlackDriver, helpdesk: str, number: str) -> Channel:
    value = f"{number}|minor"
    line: Message = wait_for(lambda: next((m for m in fake.messages(helpdesk)
                                           if m.bot_id and value in json.dumps(m.blocks)), None),
                             what=f"the triage line of {number}")
    slack.click(OPERATOR, helpdesk, line.ts, button(line, "sirene.classify", value))
    # People are invited once Sirene has stored the channel; its first post there says so (as a person sees it).
    prefix = f"inc-{number[4:].lower()}"
    channel: Channel = wait_for(lambda: next((c for c in list(fake.channels.values()) if c.name.startswith(prefix)
                                              and any(m.bot_id for m in fake.messages(c.id))), None),
                                what="its channel, with Sirene's first post")
    return channel


def test_the_incident_response_manager_merges_two_incidents(fake_slack: FakeSlack, tmp_path: Path) -> None:
    fake = fake_slack
    helpdesk = populate(fake)
    plan = write_plan(tmp_path / "plan.yaml", helpdesk)
    with running(fake, plan, f"sqlite:///{tmp_path / 'sirene.db'}", tmp_path / "sirene.log", (), **PACE) as server, \
            driver(server, fake) as slack:
        kept = report(fake, slack, RESPONDER, "Mail server down")
        merged = report(fake, slack, EMPLOYEE, "Outlook cannot connect")
        kept_channel = classify(fake, slack, helpdesk, kept)
        merged_channel = classify(fake, slack, helpdesk, merged)
        wait_for(lambda: fake.messages(merged_channel.id), what="the merged incident's channel message")
        refused = slack.slash(RESPONDER, f"merge {kept} {merged}", helpdesk)
        shown = json.dumps(refused.json()) + json.dumps([e.to_slack() for e in fake.ephemerals_for(RESPONDER)])
        assert "Only the Incident Response Manager or the Helpdesk Manager" in shown
        assert slack.slash(IRP_MANAGER, f"merge {kept} {merged}", helpdesk).status_code == 200
        wait_for(lambda: fake.channels[merged_channel.id].archived, what="the merged channel archived")
        pointer = marked(fake, merged_channel.id, f"{merged}:merged")
        assert len(pointer) == 1 and kept_channel.id in json.dumps(pointer[0].blocks)
        told = wait_for(lambda: direct(fake, EMPLOYEE, f"{merged}:merged:{EMPLOYEE}"), what="the reporter told")
        assert kept in json.dumps(told[0].blocks)
        wait_for(lambda: EMPLOYEE in fake.channels[kept_channel.id].members, what="the reporter invited")
        wait_for(lambda: any(merged in json.dumps(m.blocks) and m.bot_id for m in fake.messages(kept_channel.id)),
                 what="the kept incident's channel told")
    check_log(server)
    assert fake.violations == []
