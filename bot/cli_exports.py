"""``sirene export``, ``sirene logbook export|verify`` and ``sirene plan print``: paper copies and the
logbook's integrity check, from the database the bot uses."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.cli_output import put_text
from bot.core import Core
from bot.i18n import Translator
from bot.usecases.exports import FORMATS
from bot.usecases.exports import logbook_csv
from bot.usecases.exports import plan_files
from bot.usecases.exports import report_files
from bot.usecases.exports import verify_logbook


def _write(tr: Translator, folder: str, files: list[tuple[str, bytes]]) -> None:
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    for name, content in files:
        path = target / name
        path.write_bytes(content)
        print(tr.t("cli_review.written", path=path))


def _verify(core: Core, tr: Translator, number: str) -> int:
    verdict = verify_logbook(core, number)
    if verdict is None:
        print(tr.t("cli_review.not_found", number=number.upper()), file=sys.stderr)
        return 2
    if verdict.intact:
        print(tr.t("cli_review.verify_ok", number=number.upper(), links=verdict.links, head=verdict.head))
        return 0
    assert verdict.reason is not None
    reason = tr.t(f"ledger.break.{verdict.reason.value}")
    link = verdict.broken_at
    if link is None or verdict.reason.value == "seal":
        print(tr.t("cli_review.verify_broken_end", number=number.upper(), reason=reason), file=sys.stderr)
    else:
        print(tr.t("cli_review.verify_broken", number=number.upper(), sequence=link.sequence, link=link.link,
                   reason=reason), file=sys.stderr)
    return 1


def run_export_command(args: argparse.Namespace, core: Core, tr: Translator) -> int:
    formats = (args.format,) if getattr(args, "format", None) else FORMATS
    if args.command == "plan":
        _write(tr, args.output, plan_files(core, formats))
        return 0
    if args.command == "export":
        files = report_files(core, args.number, formats)
        if files is None:
            print(tr.t("cli_review.not_found", number=args.number.upper()), file=sys.stderr)
            return 2
        _write(tr, args.output, files)
        return 0
    if args.logbook_command == "verify":
        return _verify(core, tr, args.number)
    text = logbook_csv(core, args.number)
    if text is None:
        print(tr.t("cli_review.not_found", number=args.number.upper()), file=sys.stderr)
        return 2
    return put_text(tr, args.output, text)
