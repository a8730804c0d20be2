"""Schema migrations (Alembic), configured in code: ``upgrade(url)`` at start-up or from the CLI."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from storage.engine import make_engine
from storage.engine import normalize_url

SCRIPT_LOCATION = Path(__file__).resolve().parent / "migrations"


def make_config(url: str) -> Config:
    """An Alembic config for ``url`` (for ``alembic.command.*``: revision --autogenerate etc.).

    The URL travels in ``config.attributes`` rather than ``sqlalchemy.url``, so passwords with
    ``%`` need no ConfigParser escaping.
    """
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    config.attributes["url"] = normalize_url(url).render_as_string(hide_password=False)
    return config


class DatabaseUnopenable(Exception):
    """The database at ``DATABASE_URL`` cannot be reached or opened; the message is the cause, in one line."""


def _cause(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip() or type(exc).__name__
    return text.splitlines()[0].strip()


def upgrade_at_start(url: str) -> None:
    """:func:`upgrade`, with any failure to reach, open or understand the database as one
    :class:`DatabaseUnopenable` line (wrong host, port, user, driver, path)."""
    try:
        upgrade(url)
    except (SQLAlchemyError, ImportError, OSError, ValueError) as exc:
        raise DatabaseUnopenable(_cause(exc)) from None


def upgrade(url: str | Engine, revision: str = "head") -> None:
    """Bring the database at ``url`` to ``revision`` (creating the tables on an empty one).

    An :class:`~sqlalchemy.Engine` is migrated through its own pool, which is the way to
    migrate an in-memory SQLite database (a URL would open a different, empty one).
    """
    if isinstance(url, str):
        command.upgrade(make_config(url), revision)
        return
    config = make_config(url.url.render_as_string(hide_password=False))
    with url.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current(url: str) -> str | None:
    """The revision the database at ``url`` is at; ``None`` when it was never migrated."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def head() -> str | None:
    """The newest revision the code knows."""
    return ScriptDirectory.from_config(make_config("sqlite://")).get_current_head()

