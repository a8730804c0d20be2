from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.server import SireneServer
from tests.e2e.world import write_plan
from tests.sandbox.driver import SandboxDriver

HELPDESK = "helpdesk"

Start = Callable[..., SireneServer]


def sandbox_env(plan: Path, database: str, **extra: str) -> dict[str, str]:
    return {"SIRENE_PLAN": str(plan), "DATABASE_URL": database, "SIRENE_TICK_SECONDS": "0.2", **extra}


@pytest.fixture
def start_sandbox(tmp_path: Path) -> Iterator[Start]:
    """Start ``sirene serve`` without platform credentials (the sandbox), in the plan's ``language``."""
    servers: list[SireneServer] = []

    def start(language: str = "en", database: str | None = None, **overrides: object) -> SireneServer:
        plan = write_plan(tmp_path / f"plan-{language}.yaml", HELPDESK, language, **overrides)
        url = database or f"sqlite:///{tmp_path / 'sirene.db'}"
        server = SireneServer(sandbox_env(plan, url), tmp_path / "sirene.log")
        servers.append(server)
        return server.start()

    yield start
    for server in servers:
        server.stop()
    log = servers[0].log() if servers else ""
    assert "Traceback" not in log and " ERROR " not in log, log


@pytest.fixture
def sandbox(start_sandbox: Start) -> Iterator[SandboxDriver]:
    server = start_sandbox("en")
    with SandboxDriver(server.url) as driver:
        yield driver
