"""Starting Sirene: a database that cannot be reached or opened, and a port already in use, stop it with one
line naming the setting (never a traceback, never "listens on" first); the running log keeps to what an
operator needs (no line per scheduler tick)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.server import REPO
from tests.e2e.test_slack_story import report
from tests.e2e.test_slack_story import triage_message
from tests.e2e.test_start import serve
from tests.e2e.world import World
from tests.fakes.slack.http_driver import SlackDriver

PLAN = str(REPO / "plan.example.yaml")


@pytest.mark.parametrize(("url", "cause"), [
    ("postgresql://127.0.0.1:1/sirene", "Connection refused"),  # wrong port
    ("sqlite:////no/such/folder/sirene.db", "unable to open database file"),  # wrong path
    ("mysql://sirene@127.0.0.1/sirene", "MySQLdb"),  # a driver that is not installed
])
def test_a_database_that_cannot_be_opened_stops_with_one_line(tmp_path: Path, url: str, cause: str) -> None:
    result = serve({"SIRENE_PLAN": PLAN, "DATABASE_URL": url, "PORT": str(_free_port())}, tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Sirene cannot start: DATABASE_URL cannot be reached or opened: ")
    assert cause in lines[0]
    assert "listens" not in result.stdout


@pytest.fixture
def taken_port() -> Iterator[int]:
    holder = socket.socket()
    holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    try:
        yield holder.getsockname()[1]
    finally:
        holder.close()


def test_a_port_in_use_is_named_before_anything_claims_to_listen(tmp_path: Path, taken_port: int) -> None:
    env = {"SIRENE_PLAN": PLAN, "DATABASE_URL": f"sqlite:///{tmp_path / 'sirene.db'}", "PORT": str(taken_port),
           "SIRENE_HOST": "127.0.0.1"}
    result = serve(env, tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"Sirene cannot start: port {taken_port} is in use: set PORT "
                                                  "(another Sirene, or another program, listens on it)"]
    assert "listens" not in result.stdout


def test_the_log_has_no_line_per_scheduler_tick(world: World, slack: SlackDriver) -> None:
    triage_message(world, report(world, slack))  # the tick ran many times meanwhile (every 0.2 s)
    log = world.server.log()
    assert "Running job" not in log and "executed successfully" not in log
    assert "setup plugin" not in log


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
