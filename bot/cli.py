"""``sirene`` — the command line: serve, check and print the plan, export incidents, check logbooks,
upgrade the database."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.cli_figures import add_report_command
from bot.cli_register import add_register_parser
from bot.cli_register import run_register_command
from bot.i18n import LANGUAGES
from bot.i18n import Translator
from bot.log_redaction import configure_logging
from bot.plan_loader import PlanInvalid
from bot.plan_loader import load_plan
from bot.settings import SettingsInvalid
from bot.startup import PortInUse
from bot.startup import ensure_port_free


def _translator() -> Translator:
    """The operator's language from ``LANG`` (``nl_BE.UTF-8`` → Dutch), English otherwise."""
    language = os.environ.get("LANG", "en")[:2].lower()
    return Translator(language if language in LANGUAGES else "en", ZoneInfo("UTC"))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sirene", description="Sirene: your Incident Response Plan in the chat.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("serve", help="run the bot (Slack, Mattermost, or the local sandbox) and its HTTP server")
    plan = commands.add_parser("plan", help="work with the plan file")
    plan_commands = plan.add_subparsers(dest="plan_command", required=True)
    check = plan_commands.add_parser("check", help="check the plan file and explain every problem")
    check.add_argument("path", nargs="?", help="the plan file (default: SIRENE_PLAN, plan.yaml)")
    plan_print = plan_commands.add_parser("print", help="the plan for printing (roles, contacts, procedures, RTOs)")
    plan_print.add_argument("--output", default=".", help="the folder to write plan.md and plan.pdf into")
    plan_print.add_argument("--format", choices=("md", "pdf"), help="only this format (default: both)")
    export = commands.add_parser("export", help="the incident report (Markdown and PDF)")
    export.add_argument("number", help="the incident number, e.g. INC-2026-0007")
    export.add_argument("--output", default=".", help="the folder to write the files into")
    export.add_argument("--format", choices=("md", "pdf"), help="only this format (default: both)")
    logbook = commands.add_parser("logbook", help="an incident's logbook")
    logbook_commands = logbook.add_subparsers(dest="logbook_command", required=True)
    logbook_export = logbook_commands.add_parser("export", help="the logbook as CSV")
    logbook_export.add_argument("number", help="the incident number")
    logbook_export.add_argument("--csv", action="store_true", required=True, help="as CSV (the only format)")
    logbook_export.add_argument("--output", help="the file to write (default: standard output)")
    verify = logbook_commands.add_parser("verify", help="check the logbook's hash chain; exit 1 when broken")
    verify.add_argument("number", help="the incident number")
    add_report_command(commands)
    add_register_parser(commands)
    db = commands.add_parser("db", help="work with the database")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    db_commands.add_parser("upgrade", help="apply the database migrations (also done at start)")
    backup = db_commands.add_parser("backup", help="a consistent copy of the database, also while Sirene runs")
    backup.add_argument("--output", help="the file to write (default: sirene-backup-<UTC time>.db or .dump)")
    return parser


def _plan_check(path: Path, tr: Translator) -> int:
    try:
        plan = load_plan(path)
    except PlanInvalid as exc:
        print(tr.t("cli.plan_invalid", path=path, count=len(exc.problems)), file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem.describe(tr)}", file=sys.stderr)
        return 1
    print(tr.t("cli.plan_ok", path=path, people=len(plan.people), roles=len(plan.roles),
               activities=len(plan.activities)))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    tr = _translator()
    try:
        from bot.composition_root import load_settings

        settings, chat_settings = load_settings()
        configure_logging(settings, also=chat_settings.secrets())
        if args.command == "plan" and args.plan_command == "check":
            return _plan_check(Path(args.path) if args.path else settings.plan_path(), tr)
        if args.command in ("plan", "export", "logbook"):
            from bot.cli_exports import run_export_command
            from bot.composition_root import offline_core

            return run_export_command(args, offline_core(settings), tr)
        if args.command == "report":
            from bot.cli_figures import run_report_command
            from bot.composition_root import offline_core

            return run_report_command(args, offline_core(settings), tr)
        if args.command == "db" and args.db_command == "backup":
            from bot.composition_root import backup_database

            return backup_database(settings, args.output, tr)
        if args.command == "register":
            from bot.composition_root import offline_core

            return run_register_command(args, offline_core(settings), tr)
        if args.command == "db":
            from bot.composition_root import upgrade_database

            print(tr.t("cli.db_upgraded", revision=upgrade_database(settings)))
            return 0
        from bot.composition_root import build
        from bot.composition_root import run_server

        ensure_port_free(settings.sirene_host, settings.port)
        sirene = build(settings, platforms=chat_settings)
        platforms = ", ".join(sorted(sirene.chats)) or tr.t("cli.no_platform")
        print(tr.t("cli.serving", host=settings.sirene_host, port=settings.port, platforms=platforms), flush=True)
        if sirene.sandbox_url:
            print(tr.t("sandbox.cli.open", url=sirene.sandbox_url), flush=True)
        run_server(sirene)
        return 0
    except SettingsInvalid as exc:
        key = exc.key if "." in exc.key else f"settings_error.{exc.key}"
        reason = tr.t(key, detail=exc.__cause__ or "")
        print(f"{tr.t('cli.cannot_start')} {exc.variable} {reason}", file=sys.stderr)
        return 2
    except PortInUse as exc:
        print(f"{tr.t('cli.cannot_start')} {tr.t('startup.port_in_use', port=exc.port)}", file=sys.stderr)
        return 2
    except PlanInvalid as exc:
        print(tr.t("cli.cannot_start"), file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem.describe(tr)}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
