"""``sirene db backup``: a consistent copy of the database while Sirene runs.

SQLite: SQLite's online backup API copies the file page by page, consistent even while the bot writes
(restore: stop Sirene, put the copy in place of the database file, start it). PostgreSQL: ``pg_dump`` in its
custom format, when the PostgreSQL client tools are installed (restore: ``pg_restore --clean --if-exists
--no-owner -d DATABASE_URL FILE``).
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from storage.engine import normalize_url


class BackupUnavailable(Exception):
    """This database cannot be backed up from here (``pg_dump`` missing); ``str()`` names what is missing."""


class BackupFailed(Exception):
    """The backup tool failed; ``str()`` is its first line of error."""


def default_name(url: str, stamp: str) -> str:
    backend = normalize_url(url).get_backend_name()
    return f"sirene-backup-{stamp}.{'db' if backend == 'sqlite' else 'dump'}"


def backup(url: str, target: Path) -> Path:
    parsed = normalize_url(url)
    if target.exists():
        raise BackupFailed(f"{target} exists")
    target.parent.mkdir(parents=True, exist_ok=True)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            raise BackupUnavailable("file")
        source = sqlite3.connect(f"file:{parsed.database}?mode=ro", uri=True)
        copy = sqlite3.connect(target)
        try:
            with copy:
                source.backup(copy)
        finally:
            copy.close()
            source.close()
        return target
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupUnavailable("pg_dump")
    libpq = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    result = subprocess.run([pg_dump, "--format=custom", "--no-owner", f"--file={target}", f"--dbname={libpq}"],
                            capture_output=True, text=True, timeout=3600, check=False)
    if result.returncode != 0:
        target.unlink(missing_ok=True)
        raise BackupFailed((result.stderr.strip().splitlines() or ["pg_dump failed"])[0])
    return target
