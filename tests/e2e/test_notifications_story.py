"""The legal clocks and the communication plan end to end on the fake Slack and a real SMTP server: the IRP
manager marks a personal data breach whose awareness lies almost 72 hours back, the reminder and the page come
at once (the law's hours cannot be shortened in a plan, so awareness is moved backwards instead of the clock
forwards), the deadline leaves an overdue state, the submission is recorded, and it is in the logbook and the
incident report; customers are informed by e-mail."""

from __future__ import annotations

import json
import secrets
import time
from pathlib import Path

import pytest
import yaml

from tests.e2e.scheduler_world import IRP_MANAGER
from tests.e2e.scheduler_world import classify
from tests.e2e.scheduler_world import direct
from tests.e2e.scheduler_world import driver
from tests.e2e.scheduler_world import fast_plan
from tests.e2e.scheduler_world import make_world
from tests.e2e.scheduler_world import marked
from tests.e2e.scheduler_world import running
from tests.e2e.test_slack_review import uploaded
from tests.e2e.world import populate
from tests.e2e.world import wait_for
from tests.fakes.slack.server import FakeSlack
from tests.fakes.smtp import MailServer

pytestmark = pytest.mark.slow

LEFT = 6
"""Seconds between marking the breach and its 72-hour deadline."""


def test_a_breach_reminded_overdue_recorded_and_exported(fake_slack: FakeSlack, tmp_path: Path) -> None:
    fake = fake_slack
    helpdesk = populate(fake)
    plan = fast_plan(tmp_path / "plan.yaml", helpdesk, minor_sla="1h")
    with running(fake, plan, f"sqlite:///{tmp_path / 'sirene.db'}", tmp_path / "sirene.log") as server, \
            driver(server, fake) as slack:
        world = make_world(fake, server, helpdesk)
        number, channel_id = classify(world, slack)

        # The IRP manager marks a personal data breach, aware since almost 72 hours.
        assert slack.slash(IRP_MANAGER, "notify gdpr", channel_id).status_code == 200
        form = wait_for(lambda: fake.last_view(IRP_MANAGER), what="the breach form")
        aware = int(time.time()) - 72 * 3600 + LEFT
        answer = slack.submit_view(IRP_MANAGER, form.id, {"aware_at": aware, "high_risk": "no",
                                                          "facts": "Mailbox of the sales team exported"})
        assert answer.status_code == 200 and answer.text in ("", "{}"), answer.text

        # Less than 8 hours are left: the reminder in the channel and the page to the IRP manager, at once.
        reminder = wait_for(lambda: marked(fake, channel_id, f"{number}:notify:gdpr_authority:reminder"),
                            timeout=20, what="the reminder")[0]
        assert "GDPR art. 33(1)" in json.dumps(reminder.blocks)
        page = wait_for(lambda: direct(fake, IRP_MANAGER), what="the page to the IRP manager")[0]
        assert "Legal notification due" in json.dumps(page.blocks)

        # The deadline passes: the channel is told, the summary shows it overdue.
        wait_for(lambda: marked(fake, channel_id, f"{number}:notify:gdpr_authority:overdue"), timeout=20,
                 what="the overdue notice")
        summary = marked(fake, channel_id, f"{number}:announcement")[0]
        wait_for(lambda: "OVERDUE" in json.dumps(fake.message(channel_id, summary.ts).blocks),  # type: ignore[union-attr]
                 what="the summary to show the overdue notification")

        # The submission is recorded: the clock stops, the logbook and the report have it.
        assert slack.slash(IRP_MANAGER, "notify submitted", channel_id).status_code == 200
        form = wait_for(lambda: (v if (v := fake.last_view(IRP_MANAGER)) is not None
                                 and v.callback_id == "notify_submit" else None), what="the submission form")
        done = slack.submit_view(IRP_MANAGER, form.id, {"step": "gdpr_authority", "submitted_at": int(time.time()),
                                                        "reference": "APD-2026-0042"})
        assert done.status_code == 200, done.text
        wait_for(lambda: "APD-2026-0042" in json.dumps(fake.message(channel_id, summary.ts).blocks),  # type: ignore[union-attr]
                 what="the summary to show the submission")
        log = json.dumps(slack.slash(IRP_MANAGER, "log", channel_id).json(), ensure_ascii=False)
        assert "marked the incident as a personal data breach" in log and "APD-2026-0042" in log
        overview = json.dumps(slack.slash(IRP_MANAGER, "notify", channel_id).json(), ensure_ascii=False)
        assert "submitted" in overview and "OVERDUE" not in overview

        assert slack.slash(IRP_MANAGER, "export", channel_id).status_code == 200
        files = wait_for(lambda: (f if len(f := uploaded(world, channel_id)) == 2 else None), what="the report")
        markdown = (next(f for f in files if f.filename.endswith(".md")).content or b"").decode("utf-8")
        assert "Notifications to the authorities" in markdown and "APD-2026-0042" in markdown


def test_customers_informed_by_e_mail_through_the_mail_server(fake_slack: FakeSlack, tmp_path: Path,
                                                              mail_server: MailServer) -> None:
    fake = fake_slack
    helpdesk = populate(fake)
    plan = fast_plan(tmp_path / "plan.yaml", helpdesk, minor_sla="1h")
    data = yaml.safe_load(plan.read_text(encoding="utf-8"))
    data["external_contacts"] = [{"name": "Brouwerij De Klok", "kind": "customer",
                                  "primary": {"name": "An", "email": "an@deklok.example"},
                                  "backup": {"name": "Bert", "email": "bert@deklok.example"}}]
    data["communication"] = {"audiences": {"customers": {"from_severity": "minor", "templates": {
        "en": {"subject": "{organisation}: {title}", "body": "Dear customer, we are working on it ({number})."}}}}}
    plan.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with running(fake, plan, f"sqlite:///{tmp_path / 'sirene.db'}", tmp_path / "sirene.log",
                 SIRENE_SMTP_URL=mail_server.url(), SIRENE_MAIL_FROM="sirene@voorbeeld.example",
                 SIRENE_PUBLIC_URL="https://sirene.example.be", SIRENE_SECRET_KEY=secrets.token_hex(24)) as server, \
            driver(server, fake) as slack:
        world = make_world(fake, server, helpdesk)
        number, channel_id = classify(world, slack)
        summary = wait_for(lambda: marked(fake, channel_id, f"{number}:announcement"), what="the summary")[0]
        wait_for(lambda: "to inform" in json.dumps(fake.message(channel_id, summary.ts).blocks),  # type: ignore[union-attr]
                 what="customers listed as to inform")

        assert slack.slash(IRP_MANAGER, "inform customers", channel_id).status_code == 200
        form = wait_for(lambda: (v if (v := fake.last_view(IRP_MANAGER)) is not None and v.callback_id == "inform"
                                 else None), what="the inform form")
        assert slack.submit_view(IRP_MANAGER, form.id, {"method": "email"}).status_code == 200

        message = mail_server.wait_for(1)[0]
        assert message["To"] == "an@deklok.example" and message["Subject"].endswith(": Mail server down")
        plain = message.get_body(("plain",))
        assert plain is not None and f"Dear customer, we are working on it ({number})." in plain.get_content()
        assert message["Message-ID"].endswith("@sirene.example.be>")
        wait_for(lambda: "informed by" in json.dumps(fake.message(channel_id, summary.ts).blocks),  # type: ignore[union-attr]
                 what="customers shown as informed")
        log = json.dumps(slack.slash(IRP_MANAGER, "log", channel_id).json(), ensure_ascii=False)
        assert "informed Customers by e-mail (an@deklok.example)" in log and "we are working on it" in log
