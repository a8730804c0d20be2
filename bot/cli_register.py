"""``sirene register incidents --csv|--pdf [filters]``: the incident register from the bot's database."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.core import Core
from bot.i18n import Translator
from bot.register import FilterError, parse_filter


def add_register_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    register = commands.add_parser("register", help="the incident register")
    kinds = register.add_subparsers(dest="register_command", required=True)
    incidents = kinds.add_parser("incidents", help="every incident: number, dates, severity history, owner, review")
    form = incidents.add_mutually_exclusive_group(required=True)
    form.add_argument("--csv", action="store_true", help="as CSV")
    form.add_argument("--pdf", action="store_true", help="as PDF")
    incidents.add_argument("--output", help="the file to write (CSV default: standard output; PDF: register.pdf)")
    incidents.add_argument("filters", nargs="*",
                           help="severity=<level> type=<id> since=YYYY-MM-DD until=YYYY-MM-DD open|closed")


def run_register_command(args: argparse.Namespace, core: Core, tr: Translator) -> int:
    from bot.usecases.register import register_csv, register_pdf

    try:
        wanted = parse_filter(list(args.filters))
    except FilterError as exc:
        print(tr.t(f"register.error.{exc.key}", word=exc.word), file=sys.stderr)
        return 2
    if args.csv:
        text = register_csv(core, tr, wanted)
        if args.output:
            Path(args.output).write_text(text, encoding="utf-8")
            print(tr.t("cli_review.written", path=args.output))
        else:
            sys.stdout.write(text)
        return 0
    path = Path(args.output or "register.pdf")
    path.write_bytes(register_pdf(core, tr, wanted))
    print(tr.t("cli_review.written", path=path))
    return 0
