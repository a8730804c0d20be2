"""``python -m storage [--url URL] upgrade | current | revision MESSAGE``.

``--url`` defaults to ``$DATABASE_URL``, else ``sqlite:///sirene.db``. ``revision``
autogenerates a migration from ``storage.tables`` against a database at the current head
(there is no alembic.ini: the configuration is built by :func:`storage.migrate.make_config`).
Read a generated migration through before keeping it.
"""

from __future__ import annotations

import argparse
import os

from alembic import command

from storage.engine import DEFAULT_URL
from storage.migrate import current
from storage.migrate import make_config
from storage.migrate import upgrade


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m storage")
    parser.add_argument("--url", default=os.environ.get("DATABASE_URL", DEFAULT_URL))
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("upgrade", help="migrate to the newest revision")
    commands.add_parser("current", help="print the database's revision")
    revision = commands.add_parser("revision", help="autogenerate a migration")
    revision.add_argument("message")
    args = parser.parse_args(argv)
    if args.command == "upgrade":
        upgrade(args.url)
    elif args.command == "current":
        print(current(args.url) or "(empty)")
    else:
        command.revision(make_config(args.url), message=args.message, autogenerate=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
