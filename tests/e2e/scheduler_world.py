"""The workspace of the scheduler's end-to-end tests: a plan whose durations are seconds, Sirene processes
that can be stopped and started again on one database, and ways to read what the bot posted."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from tests.e2e.server import REPO
from tests.e2e.server import SireneServer
from tests.e2e.test_slack_story import triage_message
from tests.e2e.world import EMPLOYEE
from tests.e2e.world import SIGNING_SECRET
from tests.e2e.world import World
from tests.e2e.world import button
from tests.e2e.world import populate
from tests.e2e.world import sirene_env
from tests.e2e.world import wait_for
from tests.e2e.world import write_plan
from tests.fakes.slack.http_driver import SlackDriver
from tests.fakes.slack.model import Message
from tests.fakes.slack.server import FakeSlack

OPERATOR, IRP_MANAGER, IRP_BACKUP = "U0DRIES", "U0HUGO", "U0ELLEN"
MARKER = "sirene:"


def fast_plan(path: Path, helpdesk: str, minor_sla: str = "8s", reminders: tuple[str, ...] = ("50%", "100%"),
              acknowledge_within: str = "off") -> Path:
    """The example plan with seconds for minutes: a minor incident's SLA of ``minor_sla``, no status prompts."""
    example: dict[str, Any] = yaml.safe_load((REPO / "plan.example.yaml").read_text(encoding="utf-8"))
    severities, activities = example["severities"], example["activities"]
    severities["minor"]["resolve_within"] = minor_sla
    for policy in severities.values():
        policy.pop("status_updates", None)
    for activity in activities:
        activity["rto"] = "30d"  # the reports say "noticed this morning": keep the RTO out of these stories
    return write_plan(path, helpdesk, severities=severities, activities=activities,
                      timers={"reminders": list(reminders), "acknowledge_within": acknowledge_within},
                      upkeep={"yearly_on": None, "after_incident": "off"})


def start(fake: FakeSlack, plan: Path, database: str, log: Path, **extra: str) -> SireneServer:
    return SireneServer(sirene_env(fake, plan, database, SIRENE_LATE_AFTER_SECONDS="2", **extra), log).start()


LOST_ANSWER = "slack_sdk.web.base_client: Failed to send a request to Slack API server: Remote end closed"
"""What slack_sdk logs (as an error) when Slack's answer is lost; Sirene retries the job."""


def check_log(server: SireneServer, expected_errors: tuple[str, ...] = ()) -> None:
    text = server.log()
    errors = [line for line in text.splitlines()
              if " ERROR " in line and not any(allowed in line for allowed in expected_errors)]
    assert "Traceback" not in text and errors == [], text


@contextmanager
def running(fake: FakeSlack, plan: Path, database: str, log: Path, expected_errors: tuple[str, ...] = (),
            **extra: str) -> Iterator[SireneServer]:
    server = start(fake, plan, database, log, **extra)
    try:
        yield server
    finally:
        server.stop()
    check_log(server, expected_errors)


def driver(server: SireneServer, fake: FakeSlack) -> SlackDriver:
    return SlackDriver(f"{server.url}/slack/events", SIGNING_SECRET, fake)


def marker_of(message: Message) -> str:
    """The neutral spec's marker of a bot message, without the job that posted it."""
    blocks = message.blocks or []
    block_id = str(blocks[0].get("block_id", "")) if blocks else ""
    return block_id.removeprefix(MARKER).partition("@")[0] if block_id.startswith(MARKER) else ""


def marked(fake: FakeSlack, channel_id: str, prefix: str) -> list[Message]:
    return [m for m in fake.messages(channel_id) if m.bot_id and marker_of(m).startswith(prefix)]


def direct_channel(fake: FakeSlack, user_id: str) -> str | None:
    return next((c.id for c in list(fake.channels.values()) if c.is_im and c.im_user == user_id), None)


def direct(fake: FakeSlack, user_id: str, prefix: str = "page:") -> list[Message]:
    channel_id = direct_channel(fake, user_id)
    return marked(fake, channel_id, prefix) if channel_id else []


def every_bot_message(fake: FakeSlack) -> list[Message]:
    return [m for c in list(fake.channels.values()) for m in fake.messages(c.id) if m.bot_id]


def report(world: World, slack: SlackDriver, title: str) -> str:
    """An employee reports an incident noticed just now; its number."""
    fake = world.fake
    seen = {view.id for view in list(fake.views.values())}
    general = fake.channel_by_name("general")
    assert general is not None
    assert slack.slash(EMPLOYEE, title, general.id).status_code == 200
    view = wait_for(lambda: next((v for v in fake.open_views(EMPLOYEE) if v.id not in seen), None),
                    what="the report form")
    answer = slack.submit_view(EMPLOYEE, view.id, {"description": "Seen just now",
                                                    "detected_at": int(time.time()) - 60,
                                                    "activities": ["email"], "reporter_kind": "employee"})
    found = [w.strip(".;") for w in json.dumps(answer.json()).split() if w.startswith("INC-")]
    assert found, answer.text
    return found[0]


def reported(world: World, slack: SlackDriver, title: str = "Mail server down") -> str:
    """Report an incident and wait until its triage message is out; its number."""
    number = report(world, slack, title)
    triage_message(world, number)
    # The reporter's confirmation is queued before the triage message (it never waits for the helpdesk's pace);
    # a click racing the triage job's save is read again and applied (``bot.usecases.classify``).
    wait_for(lambda: direct(world.fake, EMPLOYEE, f"{number}:received"), what="the reporter's confirmation")
    return number


def classify(world: World, slack: SlackDriver, severity: str = "minor", title: str = "Mail server down",
             number: str | None = None) -> tuple[str, str]:
    """Classify a reported incident (reporting one first when no ``number``): its number and its channel."""
    number = number or reported(world, slack, title)
    triage = triage_message(world, number)
    slack.click(OPERATOR, world.helpdesk, triage.ts, button(triage, "sirene.classify", f"{number}|{severity}"))
    # People are invited once Sirene has stored the channel; its first post there says so (as a person sees it).
    prefix = f"inc-{number[4:].lower()}"
    channel = wait_for(lambda: next((c for c in list(world.fake.channels.values()) if c.name.startswith(prefix)
                                     and any(m.bot_id for m in world.fake.messages(c.id))), None),
                       what="the channel, with Sirene's first post")
    return number, channel.id


def make_world(fake: FakeSlack, server: SireneServer, helpdesk: str) -> World:
    return World(fake, helpdesk, server)


def passed(moment: float) -> bool:
    """Wall-clock time reached ``moment`` (a downtime lasts until then)."""
    return time.time() >= moment


__all__ = ["IRP_BACKUP", "IRP_MANAGER", "OPERATOR", "populate"]
