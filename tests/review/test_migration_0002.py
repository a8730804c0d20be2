"""Migration 0002 turns logbooks written before the hash chain into sealed, append-only ones that verify."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime

from sqlalchemy import text

from bot.domain.logbook import EntryRevision
from bot.domain.logbook import RevisionKind
from bot.domain.logbook_chain import verify
from storage.engine import make_engine
from storage.migrate import upgrade
from storage.unit_of_work import SqlUnitOfWorkFactory

T = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _legacy_rows(url: str) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO incident (number, version, platform, title, description, detected_at, reported_at, "
                "reporter_id, reporter_kind, reporter_name, activities, phase, activated_plans, deactivation_round, "
                "invited) VALUES ('INC-2026-0001', 0, 'slack', 'Old', '', :t, :t, 'U1', 'employee', '', '[]', "
                "'activation', '[]', 0, '[]')"), {"t": T})
            incident = connection.execute(text("SELECT id FROM incident")).scalar_one()
            ids = {}
            for sequence, body, deleted in ((1, "reported", False), (2, "restarted twice", False),
                                            (3, "typo fixed", True)):
                ids[sequence] = connection.execute(text(
                    "INSERT INTO logbook_entry (incident_id, sequence, recorded_at, author_id, source, text, "
                    "deleted) VALUES (:n, :s, :t, 'U1', 'tag', :x, :d) RETURNING id"),
                    {"n": incident, "s": sequence, "t": T.replace(minute=sequence), "x": body, "d": deleted}
                ).scalar_one()
            # entry 2 was edited twice (the old schema kept the text before each change); entry 3 edited, then deleted
            for entry, before, kind, minute in ((2, "restarted", "edited", 10), (2, "restarted once", "edited", 11),
                                                (3, "typo", "edited", 12), (3, "typo fixed", "deleted", 13)):
                connection.execute(text(
                    "INSERT INTO entry_revision (entry_id, text, kind, revised_at) VALUES (:e, :x, :k, :t)"),
                    {"e": ids[entry], "x": before, "k": kind, "t": T.replace(minute=minute)})
    finally:
        engine.dispose()


def _incident_id(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text("SELECT id FROM incident")).scalar_one())
    finally:
        engine.dispose()


def test_legacy_logbooks_are_sealed_and_read_as_before(database_url: str) -> None:
    upgrade(database_url, "0001")
    _legacy_rows(database_url)
    upgrade(database_url)
    incident_id = _incident_id(database_url)
    factory = SqlUnitOfWorkFactory(make_engine(database_url))
    try:
        with factory() as uow:
            entries = uow.logbook.entries(incident_id, 10)
            links, seal = uow.logbook.chain(incident_id), uow.logbook.seal(incident_id)
            assert [(e.text, e.deleted) for e in entries] == [("reported", False), ("restarted twice", False),
                                                              ("typo fixed", True)]
            assert [r.text for r in entries[1].revisions] == ["restarted", "restarted once"]
            second = entries[1]
            second.text = "restarted three times"
            uow.logbook.revise(second, EntryRevision("restarted twice", RevisionKind.EDITED, T.replace(hour=10)))
            uow.commit()
        assert verify("INC-2026-0001", links, seal).intact
        assert seal == (7, links[-1].stored_hash)
        with factory() as uow:
            chain = uow.logbook.chain(incident_id)
            assert verify("INC-2026-0001", chain, uow.logbook.seal(incident_id)).intact  # and it goes on
    finally:
        factory.dispose()
