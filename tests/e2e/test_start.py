"""Starting Sirene: wrong settings and invalid plans stop it with one clear line; e-mails are resolved."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import yaml

from tests.e2e.server import REPO
from tests.e2e.server import SireneServer
from tests.e2e.world import populate
from tests.e2e.world import sirene_env
from tests.e2e.world import write_plan
from tests.fakes.slack.server import FakeSlack


def serve(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot.cli", "serve"], cwd=cwd, capture_output=True, text=True,
                          timeout=60, env={"PATH": "/usr/bin:/bin", "LANG": "en_GB.UTF-8",
                                           "PYTHONPATH": str(REPO), **env})


def test_http_mode_without_signing_secret_names_the_setting(tmp_path: Path) -> None:
    result = serve({"SLACK_BOT_TOKEN": "xoxb-1-2-abc"}, tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "SLACK_SIGNING_SECRET" in lines[0] and "SLACK_APP_TOKEN" in lines[0]


def test_a_user_token_instead_of_a_bot_token_is_refused(tmp_path: Path) -> None:
    result = serve({"SLACK_BOT_TOKEN": "xoxp-1-2-abc", "SLACK_SIGNING_SECRET": "s"}, tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "Sirene cannot start: SLACK_BOT_TOKEN must be a bot token starting with xoxb- "
        "(Slack app → OAuth & Permissions)"]


def test_a_non_numeric_port_is_refused(tmp_path: Path) -> None:
    result = serve({"PORT": "http"}, tmp_path)
    assert result.returncode == 2 and "PORT" in result.stderr and "Traceback" not in result.stderr


def test_an_invalid_plan_stops_the_start_with_its_paths(fake_slack: FakeSlack, tmp_path: Path) -> None:
    helpdesk = populate(fake_slack)
    plan = write_plan(tmp_path / "plan.yaml", helpdesk)
    data = yaml.safe_load(plan.read_text())
    data["roles"]["bcp_manager"]["backup"] = "nobody"
    plan.write_text(yaml.safe_dump(data))
    result = serve(sirene_env(fake_slack, plan, f"sqlite:///{tmp_path / 'db.sqlite'}"), tmp_path)
    assert result.returncode == 2
    assert "roles.bcp_manager.backup: unknown user 'nobody'" in result.stderr
    assert "Traceback" not in result.stderr


def test_people_known_only_by_email_are_resolved_at_start(fake_slack: FakeSlack, tmp_path: Path) -> None:
    helpdesk = populate(fake_slack)
    plan = write_plan(tmp_path / "plan.yaml", helpdesk)
    data = yaml.safe_load(plan.read_text())
    del data["people"]["hugo"]["slack"]  # the IRP manager: U0HUGO, hugo@example.be in the workspace
    plan.write_text(yaml.safe_dump(data))
    server = SireneServer(sirene_env(fake_slack, plan, f"sqlite:///{tmp_path / 'db.sqlite'}"), tmp_path / "log")
    server.start()
    try:
        assert [c.args["email"] for c in fake_slack.calls_to("users.lookupByEmail")] == ["hugo@example.be"]
        assert httpx.get(f"{server.url}/healthz").status_code == 200
    finally:
        server.stop()


def test_an_email_unknown_to_slack_stops_the_start(fake_slack: FakeSlack, tmp_path: Path) -> None:
    helpdesk = populate(fake_slack)
    plan = write_plan(tmp_path / "plan.yaml", helpdesk)
    data = yaml.safe_load(plan.read_text())
    del data["people"]["iris"]["slack"]
    data["people"]["iris"]["email"] = "iris@elsewhere.example"
    plan.write_text(yaml.safe_dump(data))
    result = serve(sirene_env(fake_slack, plan, f"sqlite:///{tmp_path / 'db.sqlite'}"), tmp_path)
    assert result.returncode == 2
    assert "people.iris.email: unknown user: no slack account has this e-mail address" in result.stderr


def test_db_upgrade_and_help(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "LANG": "en_GB.UTF-8", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"}
    upgraded = subprocess.run([sys.executable, "-m", "bot.cli", "db", "upgrade"], cwd=REPO, env=env,
                              capture_output=True, text=True, timeout=60)
    assert upgraded.returncode == 0, upgraded.stderr
    assert "latest version" in upgraded.stdout and (tmp_path / "x.db").exists()
    helped = subprocess.run([sys.executable, "-m", "bot.cli", "--help"], cwd=REPO, env=env, capture_output=True,
                            text=True, timeout=60)
    assert helped.returncode == 0
    assert all(word in helped.stdout for word in ("serve", "plan", "db"))
