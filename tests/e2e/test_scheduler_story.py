"""The scheduler over HTTP against the fake Slack, with a plan whose durations are seconds: a reminder
fires, the escalation goes to the primary contact by direct message, the backup is paged when the primary
stays silent, and an acknowledgement stops the chain (and goes into the logbook)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.scheduler_world import IRP_BACKUP
from tests.e2e.scheduler_world import IRP_MANAGER
from tests.e2e.scheduler_world import OPERATOR
from tests.e2e.scheduler_world import classify
from tests.e2e.scheduler_world import direct
from tests.e2e.scheduler_world import direct_channel
from tests.e2e.scheduler_world import driver
from tests.e2e.scheduler_world import fast_plan
from tests.e2e.scheduler_world import make_world
from tests.e2e.scheduler_world import marked
from tests.e2e.scheduler_world import running
from tests.e2e.world import button
from tests.e2e.world import buttons
from tests.e2e.world import populate
from tests.e2e.world import wait_for
from tests.fakes.slack.server import FakeSlack

pytestmark = pytest.mark.slow


def test_reminder_escalation_backup_and_acknowledgement(fake_slack: FakeSlack, tmp_path: Path) -> None:
    fake = fake_slack
    helpdesk = populate(fake)
    plan = fast_plan(tmp_path / "plan.yaml", helpdesk, minor_sla="6s", acknowledge_within="4s")
    with running(fake, plan, f"sqlite:///{tmp_path / 'sirene.db'}", tmp_path / "sirene.log") as server, \
            driver(server, fake) as slack:
        world = make_world(fake, server, helpdesk)
        number, channel_id = classify(world, slack)

        # 50% of the SLA: a reminder in the channel, mentioning the owner.
        reminder = wait_for(lambda: marked(fake, channel_id, f"{number}:reminder:sla:50"), timeout=20,
                            what="the 50% reminder")[0]
        assert f"<@{OPERATOR}>" in json.dumps(reminder.blocks)

        # The SLA passes while minor: the IRP manager's primary contact and the owner are asked, by DM.
        primary = wait_for(lambda: direct(fake, IRP_MANAGER), timeout=20, what="the page to the primary")[0]
        wait_for(lambda: direct(fake, OPERATOR), what="the page to the owner")
        assert [b["action_id"].split(":")[0] for b in buttons(primary)][-1] == "sirene.ack"
        assert direct(fake, IRP_BACKUP) == []

        # The primary stays silent: after the wait, the backup contact is paged too.
        backup = wait_for(lambda: direct(fake, IRP_BACKUP), timeout=20, what="the page to the backup")[0]
        assert "did not acknowledge" in json.dumps(backup.blocks)

        # The backup acknowledges: the chain stops, every copy shows who, the logbook has it.
        backup_dm = direct_channel(fake, IRP_BACKUP)
        assert backup_dm is not None
        assert slack.click(IRP_BACKUP, backup_dm, backup.ts, button(backup, "sirene.ack")).status_code == 200
        wait_for(lambda: "Acknowledged by" in json.dumps(fake.message(backup_dm, backup.ts).blocks),  # type: ignore[union-attr]
                 what="the page to show the acknowledgement")
        timers = json.dumps(slack.slash(OPERATOR, "timers", channel_id).json())
        assert "RTO reached" in timers  # the RTO (weeks away) is still watched
        assert "Waiting for an acknowledgement" not in timers and "tell the Incident Response Manager" not in timers
        log = json.dumps(slack.slash(OPERATOR, "log", channel_id).json(), ensure_ascii=False)
        assert "acknowledged" in log and "Ellen Vermeulen (backup contact) paged" in log
        assert marked(fake, channel_id, "page:") == []  # the channel was never told "nobody answered"

        # The owner raises it to major from the page, with a reason.
        owner_page = direct(fake, OPERATOR)[0]
        owner_dm = direct_channel(fake, OPERATOR)
        assert owner_dm is not None
        raise_to_major = next(b for b in buttons(owner_page) if b.get("value", "").endswith("|raised"))
        slack.click(OPERATOR, owner_dm, owner_page.ts, raise_to_major["action_id"], raise_to_major["value"])
        form = wait_for(lambda: fake.last_view(OPERATOR), what="the reason form")
        assert slack.submit_view(OPERATOR, form.id, {"reason": "Still no mail after the SLA"}).status_code == 200
        wait_for(lambda: "Major" in fake.channel(channel_id).topic, what="the topic to show major")
