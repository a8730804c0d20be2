"""``/incident merge INC-A INC-B`` (#14): B's logbook is copied into A's in time order (both hash chains stay
intact), B is closed as joined to A with its timers stopped, its channel gets a pointer and is archived, A's
channel is told, B's reporters are told and invited to A's public channel, and A's report export shows it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from bot.core import Notice
from bot.domain.incident import MessageRef
from bot.domain.timer import NOTIFICATION_KINDS
from bot.exports.incident_report import incident_report
from bot.exports.markdown import render_markdown
from bot.ports import UnitOfWorkFactory
from bot.usecases.command import run_command
from bot.usecases.exports import load_report
from bot.usecases.exports import verify_logbook
from bot.usecases.logbook import record_tagged
from bot.usecases.queries import show_help
from bot.views.storm_card import storm_card
from storage.engine import make_engine
from storage.migrate import upgrade
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.core.harness import EMPLOYEE
from tests.core.harness import HELPDESK
from tests.core.harness import HELPDESK_MANAGER
from tests.core.harness import IRP_MANAGER
from tests.core.harness import OPERATOR
from tests.core.harness import RESPONDER
from tests.core.harness import Harness
from tests.core.harness import text_of
from tests.core.scheduling import channel
from tests.core.scheduling import classify
from tests.core.scheduling import english_harness
from tests.core.scheduling import text


@pytest.fixture
def h(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> Harness:
    return english_harness(uow_factory, tmp_path)


def two_incidents(h: Harness) -> tuple[str, str]:
    """Two classified incidents of one outage, each with its channel and a line in its logbook."""
    kept = h.report("Mail server down", reporter=RESPONDER, key="kept")
    merged = h.report("Outlook cannot connect", reporter=EMPLOYEE, key="merged")
    h.run_jobs()
    assert classify(h, kept, "minor") is None
    assert classify(h, merged, "minor") is None
    h.run_jobs()
    return kept, merged


def logbook(h: Harness, number: str) -> list[str]:
    incident_id = h.incident(number).id
    assert incident_id is not None
    with h.core.uow() as uow:
        return [entry.text for entry in uow.logbook.entries(incident_id, 500)]


def pending_timers(h: Harness, number: str) -> list[str]:
    with h.core.uow() as uow:
        return [t.kind for t in uow.timers.pending(h.incident(number).id) if t.kind not in NOTIFICATION_KINDS]


def test_merging_copies_the_logbook_closes_the_other_and_tells_everyone(h: Harness) -> None:
    kept, merged = two_incidents(h)
    merged_log = logbook(h, merged)
    assert pending_timers(h, merged)  # the minor incident's clocks run
    answer = text_of(run_command(h.core, h.actor(IRP_MANAGER, HELPDESK), f"merge {kept} {merged}"))
    assert f"{merged} is merged into {kept}" in answer
    h.run_jobs()
    gone = h.incident(merged)
    assert not gone.is_open and gone.duplicate_of == kept and h.incident(kept).is_open
    assert pending_timers(h, merged) == []
    kept_log = logbook(h, kept)
    copied = [line for line in kept_log if line.startswith(f"[{merged} #")]
    assert [line.split("] ", 1)[1] for line in copied] == merged_log  # every entry of B, marked, in time order
    assert any(line.startswith(f"Merged from {merged}") for line in kept_log)
    assert f"merged {merged} into this incident" in kept_log[-1]
    assert logbook(h, merged)[:len(merged_log)] == merged_log  # B's own logbook is left as written
    assert f"merged this incident into {kept}" in logbook(h, merged)[-1]
    for number in (kept, merged):
        verdict = verify_logbook(h.core, number)
        assert verdict is not None and verdict.intact, number
    merged_channel, kept_channel = channel(h, merged), channel(h, kept)
    assert h.chat.channels[merged_channel]["archived"] is True
    pointer = [m for m in h.chat.in_channel(merged_channel) if (m.spec.marker or "").startswith(f"{merged}:merged@")]
    assert len(pointer) == 1 and kept in text(pointer[0].spec)
    assert any("into this incident" in text(m.spec) and merged in text(m.spec)
               for m in h.chat.in_channel(kept_channel))
    told = [spec for spec in h.chat.direct_to(EMPLOYEE)
            if (spec.marker or "").startswith(f"{merged}:merged:{EMPLOYEE}@")]
    assert len(told) == 1 and kept in text(told[0])
    members = h.chat.channels[kept_channel]["members"]
    assert isinstance(members, set) and EMPLOYEE in members  # a minor incident's channel is public
    data = load_report(h.core, kept)
    assert data is not None
    exported = render_markdown(incident_report(h.core.team_translator(), h.core.plan, h.core.directory, data,
                                               h.clock.now()))
    assert f"Merged from {merged}" in exported and f"merged {merged} into this incident" in exported


def test_the_combined_logbook_reads_in_time_order_each_line_of_the_other_marked(h: Harness) -> None:
    kept, merged = two_incidents(h)
    said = []
    for n in range(4):  # the two teams log in turn, a minute apart
        h.clock.advance(minutes=1)
        number = (kept, merged)[n % 2]
        ref = MessageRef(channel(h, number), f"17000000{n}0.000100")
        assert record_tagged(h.core, "slack", ref, RESPONDER, f"!action step {n}", f"Ev{n}")
        said.append((number, f"step {n}"))
    h.clock.advance(minutes=1)
    run_command(h.core, h.actor(IRP_MANAGER, HELPDESK), f"merge {kept} {merged}")
    h.run_jobs()
    kept_id = h.incident(kept).id
    assert kept_id is not None
    with h.core.uow() as uow:
        entries = uow.logbook.entries(kept_id, 500)
    steps = [(e.text, e.author_id) for e in entries if "step" in e.text]
    assert [(merged if text.startswith(f"[{merged} #") else kept, text.rsplit("step", 1)[1].strip())
            for text, _ in steps] == [(number, step.split()[1]) for number, step in said]  # interleaved
    assert all(author == RESPONDER for _, author in steps)  # each by its own author
    assert [e.recorded_at for e in entries] == sorted(e.recorded_at for e in entries)
    for number in (kept, merged):
        verdict = verify_logbook(h.core, number)
        assert verdict is not None and verdict.intact, number
    data = load_report(h.core, kept)
    assert data is not None
    exported = render_markdown(incident_report(h.core.team_translator(), h.core.plan, h.core.directory, data,
                                               h.clock.now()))
    assert exported.index("step 0") < exported.index("step 1") < exported.index("step 2") < exported.index("step 3")
    line = next(row for row in exported.splitlines() if "step 1" in row)
    assert merged in line  # marked as coming from B


def test_an_extra_report_of_the_merged_incident_follows_it_and_its_reporter_is_told(h: Harness) -> None:
    kept, merged = two_incidents(h)
    extra = h.report("No mail either", reporter=OPERATOR, key="extra")
    h.run_jobs()
    run_command(h.core, h.actor(OPERATOR, HELPDESK), f"duplicate {extra} {merged}")
    run_command(h.core, h.actor(HELPDESK_MANAGER, HELPDESK), f"merge {kept} {merged}")
    h.run_jobs()
    assert h.incident(extra).duplicate_of == kept
    assert [s for s in h.chat.direct_to(OPERATOR) if (s.marker or "").startswith(f"{merged}:merged:{OPERATOR}@")]


def test_who_may_not_and_what_cannot_be_merged_is_refused_and_nothing_changes(h: Harness) -> None:
    kept, merged = two_incidents(h)
    refusals = {
        f"merge {kept} {merged}": (RESPONDER, "Only the Incident Response Manager or the Helpdesk Manager"),
        f"merge {kept} {kept}": (IRP_MANAGER, "cannot be merged into itself"),
        f"merge {kept} INC-2026-9999": (IRP_MANAGER, "INC-2026-9999"),
        f"merge {kept}": (IRP_MANAGER, "/incident merge INC-A INC-B"),
        "merge": (IRP_MANAGER, "/incident merge INC-A INC-B"),
    }
    for command, (who, expected) in refusals.items():
        assert expected in text_of(run_command(h.core, h.actor(who, HELPDESK), command)), command
    assert h.incident(merged).is_open and h.incident(kept).is_open
    run_command(h.core, h.actor(IRP_MANAGER, HELPDESK), f"merge {kept} {merged}")
    for command in (f"merge {kept} {merged}", f"merge {merged} {kept}"):
        assert f"{merged} is closed" in text_of(run_command(h.core, h.actor(IRP_MANAGER, HELPDESK), command))


def test_help_lists_duplicate_and_merge(h: Harness) -> None:
    shown = text_of_help(h)
    assert "/incident duplicate" in shown and "/incident merge" in shown


def text_of_help(h: Harness) -> str:
    outcome = show_help(h.core, h.actor(OPERATOR, HELPDESK))
    assert isinstance(outcome, Notice)
    return text(outcome.spec)


def test_the_grouped_cards_title_is_singular_for_one_report_or_one_minute(h: Harness) -> None:
    first = h.incident(h.report("Mail server down", key="one"))
    second = h.incident(h.report("No mail", key="two"))
    tr = h.core.team_translator()
    now = h.clock.now()
    assert storm_card(tr, [first], {}, now).summary == "1 new report in the last minute"
    assert storm_card(tr, [first, second], {}, now).summary == "2 new reports in the last minute"
    later = now + timedelta(minutes=3)
    assert storm_card(tr, [first], {}, later).summary == "1 new report in the last 3 minutes"
    assert storm_card(tr, [first, second], {}, later).summary == "2 new reports in the last 3 minutes"


@pytest.fixture(scope="module")
def sqlite_only(tmp_path_factory: pytest.TempPathFactory) -> Harness:
    """One harness for every fuzzed example (hypothesis runs them in one test call): SQLite only."""
    folder = tmp_path_factory.mktemp("fuzz")
    url = f"sqlite:///{folder / 'sirene.db'}"
    upgrade(url)
    harness = english_harness(SqlUnitOfWorkFactory(make_engine(url)), folder)
    classify(harness, harness.report("Mail server down", reporter=RESPONDER, key="a"), "minor")
    return harness


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(words=st.text(max_size=60))
def test_odd_merge_commands_get_an_answer_never_an_error(sqlite_only: Harness, words: str) -> None:
    for who in (IRP_MANAGER, EMPLOYEE):
        assert isinstance(run_command(sqlite_only.core, sqlite_only.actor(who, HELPDESK), f"merge {words}"), Notice)
