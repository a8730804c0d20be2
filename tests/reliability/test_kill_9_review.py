"""Fault 7 in the Post Incident Review: ``kill -9`` of Sirene in the middle of a review, twice, then a restart on the
same database and the review finished in the modal that stayed open in Slack across the restarts.

* First kill: two sections were submitted while Slack answers 500 to ``chat.update``, so the job that shows the
  progress on the review message is pending (failing and retried) when Sirene dies.
* Second kill: the section with a follow-up action was submitted while ``conversations.open`` fails, so the direct
  message to the follow-up's owner is pending when Sirene dies; the next section is open on screen.

After the third start the review is completed: every answer is stored exactly once with what was typed, the review
message says it is complete, the follow-up's owner got one message, no message is doubled (counted on the fake's
side), the logbook's hash chain verifies (``sirene logbook verify``) and ``sirene export`` writes the report."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func
from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

from storage.engine import make_engine
from storage.tables import JobRow
from tests.e2e.scheduler_world import IRP_MANAGER
from tests.e2e.scheduler_world import OPERATOR
from tests.e2e.scheduler_world import check_log
from tests.e2e.scheduler_world import direct
from tests.e2e.scheduler_world import driver
from tests.e2e.scheduler_world import fast_plan
from tests.e2e.scheduler_world import make_world
from tests.e2e.scheduler_world import marked
from tests.e2e.scheduler_world import marker_of
from tests.e2e.scheduler_world import reported
from tests.e2e.scheduler_world import start
from tests.e2e.scheduler_world import triage_message
from tests.e2e.server import REPO
from tests.e2e.server import SireneServer
from tests.e2e.test_slack_review import answers
from tests.e2e.test_slack_review import section_of
from tests.e2e.world import World
from tests.e2e.world import button
from tests.e2e.world import buttons
from tests.e2e.world import populate
from tests.e2e.world import wait_for
from tests.fakes.slack.http_driver import SlackDriver
from tests.fakes.slack.model import Message
from tests.fakes.slack.model import View
from tests.fakes.slack.server import FakeSlack
from tests.reliability.test_kill_9 import doubled

pytestmark = pytest.mark.slow

RESPONDER = "U0LOTTE"
FOLLOW_UP = "Alert on disk health"
SECTIONS = 12


def closed_incident(world: World, slack: SlackDriver) -> tuple[str, str]:
    """A minor incident, reported, classified and closed (its review opens): its number and channel."""
    fake = world.fake
    number = reported(world, slack)
    triage = triage_message(world, number)
    slack.click(OPERATOR, world.helpdesk, triage.ts, button(triage, "sirene.classify", f"{number}|minor"))
    channel = wait_for(lambda: next((c for c in list(fake.channels.values())
                                     if c.name.startswith(f"inc-{number[4:].lower()}")), None), what="the channel")
    wait_for(lambda: marked(fake, channel.id, f"{number}:checklist"), what="the checklist")
    assert slack.slash(OPERATOR, "deactivate", channel.id).status_code == 200
    approval = wait_for(lambda: next((m for m in fake.messages(channel.id) if any(
        b["action_id"].startswith("sirene.approve") for b in buttons(m))), None), what="the approval request")
    slack.click(IRP_MANAGER, channel.id, approval.ts, button(approval, "sirene.approve", f"{number}|1"))
    wait_for(lambda: review_messages(fake, channel.id, number), timeout=30, what="the review message")
    return number, channel.id


def review_messages(fake: FakeSlack, channel_id: str, number: str) -> list[Message]:
    return [m for m in fake.messages(channel_id) if m.bot_id and marker_of(m) == f"{number}:review"]


def shown(fake: FakeSlack, channel_id: str, number: str) -> str:
    [message] = review_messages(fake, channel_id, number)
    return message.text or ""


class Reviewer:
    """The IRP manager in the review modal; what was typed in each section."""

    def __init__(self, fake: FakeSlack, view: View) -> None:
        self.fake = fake
        self.view_id = view.id
        self.typed: dict[str, dict[str, Any]] = {}

    @property
    def section(self) -> str:
        return section_of(self.fake.view(self.view_id))

    def submit(self, slack: SlackDriver, extra: dict[str, Any] | None = None) -> dict[str, Any]:
        view = self.fake.view(self.view_id)
        values = answers(view) | (extra or {})
        self.typed[section_of(view)] = values
        answer = slack.submit_view(IRP_MANAGER, view.id, values)
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        return body


def nothing_due(database: str) -> bool:
    """No job is waiting to run now (the review's reminder, days ahead, does not count)."""
    engine = make_engine(database)
    try:
        with Session(engine) as session:
            due = session.exec(select(func.count()).select_from(JobRow).where(
                col(JobRow.done_at).is_(None), col(JobRow.not_before) <= datetime.now(UTC))).one()
        return due == 0
    finally:
        engine.dispose()


def waiting_to_retry(database: str, kind: str) -> bool:
    """A job of ``kind`` failed and waits for its next attempt: pending, not in flight (a job in flight at a kill
    would hold its incident's queue until its lease runs out, a delay these kills are not about)."""
    engine = make_engine(database)
    try:
        with Session(engine) as session:
            found = session.exec(select(JobRow).where(
                col(JobRow.kind) == kind, col(JobRow.done_at).is_(None), col(JobRow.leased_until).is_(None),
                col(JobRow.last_error).is_not(None))).first()
        return found is not None
    finally:
        engine.dispose()


@contextmanager
def restartable(fake: FakeSlack, plan: Path, database: str, folder: Path) -> Iterator[Callable[[str], SireneServer]]:
    """Start Sirene as often as needed on one database; whatever a failing test left running is killed."""
    started: list[SireneServer] = []

    def launch(name: str) -> SireneServer:
        server = start(fake, plan, database, folder / f"{name}.log")
        started.append(server)
        return server

    try:
        yield launch
    finally:
        for server in started:
            server.kill()  # nothing to do for one killed or stopped already


def cli(server: SireneServer, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=REPO, env=server.env, capture_output=True,
                          text=True, timeout=120, check=False)


def test_kill_9_in_the_middle_of_a_review_loses_and_doubles_nothing(
        fake_slack: FakeSlack, tmp_path: Path) -> None:
    fake = fake_slack
    helpdesk = populate(fake)
    plan = fast_plan(tmp_path / "plan.yaml", helpdesk, minor_sla="2h", reminders=())
    database = f"sqlite:///{tmp_path / 'sirene.db'}"

    with restartable(fake, plan, database, tmp_path) as launch:
        first = launch("first")
        with driver(first, fake) as slack:
            world = make_world(fake, first, helpdesk)
            number, channel_id = closed_incident(world, slack)
            wait_for(lambda: nothing_due(database), timeout=30, what="the closing's jobs to be done")
            [review_message] = review_messages(fake, channel_id, number)
            assert slack.slash(IRP_MANAGER, "review", channel_id).status_code == 200
            reviewer = Reviewer(fake, wait_for(lambda: fake.last_view(IRP_MANAGER), what="the review modal"))
            assert reviewer.section == "administration"
            fake.fail_next("chat.update", status=500, retry_after=None, times=1000)
            reviewer.submit(slack)
            reviewer.submit(slack)
            assert reviewer.section == "assessment"
            wait_for(lambda: [c for c in fake.calls_to("chat.update")
                              if c.http_status == 500 and c.args.get("ts") == review_message.ts],
                     timeout=20, what="the review message's update to be under way (and failing)")
            wait_for(lambda: waiting_to_retry(database, "review.refresh"), what="the update to wait for its retry")
        first.kill()  # kill -9: two sections stored, the review message still says 0 of 12
        fake.clear_faults("chat.update")
        assert "0 of 12" in shown(fake, channel_id, number)

        second = launch("second")
        with driver(second, fake) as slack:
            wait_for(lambda: "2 of 12" in shown(fake, channel_id, number), timeout=30,
                     what="the review message to catch up after the restart")
            while reviewer.section != "prevention":  # the modal opened before the kill is still on screen
                reviewer.submit(slack)
            fake.fail_next("conversations.open", status=500, retry_after=None, times=1000)
            due = int(datetime(2026, 12, 31, 9, 0, tzinfo=UTC).timestamp())
            reviewer.submit(slack, {"fu1_text": FOLLOW_UP, "fu1_owner": RESPONDER, "fu1_due": due})
            assert reviewer.section == "response"
            wait_for(lambda: [c for c in fake.calls_to("conversations.open")
                              if c.http_status == 500 and c.args.get("users") == RESPONDER],
                     timeout=20, what="the message to the follow-up's owner to be under way (and failing)")
            wait_for(lambda: waiting_to_retry(database, "followup.assigned"), what="the message to wait for its retry")
        second.kill()  # kill -9 again: six sections stored, the owner not told yet
        fake.clear_faults("conversations.open")
        assert direct(fake, RESPONDER, f"{number}:followup") == []

        third = launch("third")
        with driver(third, fake) as slack:
            while reviewer.section != "misc":
                reviewer.submit(slack)
            assert "complete" in str(reviewer.submit(slack))
            wait_for(lambda: fake.channel(channel_id).archived, timeout=60, what="the channel to be archived")
            wait_for(lambda: direct(fake, RESPONDER, f"{number}:followup"), timeout=30,
                     what="the follow-up's owner to be told")
            wait_for(lambda: nothing_due(database), timeout=30, what="every job to be done")
        third.stop()
    for server in (first, second, third):
        check_log(server)

    # Every answer once, as typed; every section saved; one follow-up action.
    with sqlite3.connect(tmp_path / "sirene.db") as db:
        stored = db.execute("select section, question, value from review_answer").fetchall()
        saved = {row[0] for row in db.execute("select section from review_section")}
        follow_ups = db.execute("select text, owner_id from follow_up").fetchall()
    assert len(reviewer.typed) == SECTIONS and saved == set(reviewer.typed)
    keys = [(section, question) for section, question, _ in stored]
    assert len(keys) == len(set(keys))
    values = {(section, question): value for section, question, value in stored}
    for section, typed in reviewer.typed.items():
        for name, value in typed.items():
            if isinstance(value, str) and value.startswith(section):
                assert values[(section, name)] == value, (section, name)
    assert follow_ups == [(FOLLOW_UP, RESPONDER)]

    # The chat: one review message, complete; one message to the owner; nothing doubled.
    assert "12 of 12" in shown(fake, channel_id, number)
    assert "Completed by" in str(review_messages(fake, channel_id, number)[0].blocks)
    assert len(direct(fake, RESPONDER, f"{number}:followup")) == 1
    assert len(direct(fake, IRP_MANAGER, f"{number}:review-invite")) == 1
    assert doubled(fake) == {}
    files = sorted(f.filename for f in fake.files.values() if f.completed and f.channel_id == channel_id)
    assert files == [f"{number}-report.md", f"{number}-report.pdf"], files

    # The logbook's chain holds, and the report is written with the review in it.
    verified = cli(third, "logbook", "verify", number)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    exported = cli(third, "export", number, "--output", str(tmp_path / "export"))
    assert exported.returncode == 0, exported.stdout + exported.stderr
    report = (tmp_path / "export" / f"{number}-report.md").read_text(encoding="utf-8")
    for words in (FOLLOW_UP, reviewer.typed["detection"]["who_how"], reviewer.typed["root_cause"]["cause_found"],
                  reviewer.typed["misc"]["notes"]):
        assert words.replace("_", "\\_") in report, words  # Markdown escapes the underscores
    assert (tmp_path / "export" / f"{number}-report.pdf").stat().st_size > 0
