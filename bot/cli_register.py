"""``sirene register incidents --csv|--pdf [filters]``: the incident register from the bot's database;
``sirene register breaches [--csv] [--pdf] [--output DIR]``: the register of personal data breaches."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.cli_output import put_text
from bot.core import Core
from bot.i18n import Translator
from bot.register import FilterError
from bot.register import parse_filter


def add_register_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    register = commands.add_parser("register", help="the registers kept from the incidents")
    kinds = register.add_subparsers(dest="register_command", required=True)
    incidents = kinds.add_parser("incidents", help="every incident: number, dates, severity history, owner, review")
    form = incidents.add_mutually_exclusive_group(required=True)
    form.add_argument("--csv", action="store_true", help="as CSV")
    form.add_argument("--pdf", action="store_true", help="as PDF")
    incidents.add_argument("--output", help="the file to write (CSV default: standard output; PDF: register.pdf)")
    incidents.add_argument("filters", nargs="*",
                           help="severity=<level> type=<id> since=YYYY-MM-DD until=YYYY-MM-DD open|closed")
    breaches = kinds.add_parser("breaches", help="the personal data breach register (GDPR art. 33(5))")
    breaches.add_argument("--csv", action="store_true", help="as CSV (neither: both formats)")
    breaches.add_argument("--pdf", action="store_true", help="as PDF")
    breaches.add_argument("--output", default=".", help="the folder to write the files into")


def run_register_command(args: argparse.Namespace, core: Core, tr: Translator) -> int:
    from bot.usecases.register import register_csv
    from bot.usecases.register import register_pdf

    if args.register_command == "breaches":
        return _breaches(args, core, tr)
    try:
        wanted = parse_filter(list(args.filters))
    except FilterError as exc:
        print(tr.t(f"register.error.{exc.key}", word=exc.word), file=sys.stderr)
        return 2
    if args.csv:
        return put_text(tr, args.output, register_csv(core, tr, wanted))
    path = Path(args.output or "register.pdf")
    path.write_bytes(register_pdf(core, tr, wanted))
    print(tr.t("cli_review.written", path=path))
    return 0


def _breaches(args: argparse.Namespace, core: Core, tr: Translator) -> int:
    from bot.usecases.notification_files import register_files

    chosen = tuple(fmt for fmt in ("csv", "pdf") if getattr(args, fmt, False)) or ("csv", "pdf")
    folder = Path(args.output)
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in register_files(core, chosen):
        path = folder / name
        path.write_bytes(content)
        print(tr.t("cli_review.written", path=path))
    return 0
