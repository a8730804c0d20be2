"""The logbook is tamper-evident: altering, deleting or reordering rows with SQL breaks its hash chain,
and ``sirene logbook verify`` names the first broken entry (SQLite and PostgreSQL)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import text

from bot import actions
from bot.domain.incident import MessageRef
from bot.domain.logbook_chain import Break
from bot.domain.logbook_chain import Verdict
from bot.specs import FormValues
from bot.usecases import logbook
from bot.usecases.exports import verify_logbook
from bot.usecases.interaction import press
from bot.usecases.interaction import submit
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.core.harness import HELPDESK
from tests.core.harness import OPERATOR
from tests.core.harness import REPO
from tests.core.harness import RESPONDER
from tests.core.harness import Harness
from tests.core.harness import make_harness


@pytest.fixture
def h(uow_factory: SqlUnitOfWorkFactory) -> Harness:
    return make_harness(uow_factory)


def busy_logbook(h: Harness) -> str:
    """An incident whose logbook has bot entries, tagged ones, an edit, a deletion and a completion."""
    number = h.report()
    press(h.core, h.actor(OPERATOR, HELPDESK), actions.CLASSIFY, actions.value(number, "major"))
    h.run_jobs()
    channel_id = h.incident(number).channel_id or ""
    for index, words in enumerate(("Restarted postfix", "Failed over to mx2", "Called the provider", "Typo")):
        h.clock.advance(minutes=5)
        assert logbook.record_tagged(h.core, "slack", MessageRef(channel_id, f"17000000{index}.0001"), RESPONDER,
                                     f"!action {words}", f"Ev{index}")
    h.clock.advance(minutes=1)
    assert logbook.revise(h.core, "slack", MessageRef(channel_id, "170000000.0001"), "!action Restarted postfix twice")
    assert logbook.revise(h.core, "slack", MessageRef(channel_id, "170000003.0001"), None)
    with h.core.uow() as uow:
        entry = uow.logbook.by_message(MessageRef(channel_id, "170000001.0001"))
    assert entry is not None
    done = submit(h.core, h.actor(RESPONDER), actions.FORM_LOG_COMPLETE,
                  FormValues({"impact": "No mail for 40 staff", "duration": "50 minutes", "resources": "2 admins",
                              "activities": ("email",), "incident_type": "outage"}),
                  actions.value(number, entry.sequence))
    assert done is not None
    return number


def verdict(h: Harness, number: str) -> Verdict:
    found = verify_logbook(h.core, number)
    assert found is not None
    return found


def sql(h: Harness, statement: str, **params: object) -> None:
    with h.core.uow() as uow:
        uow.session.execute(text(statement), params)  # type: ignore[attr-defined]
        uow.commit()


def entry_id(h: Harness, number: str, sequence: int) -> int:
    with h.core.uow() as uow:
        found = uow.logbook.by_sequence(h.incident(number).id or 0, sequence)
    assert found is not None and found.id is not None
    return found.id


def test_an_untouched_logbook_verifies(h: Harness) -> None:
    number = busy_logbook(h)
    result = verdict(h, number)
    assert result.intact, result
    with h.core.uow() as uow:
        incident_id = h.incident(number).id or 0
        entries = uow.logbook.entries(incident_id, 100)
        assert result.links == len(entries) + sum(len(e.revisions) for e in entries)
        assert uow.logbook.seal(incident_id) == (result.links, result.head)
    completed = next(e for e in entries if e.details.impact)
    assert (completed.details.duration, completed.details.incident_type) == ("50 minutes", "outage")
    assert completed.details.summary == "Mail server down" and completed.details.team == "incident_response_team"


def test_an_edited_entry_is_found(h: Harness) -> None:
    number = busy_logbook(h)
    target = entry_id(h, number, 5)
    sql(h, "UPDATE logbook_entry SET text = 'Nothing happened' WHERE id = :id", id=target)
    result = verdict(h, number)
    assert (result.reason, result.broken_at.sequence if result.broken_at else None) == (Break.ALTERED, 5)


def test_an_edited_revision_is_found(h: Harness) -> None:
    number = busy_logbook(h)
    sql(h, "UPDATE entry_revision SET text = 'forged' WHERE id = (SELECT MIN(id) FROM entry_revision)")
    result = verdict(h, number)
    assert result.reason is Break.ALTERED and result.broken_at is not None
    assert result.broken_at.kind.value == "revision"


def test_a_deleted_entry_is_found(h: Harness) -> None:
    number = busy_logbook(h)
    target = entry_id(h, number, 4)
    sql(h, "DELETE FROM entry_revision WHERE entry_id = :id", id=target)
    sql(h, "DELETE FROM logbook_entry WHERE id = :id", id=target)
    result = verdict(h, number)
    assert result.reason in (Break.NUMBERING, Break.PREVIOUS)
    assert result.broken_at is not None and result.broken_at.sequence == 5


def test_the_last_entries_deleted_are_found_by_the_seal(h: Harness) -> None:
    number = busy_logbook(h)
    with h.core.uow() as uow:
        incident_id = h.incident(number).id or 0
        last = uow.logbook.count(incident_id)
    sql(h, "DELETE FROM entry_revision WHERE incident_id = :i AND link > (SELECT link FROM logbook_entry "
           "WHERE incident_id = :i AND sequence = :s)", i=incident_id, s=last)
    sql(h, "DELETE FROM logbook_entry WHERE incident_id = :i AND sequence = :s", i=incident_id, s=last)
    assert verdict(h, number).reason is Break.SEAL


def test_reordered_entries_are_found(h: Harness) -> None:
    number = busy_logbook(h)
    first, second = entry_id(h, number, 5), entry_id(h, number, 6)
    with h.core.uow() as uow:
        links = dict(uow.session.execute(text("SELECT id, link FROM logbook_entry WHERE id IN (:a, :b)"),  # type: ignore[attr-defined]
                                         {"a": first, "b": second}).all())
    sql(h, "UPDATE logbook_entry SET link = -1 WHERE id = :a", a=first)
    sql(h, "UPDATE logbook_entry SET link = :l WHERE id = :b", l=links[first], b=second)
    sql(h, "UPDATE logbook_entry SET link = :l WHERE id = :a", l=links[second], a=first)
    result = verdict(h, number)
    assert not result.intact and result.broken_at is not None
    assert result.broken_at.sequence in (5, 6)


def test_swapped_contents_are_found(h: Harness) -> None:
    number = busy_logbook(h)
    first, second = entry_id(h, number, 5), entry_id(h, number, 6)
    sql(h, "UPDATE logbook_entry SET recorded_at = (SELECT recorded_at FROM logbook_entry WHERE id = :b) "
           "WHERE id = :a", a=first, b=second)
    result = verdict(h, number)
    assert (result.reason, result.broken_at.sequence if result.broken_at else None) == (Break.ALTERED, 5)


def test_the_command_line_reports_the_first_broken_entry(h: Harness, migrated_url: str, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    from bot.cli import main

    number = busy_logbook(h)
    monkeypatch.setenv("DATABASE_URL", migrated_url)
    monkeypatch.setenv("SIRENE_PLAN", str(REPO / "plan.example.yaml"))
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.chdir(tmp_path)
    assert main(["logbook", "verify", number]) == 0
    assert f"The logbook of {number} is intact" in capsys.readouterr().out
    sql(h, "UPDATE logbook_entry SET author_id = 'U0MALLORY' WHERE id = :id", id=entry_id(h, number, 3))
    assert main(["logbook", "verify", number]) == 1
    assert f"The logbook of {number} is broken at entry #3" in capsys.readouterr().err
    assert main(["logbook", "verify", "INC-2026-9999"]) == 2


def test_a_burst_from_many_threads_is_numbered_without_gaps_and_chained(h: Harness) -> None:
    """Tagged messages arriving together share transactions (group commit): every one is recorded once,
    numbered 1..n in the order written, a message delivered again under another event id uses no number,
    and the chain verifies."""
    number = h.report()
    press(h.core, h.actor(OPERATOR, HELPDESK), actions.CLASSIFY, actions.value(number, "major"))
    h.run_jobs()
    channel_id = h.incident(number).channel_id or ""
    with h.core.uow() as uow:
        before = uow.logbook.count(h.incident(number).id or 0)

    def tag(n: int) -> bool:
        ref = MessageRef(channel_id, f"1700001{n % 30:03d}.0001")  # 60 deliveries of 30 messages
        return logbook.record_tagged(h.core, "slack", ref, RESPONDER, f"!action step {n % 30}", f"EvB{n}")

    with ThreadPoolExecutor(max_workers=16) as pool:
        outcomes = list(pool.map(tag, range(60)))
    assert sum(outcomes) == 30
    with h.core.uow() as uow:
        entries = uow.logbook.entries(h.incident(number).id or 0, 500)
    tagged = [e for e in entries if e.source.value == "tag"]
    assert sorted(e.text for e in tagged) == sorted(f"step {n}" for n in range(30))
    assert [e.sequence for e in entries] == list(range(1, before + 31))
    assert verdict(h, number).intact
