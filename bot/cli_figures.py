"""``sirene report``: the management report of a period (PDF, and Markdown with its charts), from the database
the bot uses."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.core import Core
    from bot.i18n import Translator

FORMATS = ("md", "pdf")


def add_report_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = commands.add_parser("report", help="the management report of a period: figures and charts (PDF, Markdown)")
    report.add_argument("--period", help="2026, 2026-Q4, 2026-11 or 2026-W43 (default: the last full quarter)")
    report.add_argument("--output", default=".", help="the folder to write the files into")
    report.add_argument("--format", choices=FORMATS, help="only this format (default: both)")


def run_report_command(args: argparse.Namespace, core: Core, tr: Translator) -> int:
    from bot.figures.period import parse_period
    from bot.figures.period import previous_quarter
    from bot.usecases.figures import report_files

    zone = core.plan.zone
    period = parse_period(args.period, zone) if args.period else previous_quarter(core.now(), zone)
    if period is None:
        print(tr.t("figures_cli.period_invalid", period=args.period), file=sys.stderr)
        return 2
    target = Path(args.output)
    target.mkdir(parents=True, exist_ok=True)
    for name, content in report_files(core, period, (args.format,) if args.format else FORMATS):
        path = target / name
        path.write_bytes(content)
        print(tr.t("figures_cli.written", path=path))
    return 0
