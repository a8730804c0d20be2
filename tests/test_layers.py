"""The core stays platform-neutral: bot/ imports neither platforms, HTTP, nor SQL (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FORBIDDEN_IN_CORE = ("slack_bolt", "slack_sdk", "sqlmodel", "sqlalchemy", "alembic", "httpx", "starlette",
                     "uvicorn", "requests", "handlers", "storage", "psycopg", "websockets")
COMPOSITION_ROOT = REPO / "bot" / "composition_root.py"
"""The one module of the core that may import the platforms and storage: it wires them together."""


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def offending(folder: str, forbidden: tuple[str, ...], exempt: set[Path]) -> list[str]:
    problems = []
    for path in sorted((REPO / folder).rglob("*.py")):
        if path in exempt:
            continue
        for module in imported_modules(path):
            if module.split(".")[0] in forbidden:
                problems.append(f"{path.relative_to(REPO)} imports {module}")
    return problems


def test_core_imports_no_platform_http_or_sql() -> None:
    assert offending("bot", FORBIDDEN_IN_CORE, {COMPOSITION_ROOT}) == []


def test_the_composition_root_is_the_one_exception() -> None:
    importers = {problem.split(" imports ")[0] for problem in offending("bot", FORBIDDEN_IN_CORE, set())}
    assert importers == {str(COMPOSITION_ROOT.relative_to(REPO))}


def test_storage_does_not_know_the_platforms() -> None:
    assert offending("storage", ("slack_bolt", "slack_sdk", "handlers", "starlette"), set()) == []


def test_handlers_do_not_touch_sql() -> None:
    assert offending("handlers", ("sqlmodel", "sqlalchemy", "storage", "psycopg"), set()) == []


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    module = tmp_path / "leak.py"
    module.write_text("from slack_sdk import WebClient\nimport sqlalchemy.orm\n")
    assert imported_modules(module) == {"slack_sdk", "sqlalchemy.orm"}


def test_no_work_at_import_time_in_the_core() -> None:
    """Module bodies hold definitions only: no calls at top level except constants and type helpers."""
    allowed_calls = {"frozenset", "TypeVar", "Annotated", "BeforeValidator", "compile", "getLogger", "Field",
                     "LogbookSettings", "ChannelSettings", "SettingsConfigDict", "ConfigDict", "timedelta",
                     "re.compile", "logging.getLogger"}
    problems = []
    for path in sorted((REPO / "bot").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
                problems.append(f"{path.relative_to(REPO)}:{node.lineno} calls at import time")
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Call):
                func = node.value.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name not in allowed_calls and not name[:1].isupper():
                    problems.append(f"{path.relative_to(REPO)}:{node.lineno} calls {name} at import time")
    assert problems == []


def test_table_modules_build_on_the_base_not_on_each_other() -> None:
    """``storage/tables.py`` gathers its sibling table modules; they import ``storage.base``, never it back."""
    siblings = [path for path in (REPO / "storage").glob("*_tables.py")]
    assert siblings
    for path in siblings:
        assert "storage.tables" not in imported_modules(path), path.name
