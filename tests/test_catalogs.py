"""The message catalogs (bot/locales/*.yaml): every language has the keys and placeholders of English,
every template formats, every key is used by the code and every key the code asks for exists, and the
plan's own words (docs/glossary.md) are the ones users read.

Everything is derived from en.yaml and the code at test time; only the glossary spot checks name words.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

import pytest

from bot.commands import SUBCOMMANDS
from bot.i18n import LANGUAGES
from bot.i18n import catalog_parts
from bot.i18n import load_catalog
from bot.i18n import placeholders

REPO = Path(__file__).resolve().parents[1]
LOCALES = REPO / "bot" / "locales"
CODE_FOLDERS = ("bot", "handlers")
REFERENCE = "en"
OTHERS = sorted((set(LANGUAGES) | {path.name for path in LOCALES.iterdir() if path.is_dir()}) - {REFERENCE})

# Calls whose string-constant positional arguments are catalog keys (``tr.t("x")``, ``refuse(core, actor,
# "x")``, ``log_bot_action(..., "x")``...), plus any ``key=`` keyword argument and any ``key``/``keys``
# variable. Used to check that the keys the code asks for exist.
KEY_FUNCTIONS = frozenset({"t", "has", "keys_under", "refuse", "refusal", "notice", "rich", "log_bot_action"})
KEY_VARIABLE = re.compile(r"^(key|keys|\w+_key|\w+_keys)$")
LIST_ITEM = re.compile(r"\.\d+$")
KEY_SHAPE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
"""What a catalog key looks like (``log.source.tag``); other strings in key positions are not keys."""


def catalog(language: str) -> dict[str, str]:
    return dict(load_catalog(language))


def raw_yaml(language: str) -> Any:
    """The language's YAML files merged (their sections do not overlap)."""
    merged: dict[str, Any] = {}
    for data in catalog_parts(language).values():
        merged.update(data)
    return merged


def placeholders_or_error(template: str) -> frozenset[str] | str:
    try:
        return placeholders(template)
    except ValueError as error:
        return f"unparsable ({error})"


def dummy_values(template: str) -> dict[str, str]:
    return {name: f"<{name}>" for name in placeholders(template)}


# --- reading the code -------------------------------------------------------------------------------


@dataclass
class CodeKeys:
    """What the code says about catalog keys."""

    constants: set[str] = field(default_factory=set)
    """Every string constant (not the literal parts of f-strings)."""
    patterns: list[tuple[str, re.Pattern[str]]] = field(default_factory=list)
    """A regex per f-string that starts with literal text: f"severity.{s}.name" → severity\\.[^.]+\\.name."""
    requested: dict[str, str] = field(default_factory=dict)
    """Static keys in key positions (see KEY_FUNCTIONS) → where."""
    requested_families: dict[str, tuple[str, re.Pattern[str]]] = field(default_factory=dict)
    """f-strings in key positions → (where, regex)."""


def fstring_pattern(node: ast.JoinedStr) -> re.Pattern[str] | None:
    """The keys an f-string can produce: literal parts as written, each ``{...}`` one dotted segment.
    ``None`` when the f-string does not start with literal text (no constant prefix, e.g. f"{a}.{b}")."""
    if not node.values or not isinstance(node.values[0], ast.Constant) or not node.values[0].value:
        return None
    parts = [re.escape(str(part.value)) if isinstance(part, ast.Constant) else "[^.]+" for part in node.values]
    return re.compile("".join(parts))


def _key_expressions(node: ast.AST) -> Iterator[ast.expr]:
    """The expressions in ``node`` that stand for a catalog key."""
    if isinstance(node, ast.Call):
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if name in KEY_FUNCTIONS:
            yield from node.args
        yield from (keyword.value for keyword in node.keywords if keyword.arg == "key")
    elif isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign) and node.value is not None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if any(isinstance(target, ast.Name) and KEY_VARIABLE.match(target.id) for target in targets):
            yield node.value


def _flatten_choices(expr: ast.expr) -> Iterator[ast.expr]:
    """``"a" if c else "b"``, ``["a", "b"]`` → each alternative."""
    if isinstance(expr, ast.IfExp):
        yield from _flatten_choices(expr.body)
        yield from _flatten_choices(expr.orelse)
    elif isinstance(expr, ast.List | ast.Tuple | ast.Set):
        for item in expr.elts:
            yield from _flatten_choices(item)
    else:
        yield expr


def scan_source(source: str, where: str, into: CodeKeys) -> None:
    tree = ast.parse(source)
    inside_fstrings: set[int] = set()
    format_specs: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            inside_fstrings.update(id(part) for part in node.values)
        elif isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            format_specs.add(id(node.format_spec))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in inside_fstrings:
            into.constants.add(node.value)
        elif isinstance(node, ast.JoinedStr) and id(node) not in format_specs:
            pattern = fstring_pattern(node)
            if pattern is not None:
                into.patterns.append((f"{where}:{node.lineno}", pattern))
        for expr in _key_expressions(node):
            for choice in _flatten_choices(expr):
                here = f"{where}:{choice.lineno}"
                if isinstance(choice, ast.Constant) and isinstance(choice.value, str):
                    into.requested.setdefault(choice.value, here)
                elif isinstance(choice, ast.JoinedStr) and (pattern := fstring_pattern(choice)) is not None:
                    shape = "".join(str(p.value) if isinstance(p, ast.Constant) else "x" for p in choice.values)
                    if KEY_SHAPE.match(shape):
                        into.requested_families.setdefault(pattern.pattern, (here, pattern))


def scan_code() -> CodeKeys:
    found = CodeKeys()
    for folder in CODE_FOLDERS:
        for path in sorted((REPO / folder).rglob("*.py")):
            scan_source(path.read_text(encoding="utf-8"), str(path.relative_to(REPO)), found)
    return found


def names_of(key: str) -> list[str]:
    """The names under which code can reach ``key``: itself and, for a list item (``procedure.minor.0``),
    its list (``procedure.minor``, read with ``keys_under``)."""
    names = [key]
    while LIST_ITEM.search(names[-1]):
        names.append(LIST_ITEM.sub("", names[-1]))
    return names


def is_used(key: str, code: CodeKeys) -> bool:
    return any(name in code.constants or any(p.fullmatch(name) for _, p in code.patterns)
               for name in names_of(key))


def unused_keys(keys: set[str], code: CodeKeys) -> list[str]:
    return sorted(key for key in keys if not is_used(key, code))


def is_known(name: str, keys: set[str]) -> bool:
    """A key, or a list read with ``keys_under`` (``procedure.minor`` for ``procedure.minor.0``)."""
    return name in keys or f"{name}.0" in keys


# --- the scanner itself ------------------------------------------------------------------------------


def test_the_scanner_sees_constants_and_dynamic_prefixes() -> None:
    code = CodeKeys()
    scan_source(
        'tr.t("a.b")\n'
        'tr.t(f"severity.{s.value}.name")\n'
        'tr.keys_under(f"procedure.{severity.value}")\n'
        'x = f"{prefix}.{n}"\n'
        'y = f"INC-{year}-{seq:04d}"\n'
        'key = "c.d" if ok else "c.e"\n'
        'enqueue(core, "job.kind", key="notice.x")\n'
        'key = f"slack:view:{view_id}"\n',
        "m.py", code)
    keys = {"a.b", "severity.weak.name", "severity.weak.criteria", "procedure.minor.0", "procedure.minor.1",
            "other.thing", "c.d", "c.e", "notice.x", "job.kind"}
    assert unused_keys(keys, code) == ["other.thing", "severity.weak.criteria"]
    assert set(code.requested) == {"a.b", "c.d", "c.e", "notice.x"}
    # not the slack:view: idempotency key, which is no catalog key
    assert {p.pattern for _, p in code.requested_families.values()} == {
        r"severity\.[^.]+\.name", r"procedure\.[^.]+"}
    assert not any(p.fullmatch("a.b") for _, p in code.patterns), "an f-string without literal prefix matched"


# --- the catalogs ------------------------------------------------------------------------------------


def _non_string_entries(node: Any, path: str = "") -> Iterator[str]:
    if isinstance(node, dict):
        if not node and path:
            yield f"{path}: empty mapping"
        for key, value in node.items():
            if not isinstance(key, str):
                yield f"{path}{key!r}: key is a {type(key).__name__} (quote it, e.g. \"yes\": …)"
            yield from _non_string_entries(value, f"{path}{key}.")
    elif isinstance(node, list):
        if not node:
            yield f"{path[:-1]}: empty list"
        for index, item in enumerate(node):
            yield from _non_string_entries(item, f"{path}{index}.")
    elif not isinstance(node, str):
        yield f"{path[:-1]}: value {node!r} is a {type(node).__name__}, not text (quote it)"


@pytest.mark.parametrize("language", [REFERENCE, *OTHERS])
def test_every_entry_is_text_under_a_text_key(language: str) -> None:
    """YAML reads ``yes:``/``no:``/``on:`` as booleans and an empty value as null: keys or messages change."""
    problems = list(_non_string_entries(raw_yaml(language)))
    assert problems == [], f"{language}.yaml:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", OTHERS)
def test_same_keys_as_english(language: str) -> None:
    reference, other = set(catalog(REFERENCE)), set(catalog(language))
    missing, extra = sorted(reference - other), sorted(other - reference)
    assert (missing, extra) == ([], []), (
        f"{language}.yaml differs from {REFERENCE}.yaml\n  missing: {missing}\n  extra: {extra}")


@pytest.mark.parametrize("language", OTHERS)
def test_same_placeholders_as_english(language: str) -> None:
    def show(names: frozenset[str] | str) -> object:
        return sorted(names) if isinstance(names, frozenset) else names

    reference, other = catalog(REFERENCE), catalog(language)
    differences = []
    for key in sorted(set(reference) & set(other)):
        expected, actual = placeholders_or_error(reference[key]), placeholders_or_error(other[key])
        if expected != actual:
            differences.append(f"{key}: {REFERENCE} {show(expected)} vs {language} {show(actual)}")
    assert differences == [], "\n".join(differences)


def template_problems(key: str, template: str) -> list[str]:
    """What is wrong with one template: it must format with a value for each named placeholder, leave no
    brace behind, use plain names (no ``{0}``, ``{}``, ``{a.b}``) and not be empty."""
    try:
        names = placeholders(template)
        text = template.format(**dummy_values(template))
    except (ValueError, KeyError, IndexError, AttributeError) as error:
        return [f"{key}: {template!r} → {type(error).__name__}: {error}"]
    problems = []
    bad_names = sorted(name for name in names if not name.isidentifier())
    if bad_names:
        problems.append(f"{key}: placeholders must be plain names, not {bad_names}")
    if "{" in text or "}" in text:
        problems.append(f"{key}: stray brace in {template!r}")
    if not text.strip():
        problems.append(f"{key}: empty message")
    return problems


def test_the_template_check_rejects_broken_templates() -> None:
    assert template_problems("k", "Log an action: {tag}, or react with :{reaction}:.") == []
    for broken in ("{a", "a}", "{}", "{0}", "{a.b}", "{a[0]}", "{{a}}", "  "):
        assert template_problems("k", broken), broken


@pytest.mark.parametrize("language", [REFERENCE, *OTHERS])
def test_every_template_formats(language: str) -> None:
    problems = [problem for key, template in sorted(catalog(language).items())
                for problem in template_problems(key, template)]
    assert problems == [], f"{language}.yaml:\n" + "\n".join(problems)


# --- the catalogs against the code ---------------------------------------------------------------------


def test_every_key_is_used_by_the_code() -> None:
    unused = unused_keys(set(catalog(REFERENCE)), scan_code())
    assert unused == [], (
        f"keys in {REFERENCE}.yaml that no code in {', '.join(CODE_FOLDERS)} uses "
        "(neither as a string nor through an f-string such as f\"phase.{...}\"):\n  " + "\n  ".join(unused))


def test_every_key_the_code_asks_for_exists() -> None:
    keys = set(catalog(REFERENCE))
    code = scan_code()
    missing = sorted(f"{name}  ({where})" for name, where in code.requested.items()
                     if KEY_SHAPE.match(name) and not is_known(name, keys))
    reachable = {name for key in keys for name in names_of(key)}
    empty_families = sorted(f"{pattern.pattern}  ({where})"
                            for where, pattern in code.requested_families.values()
                            if not any(pattern.fullmatch(name) for name in reachable))
    assert (missing, empty_families) == ([], []), (
        f"the code asks {REFERENCE}.yaml for keys it does not have\n  static: {missing}\n"
        f"  dynamic (no key matches): {empty_families}")


# --- the plan's words (docs/glossary.md) ---------------------------------------------------------------------

GLOSSARY_SPOT_CHECKS = {
    "nl": {
        "severity.weak.name": "zwak", "severity.minor.name": "klein", "severity.major.name": "groot",
        "severity.crisis.name": "crisis", "phase.notification": "melding en identificatie",
        "phase.activation": "activering en behandeling", "role.helpdesk_manager": "teamleider helpdesk",
        "role.helpdesk_operator": "helpdesk medewerker",
        "role.irp_manager": "beheerder incident management team",
        "phase.eradication": "eradication", "role.incident_response_team": "leden incidentbeheerteam",
        "role.business_continuity_team": "business continuity team",
        "role.crisis_management_team": "crisis management team",
    },
    "fr": {
        "severity.weak.name": "faible", "severity.minor.name": "mineur", "severity.major.name": "majeur",
        "severity.crisis.name": "crise", "phase.notification": "signalement et identification",
        "phase.eradication": "éradication", "role.crisis_management_team": "cellule de crise",
        "phase.activation": "activation et traitement", "role.helpdesk_manager": "responsable du helpdesk",
        "role.helpdesk_operator": "opérateur helpdesk",
        "role.irp_manager": "responsable de la réponse aux incidents",
        "role.incident_response_team": "équipe de réponse aux incidents",
        "role.business_continuity_team": "équipe de continuité d'activité",
    },
}
LOGBOOK_WORD = {"en": "logbook", "nl": "logboek", "fr": "journal de bord"}


@pytest.mark.parametrize(("language", "key", "word"),
                         [(lang, key, word) for lang, checks in GLOSSARY_SPOT_CHECKS.items()
                          for key, word in checks.items()])
def test_glossary_terms(language: str, key: str, word: str) -> None:
    assert catalog(language).get(key, "").casefold() == word


@pytest.mark.parametrize("language", sorted(set(LOGBOOK_WORD) - {REFERENCE}))
def test_the_logbook_is_called_by_its_name(language: str) -> None:
    """Every message that says "logbook" in English says the glossary's word in the other language."""
    reference, other = catalog(REFERENCE), catalog(language)
    word = LOGBOOK_WORD[language]
    talking_about_it = [key for key, text in reference.items() if LOGBOOK_WORD[REFERENCE] in text.casefold()]
    assert talking_about_it, f"no {REFERENCE} message mentions the logbook any more"
    wrong = sorted(key for key in talking_about_it if word not in other.get(key, "").casefold())
    assert wrong == [], f"{language}: these messages should say {word!r}: {wrong}"


def test_help_keeps_the_command_words() -> None:
    """The commands parse English words (bot.commands): help and usage lines keep them in every language,
    with the ``weak|minor|…`` choices and the ``:{reaction}:`` emoji syntax."""
    reference = catalog(REFERENCE)
    subcommand = "|".join(sorted(SUBCOMMANDS))
    command_words = re.compile(
        rf"/incident(?: (?:{subcommand})\b)?"  # /incident help, /incident log…
        r"|<?[a-z_]+(?:\|[a-z_]+)+>?"  # <weak|minor|major|crisis>, eradication|activation
        r"|:\{reaction\}:")
    problems = []
    for language in OTHERS:
        other = catalog(language)
        for key, text in sorted(reference.items()):
            for word in command_words.findall(text):
                if key in other and word not in other[key]:
                    problems.append(f"{language} {key}: {word!r} missing")
    assert problems == [], "\n".join(problems)

