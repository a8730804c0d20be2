"""Retention: done jobs and seen events older than the retention are deleted, and nothing else."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import update

from bot.composition_root import build
from bot.ports import Job
from bot.settings import Settings
from storage.engine import make_engine
from storage.retention import purge_old
from storage.tables import JOB
from storage.tables import SEEN_EVENT
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.storage.builders import new_incident

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
REPO = Path(__file__).resolve().parents[2]


def _job(uow_factory: SqlUnitOfWorkFactory, key: str, done_at: datetime | None, incident_id: int | None) -> None:
    with uow_factory() as uow:
        uow.jobs.enqueue(Job("k", incident_id, {"key": key}), NOW - timedelta(days=90), dedupe_key=key)
        uow.commit()
    if done_at is not None:
        with uow_factory() as uow:
            uow.session.connection().execute(update(JOB).where(JOB.c.dedupe_key == key).values(done_at=done_at))
            uow.commit()


def _event(uow_factory: SqlUnitOfWorkFactory, event_id: str, seen_at: datetime) -> None:
    with uow_factory() as uow:
        assert uow.events.first_time("slack", event_id)
        uow.session.connection().execute(
            update(SEEN_EVENT).where(SEEN_EVENT.c.event_id == event_id).values(seen_at=seen_at))
        uow.commit()


def _keys(uow_factory: SqlUnitOfWorkFactory) -> tuple[set[str], set[str]]:
    with uow_factory(read_only=True) as uow:
        connection = uow.session.connection()
        jobs = {row[0] for row in connection.execute(select(JOB.c.dedupe_key))}
        events = {row[0] for row in connection.execute(select(SEEN_EVENT.c.event_id))}
    return jobs, events


def test_old_done_jobs_and_old_events_go_and_nothing_else(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        incident = uow.incidents.add(new_incident(1))
        uow.commit()
    _job(uow_factory, "done-long-ago", NOW - timedelta(days=31), incident.id)
    _job(uow_factory, "done-just-inside", NOW - timedelta(days=29, hours=23), incident.id)
    _job(uow_factory, "waiting-since-long", None, incident.id)  # never done: work, whatever its age
    _event(uow_factory, "ev-old", NOW - timedelta(days=30, seconds=1))
    _event(uow_factory, "ev-recent", NOW - timedelta(days=1))

    purged = purge_old(uow_factory, NOW, days=30)

    assert (purged.jobs, purged.events) == (1, 1)
    jobs, events = _keys(uow_factory)
    assert jobs == {"done-just-inside", "waiting-since-long"}
    assert events == {"ev-recent"}
    with uow_factory(read_only=True) as uow:
        assert uow.incidents.get(incident.id or 0) is not None
        assert uow.jobs.pending() == 1
        assert uow.session.connection().execute(select(func.count()).select_from(JOB)).scalar_one() == 2


def test_a_second_run_finds_nothing_more(uow_factory: SqlUnitOfWorkFactory) -> None:
    _job(uow_factory, "old", NOW - timedelta(days=40), None)
    assert purge_old(uow_factory, NOW, days=30).jobs == 1
    assert purge_old(uow_factory, NOW, days=30) == purge_old(uow_factory, NOW, days=30)
    assert purge_old(uow_factory, NOW, days=30).jobs == 0


def test_a_shorter_retention_takes_more(uow_factory: SqlUnitOfWorkFactory) -> None:
    _event(uow_factory, "two-days", NOW - timedelta(days=2))
    assert purge_old(uow_factory, NOW, days=3).events == 0
    assert purge_old(uow_factory, NOW, days=1).events == 1


def test_the_server_runs_the_retention_of_its_settings_every_hour(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'sirene.db'}"
    sirene = build(Settings(database_url=url, sirene_plan=str(REPO / "plan.example.yaml"), sirene_retention_days=7))
    factory = SqlUnitOfWorkFactory(make_engine(url))
    try:
        _job(factory, "eight-days", datetime.now(UTC) - timedelta(days=8), None)
        _job(factory, "six-days", datetime.now(UTC) - timedelta(days=6), None)
        [(_, seconds, work)] = [entry for entry in sirene.periodic if entry[0] == "sirene-retention"]
        assert seconds == 3600
        work()
        assert _keys(factory)[0] == {"six-days"}
    finally:
        factory.dispose()
