"""Reading and checking the plan file: every problem is reported with its path in the file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.domain.roles import REQUIRED_ROLES
from bot.domain.severity import Severity
from bot.i18n import Translator
from bot.plan import Plan
from bot.plan_communication import contact_problems
from bot.plan_communication import template_problems
from bot.plan_regulation import regulation_problems
from bot.sources import duplicate_problems


@dataclass(frozen=True)
class PlanProblem:
    path: str
    key: str
    """Catalog key under ``plan_error.``."""
    detail: str = ""

    def describe(self, tr: Translator) -> str:
        key = self.key if "." in self.key else f"plan_error.{self.key}"  # another part's catalog key
        return f"{self.path or '(plan)'}: {tr.t(key, detail=self.detail)}"


class PlanInvalid(Exception):
    def __init__(self, problems: list[PlanProblem]) -> None:
        super().__init__("; ".join(f"{p.path}: {p.key}" for p in problems))
        self.problems = problems


_PYDANTIC_KEYS = {
    "missing": "missing",
    "extra_forbidden": "unknown_key",
    "enum": "one_of",
    "literal_error": "one_of",
    "string_too_short": "empty",
    "string_pattern_mismatch": "pattern",
    "bool_parsing": "boolean",
    "bool_type": "boolean",
    "dict_type": "mapping",
    "model_type": "mapping",
    "tuple_type": "list",
    "string_type": "text",
}


def _path(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc)


def _from_validation(error: ValidationError) -> list[PlanProblem]:
    problems: list[PlanProblem] = []
    for item in error.errors():
        kind = item["type"]
        ctx = item.get("ctx") or {}
        message = str(ctx.get("error", ""))
        known = message in {"duration", "timezone", "percent", "month_day", "clock_time"}
        if kind == "value_error" and (known or message.startswith(("intake_plan.", "types."))):
            key = message
        else:
            key = _PYDANTIC_KEYS.get(kind, "invalid")
        detail = str(ctx.get("expected", "")) if key == "one_of" else ""
        problems.append(PlanProblem(_path(tuple(item["loc"])), key, detail))
    return problems


def _cross_references(plan: Plan) -> list[PlanProblem]:
    problems: list[PlanProblem] = []
    people = plan.people
    for role in REQUIRED_ROLES:
        if role not in plan.roles:
            problems.append(PlanProblem(f"roles.{role.value}", "missing"))
    for role, contacts in plan.roles.items():
        for slot in ("primary", "backup"):
            key = getattr(contacts, slot)
            if key not in people:
                problems.append(PlanProblem(f"roles.{role.value}.{slot}", "unknown_person", key))
        for index, key in enumerate(contacts.members):
            if key not in people:
                problems.append(PlanProblem(f"roles.{role.value}.members.{index}", "unknown_person", key))
        if contacts.primary == contacts.backup:
            problems.append(PlanProblem(f"roles.{role.value}.backup", "same_as_primary"))
    for severity in Severity:
        if severity not in plan.severities:
            problems.append(PlanProblem(f"severities.{severity.value}", "missing"))
    if plan.owner is not None and plan.owner not in people:
        problems.append(PlanProblem("owner", "unknown_person", plan.owner))
    if plan.upkeep.owner is not None and plan.upkeep.owner not in people:
        problems.append(PlanProblem("upkeep.owner", "unknown_person", plan.upkeep.owner))
    if "yearly_on" in plan.upkeep.model_fields_set and plan.upkeep.yearly_on is not None and plan.reviewer is None:
        problems.append(PlanProblem("upkeep.owner", "missing"))
    problems += _departments(plan)
    seen: set[str] = set()
    for index, activity in enumerate(plan.activities):
        if activity.id in seen:
            problems.append(PlanProblem(f"activities.{index}.id", "duplicate", activity.id))
        seen.add(activity.id)
    problems += [PlanProblem(path, "duplicate", name) for path, name in duplicate_problems(plan.sources)]
    for key, person in people.items():
        if not any((person.email, person.slack, person.mattermost, person.sandbox)):
            problems.append(PlanProblem(f"people.{key}", "no_contact"))
    problems += [PlanProblem(*found) for found in regulation_problems(plan.regulation, frozenset(people))]
    problems += [PlanProblem(*found) for found in template_problems(plan.communication)]
    known_contacts = frozenset(c.name for c in plan.external_contacts)
    problems += [PlanProblem(*found) for found in contact_problems(plan.communication, known_contacts)]
    return problems


def _departments(plan: Plan) -> list[PlanProblem]:
    problems: list[PlanProblem] = []
    known = {activity.id for activity in plan.activities}
    seen: set[str] = set()
    for index, department in enumerate(plan.departments):
        where = f"departments.{index}"
        if department.id in seen:
            problems.append(PlanProblem(f"{where}.id", "duplicate", department.id))
        seen.add(department.id)
        for slot in ("primary", "backup"):
            key = getattr(department, slot)
            if key not in plan.people:
                problems.append(PlanProblem(f"{where}.{slot}", "unknown_person", key))
        if department.primary == department.backup:
            problems.append(PlanProblem(f"{where}.backup", "same_as_primary"))
        for position, activity in enumerate(department.activities):
            if activity not in known:
                problems.append(PlanProblem(f"{where}.activities.{position}", "unknown_activity", activity))
    return problems


def parse_plan(data: Any) -> Plan:
    if not isinstance(data, dict):
        raise PlanInvalid([PlanProblem("", "mapping")])
    try:
        plan = Plan.model_validate(data)
    except ValidationError as exc:
        raise PlanInvalid(_from_validation(exc)) from None
    problems = _cross_references(plan)
    if problems:
        raise PlanInvalid(problems)
    return plan


def load_plan(path: Path) -> Plan:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PlanInvalid([PlanProblem(str(path), "unreadable", exc.strerror or "")]) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        raise PlanInvalid([PlanProblem(str(path), "yaml", where)]) from None
    return parse_plan(data)
