"""The plan's ``sources``: checked with clear errors, tokens read from the environment at start, and each
source's rate limit."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.clock import FixedClock
from bot.log_redaction import RedactingFormatter
from bot.log_redaction import redact_also
from bot.plan_loader import PlanInvalid
from bot.plan_loader import parse_plan
from bot.rate_limit import RateLimiter
from bot.settings import SettingsInvalid
from bot.sources import Rate
from bot.sources import SourceKind
from bot.sources import environment
from bot.sources import source_tokens
from tests.contracts import REPO

SHOP = {"name": "shop", "kind": "customer", "token_env": "SIRENE_TOKEN_SHOP", "rate": "10/min"}


def plan_with(*sources: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((REPO / "plan.example.yaml").read_text(encoding="utf-8"))
    data["sources"] = list(sources)
    return data


def problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(PlanInvalid) as caught:
        parse_plan(data)
    return [(p.path, p.key) for p in caught.value.problems]


def test_sources_are_read_with_a_sane_default_rate() -> None:
    plan = parse_plan(plan_with(SHOP, {"name": "prometheus", "kind": "monitoring", "token_env": "PROM_TOKEN",
                                       "severity": "minor"}))
    shop, prometheus = plan.sources
    assert shop.kind is SourceKind.CUSTOMER and shop.rate == Rate(10, timedelta(minutes=1))
    assert prometheus.rate == Rate(30, timedelta(minutes=1))
    assert plan.source("prometheus") is prometheus and plan.source("nope") is None


def test_every_mistake_in_sources_is_named_with_its_path() -> None:
    found = problems(plan_with(
        {**SHOP, "rate": "lots"},
        {"name": "Shop!", "kind": "partner", "token_env": "lower-case"},
        {**SHOP, "colour": "red"},
        {"kind": "other", "token_env": "X_TOKEN"},
    ))
    assert ("sources.0.rate", "intake_plan.rate") in found
    assert ("sources.1.name", "pattern") in found
    assert ("sources.1.kind", "one_of") in found
    assert ("sources.1.token_env", "intake_plan.token_env") in found
    assert ("sources.2.colour", "unknown_key") in found
    assert ("sources.3.name", "missing") in found
    assert problems(plan_with(SHOP, SHOP)) == [("sources.1.name", "duplicate"), ("sources.1.token_env", "duplicate")]


def test_sirene_plan_check_explains_a_wrong_source(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(plan_with({**SHOP, "rate": "0/min"})), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "bot.cli", "plan", "check", str(path)], cwd=REPO,
                         capture_output=True, text=True, env={**os.environ, "LANG": "en_GB.UTF-8"}, timeout=60)
    assert run.returncode == 1
    assert "sources.0.rate: must be a rate like 30/min" in run.stderr


def test_tokens_come_from_the_environment_and_must_be_strong() -> None:
    plan = parse_plan(plan_with(SHOP, {"name": "b", "token_env": "B_TOKEN"}))
    tokens = source_tokens(plan.sources, {"SIRENE_TOKEN_SHOP": "s" * 20, "B_TOKEN": "b" * 16})
    assert [s.name for s in tokens.values()] == ["shop", "b"]
    for environ, variable, key in (
        ({"B_TOKEN": "b" * 16}, "SIRENE_TOKEN_SHOP", "intake_settings.token_missing"),
        ({"SIRENE_TOKEN_SHOP": "short", "B_TOKEN": "b" * 16}, "SIRENE_TOKEN_SHOP", "intake_settings.token_short"),
        ({"SIRENE_TOKEN_SHOP": "s" * 20, "B_TOKEN": "s" * 20}, "B_TOKEN", "intake_settings.token_shared"),
    ):
        with pytest.raises(SettingsInvalid) as caught:
            source_tokens(plan.sources, environ)
        assert (caught.value.variable, caught.value.key) == (variable, key)


def test_a_missing_token_stops_the_start_with_one_line_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(plan_with(SHOP)), encoding="utf-8")
    env = {"PATH": os.environ.get("PATH", ""), "LANG": "en_GB.UTF-8", "SIRENE_PLAN": str(path),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'sirene.db'}", "SIRENE_SANDBOX": "on"}
    run = subprocess.run([sys.executable, "-m", "bot.cli", "serve"], cwd=REPO, capture_output=True, text=True,
                         env=env, timeout=60)
    assert run.returncode == 2
    lines = [line for line in run.stderr.strip().splitlines() if " INFO " not in line]  # alembic's start-up
    assert len(lines) == 1 and "SIRENE_TOKEN_SHOP" in lines[0] and "must be set" in lines[0], run.stderr


def test_each_source_has_its_own_bucket_refilled_evenly() -> None:
    clock = FixedClock(datetime(2026, 12, 4, 3, 0, tzinfo=UTC))
    limiter, rate = RateLimiter(clock.now), Rate(3, timedelta(minutes=1))
    assert [limiter.take("a", rate) for _ in range(3)] == [None, None, None]
    assert limiter.take("a", rate) == 20  # one more token every 20 seconds
    assert limiter.take("b", rate) is None
    clock.set(clock.now() + timedelta(seconds=10))
    assert limiter.take("a", rate) == 10
    clock.set(clock.now() + timedelta(seconds=10))
    assert limiter.take("a", rate) is None
    assert limiter.take("a", rate) == 20


def test_tokens_may_also_come_from_the_env_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("SIRENE_TOKEN_SHOP=from-the-env-file-0123\nOTHER=1\n", encoding="utf-8")
    monkeypatch.delenv("SIRENE_TOKEN_SHOP", raising=False)
    assert environment(env_file)["SIRENE_TOKEN_SHOP"] == "from-the-env-file-0123"
    monkeypatch.setenv("SIRENE_TOKEN_SHOP", "from-the-process-0123456")
    assert environment(env_file)["SIRENE_TOKEN_SHOP"] == "from-the-process-0123456", "the process wins"
    assert "SIRENE_TOKEN_SHOP" in environment(tmp_path / "absent.env")


def test_source_tokens_are_redacted_from_the_log_once_known() -> None:
    handler = logging.StreamHandler(io.StringIO())
    handler.setFormatter(RedactingFormatter([]))
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        redact_also(["a-source-token-0123456789"])
        logging.getLogger("sirene.test").warning("GET /report/a-source-token-0123456789")
    finally:
        root.removeHandler(handler)
    stream = handler.stream
    assert isinstance(stream, io.StringIO)
    assert "/report/[redacted]" in stream.getvalue() and "0123456789" not in stream.getvalue()
