"""A running Sirene (fake Slack) whose plan declares report sources, and helpers to read what it stored."""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.server import SireneServer
from tests.e2e.world import World
from tests.e2e.world import populate
from tests.e2e.world import sirene_env
from tests.e2e.world import write_plan
from tests.fakes.slack.model import Message
from tests.fakes.slack.server import FakeSlack
from tests.fakes.smtp import MailServer
from tests.fakes.smtp import start_mail_server

TOKENS = {
    "shop": "shop-token-0123456789abcdef",
    "prometheus": "prom-token-0123456789abcdef",
    "grafana": "graf-token-0123456789abcdef",
    "flood": "flood-token-0123456789abcdef",
    "fuzz": "fuzz-token-0123456789abcdef",
}
SOURCES = [
    {"name": "shop", "kind": "customer", "token_env": "SIRENE_TOKEN_SHOP", "rate": "60/min"},
    {"name": "prometheus", "kind": "monitoring", "token_env": "SIRENE_TOKEN_PROMETHEUS", "severity": "minor"},
    {"name": "grafana", "kind": "monitoring", "token_env": "SIRENE_TOKEN_GRAFANA"},
    {"name": "flood", "kind": "other", "token_env": "SIRENE_TOKEN_FLOOD", "rate": "2/hour"},
    {"name": "fuzz", "kind": "other", "token_env": "SIRENE_TOKEN_FUZZ", "rate": "100000/min"},
]


@dataclass
class IntakeWorld(World):
    database: Path
    client: httpx.Client
    mail: MailServer

    def mails_to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.mail.messages() if address in str(m["To"])]

    def post(self, path: str, source: str | None, body: Any = None, **extra: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {TOKENS[source]}"} if source else {}
        headers.update(extra.pop("headers", {}))
        return self.client.post(f"{self.server.url}{path}", json=body, headers=headers, **extra)

    def logbook(self, number: str) -> list[str]:
        with sqlite3.connect(self.database) as db:
            rows = db.execute("SELECT e.text FROM logbook_entry e JOIN incident i ON i.id = e.incident_id "
                              "WHERE i.number = ? ORDER BY e.sequence", (number,)).fetchall()
        return [str(row[0]) for row in rows]

    def incidents(self) -> list[tuple[str, str, str]]:
        """``(number, reporter_id, phase)`` of every incident."""
        with sqlite3.connect(self.database) as db:
            rows = db.execute("SELECT number, reporter_id, phase FROM incident ORDER BY id").fetchall()
        return [(str(a), str(b), str(c)) for a, b, c in rows]

    def suggested(self, number: str) -> str | None:
        with sqlite3.connect(self.database) as db:
            row = db.execute("SELECT suggested_severity FROM incident WHERE number = ?", (number,)).fetchone()
        return str(row[0]) if row and row[0] else None

    def triage(self) -> list[str]:
        """The texts (blocks included) of the bot's top-level messages in the helpdesk."""
        return [str(m.blocks or m.text) for m in self.fake.messages(self.helpdesk, include_replies=False)
                if m.bot_id]

    def triage_of(self, number: str) -> Message | None:
        """The report's triage line, or the grouped card it shares with reports made just before it (they wait
        for the helpdesk's pace together)."""
        return next((m for m in self.fake.messages(self.helpdesk, include_replies=False)
                     if m.bot_id and number in str(m.blocks or m.text)), None)


@pytest.fixture(scope="package")
def intake(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IntakeWorld]:
    """One Sirene for every intake test (starting one takes seconds): tests use their own dedup keys and
    count what they add."""
    tmp_path = tmp_path_factory.mktemp("intake")
    fake_slack = FakeSlack().start()
    mail = start_mail_server()
    try:
        yield from _running(fake_slack, mail.server, tmp_path)
    finally:
        fake_slack.stop(wait=False)
        mail.stop()
    assert fake_slack.violations == [], "Slack contract violations:\n" + "\n".join(fake_slack.violations)


def _running(fake_slack: FakeSlack, mail: MailServer, tmp_path: Path) -> Iterator[IntakeWorld]:
    helpdesk = populate(fake_slack)
    plan = write_plan(tmp_path / "plan.yaml", helpdesk, sources=SOURCES)
    database = tmp_path / "sirene.db"
    env = {f"SIRENE_TOKEN_{name.upper()}": token for name, token in TOKENS.items()}
    env.update(SIRENE_PUBLIC_URL="https://sirene.example.be", SIRENE_SMTP_URL=mail.url(),
               SIRENE_MAIL_FROM="sirene@voorbeeld.example", SIRENE_SECRET_KEY=secrets.token_hex(24))
    server = SireneServer(sirene_env(fake_slack, plan, f"sqlite:///{database}", **env), tmp_path / "sirene.log")
    server.start()
    try:
        with httpx.Client(timeout=20) as client:
            yield IntakeWorld(fake_slack, helpdesk, server, database, client, mail)
    finally:
        server.stop()
    log = server.log()
    assert "Traceback" not in log and " ERROR " not in log, log
    assert not any(token in log for token in TOKENS.values()), "a token was written to the log"
