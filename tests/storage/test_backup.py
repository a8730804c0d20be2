"""``sirene db backup`` and the restore the README documents, on both databases."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from bot.cli import main
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.storage.builders import new_incident

REPO = Path(__file__).resolve().parents[2]


def _numbers(url: str) -> list[str]:
    factory = SqlUnitOfWorkFactory(create_engine(url))
    try:
        with factory(read_only=True) as uow:
            return [incident.number for incident in uow.incidents.open_incidents(10)]
    finally:
        factory.engine.dispose()


def _configure(monkeypatch: pytest.MonkeyPatch, url: str, folder: Path) -> None:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("SIRENE_PLAN", str(REPO / "plan.example.yaml"))
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.chdir(folder)


def test_a_backup_restores_into_an_empty_database(migrated_url: str, database_url: str, backend: str, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    factory = SqlUnitOfWorkFactory(create_engine(migrated_url))
    with factory() as uow:
        uow.incidents.add(new_incident(1))
        uow.incidents.add(new_incident(2))
        uow.commit()
    factory.engine.dispose()
    _configure(monkeypatch, migrated_url, tmp_path)
    target = tmp_path / "backups" / "copy"
    assert main(["db", "backup", "--output", str(target)]) == 0
    assert f"Backup written: {target}" in capsys.readouterr().out
    assert main(["db", "backup", "--output", str(target)]) == 2  # never overwrites
    assert "exists" in capsys.readouterr().err

    if backend == "sqlite":  # restore: put the copy in place of the database file
        destination = make_url(database_url).database
        assert destination is not None
        shutil.copyfile(target, destination)
    else:
        libpq = make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)
        subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", f"--dbname={libpq}", str(target)],
                       check=True, capture_output=True)
    assert _numbers(database_url) == ["INC-2026-0001", "INC-2026-0002"]


def test_without_pg_dump_the_operator_is_told_what_to_install(migrated_url: str, backend: str, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    _configure(monkeypatch, migrated_url, tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path))
    code = main(["db", "backup"])
    if backend == "sqlite":
        assert code == 0 and list(tmp_path.glob("sirene-backup-*.db"))
    else:
        assert code == 2
        assert "pg_dump is not installed" in capsys.readouterr().err
        assert not list(tmp_path.glob("sirene-backup-*"))
