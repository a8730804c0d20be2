"""``/incident …``: one entry point for every platform's slash command."""

from __future__ import annotations

from bot.commands import NUMBER
from bot.commands import Command
from bot.commands import parse_command
from bot.core import Actor
from bot.core import Core
from bot.core import Outcome
from bot.domain.phase import Phase
from bot.domain.severity import Severity
from bot.usecases.activation import activate_command
from bot.usecases.classify import reclassify
from bot.usecases.common import refuse
from bot.usecases.contacts import show_contacts
from bot.usecases.deactivation import request_deactivation
from bot.usecases.duplicates import mark_duplicate
from bot.usecases.eta import eta_command
from bot.usecases.exercise import start_exercise
from bot.usecases.exercise_answers import GENERAL
from bot.usecases.exercise_answers import about_drill
from bot.usecases.exports import request_export
from bot.usecases.followups import list_follow_ups
from bot.usecases.home import show_home
from bot.usecases.incident_type import type_command
from bot.usecases.inform import inform_command
from bot.usecases.logbook import show_log
from bot.usecases.logbook_form import open_add
from bot.usecases.merge import merge_incidents
from bot.usecases.notifications import notify_command
from bot.usecases.phases import change_phase
from bot.usecases.proposal import propose_command
from bot.usecases.queries import show_help
from bot.usecases.queries import show_list
from bot.usecases.queries import show_status
from bot.usecases.register import show_register
from bot.usecases.report import open_report
from bot.usecases.review import open_review
from bot.usecases.stats import show_stats
from bot.usecases.status_update import open_status_form
from bot.usecases.timers import show_timers


def run_command(core: Core, actor: Actor, text: str) -> Outcome:
    command = parse_command(text)
    outcome = _run(core, actor, command)
    return outcome if command.name in GENERAL else about_drill(core, actor, command.number, outcome)


def _run(core: Core, actor: Actor, command: Command) -> Outcome:
    match command.name:
        case "report":
            return open_report(core, actor, command.rest())
        case "help":
            return show_help(core, actor)
        case "list" if command.args and command.args[0].lower() == "--all":
            return show_register(core, actor, list(command.args[1:]))
        case "list":
            return show_list(core, actor)
        case "status":
            return show_status(core, actor, command.number)
        case "log" if command.args and command.args[0].lower() in ("add", "toevoegen", "ajouter"):
            return open_add(core, actor, command.number, command.rest(1))
        case "log":
            page = int(command.args[0]) if command.args and command.args[0].isdigit() else None
            return show_log(core, actor, command.number, page)
        case "severity":
            severity = Severity.parse(command.args[0]) if command.args else None
            if severity is None:
                return refuse(core, actor, "command.severity_usage")
            return reclassify(core, actor, command.number, severity, command.rest(1))
        case "phase":
            phase = Phase.parse(command.args[0]) if command.args else None
            if phase is None:
                return refuse(core, actor, "command.phase_usage")
            return change_phase(core, actor, command.number, phase)
        case "deactivate":
            return request_deactivation(core, actor, command.number)
        case "review":
            return open_review(core, actor, command.number)
        case "followups":
            return list_follow_ups(core, actor, command.number)
        case "export":
            return request_export(core, actor, command.number)
        case "eta":
            return eta_command(core, actor, command.number, command.rest())
        case "timers":
            return show_timers(core, actor, command.number)
        case "update":
            return open_status_form(core, actor, command.number)
        case "inform":
            return inform_command(core, actor, command.number, command.args)
        case "notify":
            return notify_command(core, actor, command.number, command.args)
        case "duplicate":
            target = next((word.upper() for word in command.args if NUMBER.match(word)), None)
            return mark_duplicate(core, actor, command.number, target)
        case "merge":
            numbers = [word.upper() for word in command.args if NUMBER.match(word)]
            return merge_incidents(core, actor, command.number, numbers[0] if numbers else None)
        case "home":
            return show_home(core, actor)
        case "stats":
            return show_stats(core, actor, command.rest())
        case "activate":
            if not command.args:
                return refuse(core, actor, "activation.usage")
            return activate_command(core, actor, command.number, command.args[0])
        case "contacts":
            return show_contacts(core, actor)
        case "exercise":
            return start_exercise(core, actor, command.args)
        case "type":
            return type_command(core, actor, command.number, command.args)
        case "propose":
            if not command.args:
                return refuse(core, actor, "proposal.usage")
            return propose_command(core, actor, command.number, command.args[0])
    return refuse(core, actor, "command.unknown")
