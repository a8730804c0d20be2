"""How many tagged messages Sirene records per second, sustained, and whether any is lost or doubled.

    .venv/bin/python -m bench.logbook_throughput [--seconds 60] [--senders 16] [--database sqlite|postgresql]

Tagged messages arrive as signed Events API deliveries into one incident channel (a busy major
incident), as fast as ``--senders`` concurrent connections allow. At the end every message must be
in the logbook exactly once.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
import uuid
from datetime import UTC
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy import text

from bench.confirmations import Confirmations
from bench.confirmations import burst_lines
from bench.harness import add_database_option
from bench.harness import chosen_databases
from bench.harness import cpu_seconds
from bench.harness import fake_slack
from bench.harness import fresh_postgres
from bench.harness import report
from bench.harness import rss_mb
from bench.harness import signed
from bench.harness import sirene
from bench.wire import Connection
from bench.wire import WireError
from tests.e2e.world import EMPLOYEE
from tests.e2e.world import button
from tests.e2e.world import wait_for
from tests.fakes.slack.events import build_event_callback
from tests.fakes.slack.events import message_event
from tests.fakes.slack.http_driver import SlackDriver
from tests.fakes.slack.server import FakeSlack

OPERATOR, RESPONDER = "U0DRIES", "U0LOTTE"


def open_incident(fake: FakeSlack, driver: SlackDriver) -> str:
    general = fake.channel_by_name("general")
    helpdesk = fake.channel_by_name("helpdesk")
    assert general is not None and helpdesk is not None
    driver.slash(EMPLOYEE, "Busy incident", general.id)
    view = wait_for(lambda: fake.last_view(EMPLOYEE), what="the report form")
    driver.submit_view(EMPLOYEE, view.id, {"description": "bench", "activities": ["email"],
                                           "detected_at": int(datetime.now(UTC).timestamp()) - 60})
    triage = wait_for(lambda: next((m for m in fake.messages(helpdesk.id) if "INC-" in m.text), None), what="triage")
    driver.click(OPERATOR, helpdesk.id, triage.ts, button(triage, "sirene.classify", "INC-2026-0001|major"))
    channel = wait_for(lambda: fake.channel_by_name("inc-2026-0001-busy-incident"), what="the channel")
    wait_for(lambda: RESPONDER in fake.channel(channel.id).members, what="the responders")
    return channel.id


def bodies(fake: FakeSlack, channel_id: str, count: int) -> list[bytes]:
    """Tagged messages stored in the fake (so confirmations find them) and their event deliveries."""
    out = []
    for n in range(count):
        message = fake.store_user_message(RESPONDER, channel_id, f"!action bench step {n}")
        body = build_event_callback(fake, message_event(fake, message), event_id=f"Ev{uuid.uuid4().hex[:16]}",
                                    event_time=int(time.time()))
        out.append(json.dumps(body).encode())
    return out


async def send_all(url: str, payloads: list[bytes], senders: int, seconds: float) -> tuple[int, float, int]:
    """Each sender keeps one connection and posts the next delivery as soon as the last one is answered."""
    sent = 0
    failures = 0
    start = time.perf_counter()
    queue = iter(payloads)

    async def sender() -> None:
        nonlocal sent, failures
        connection = Connection(url)
        try:
            while time.perf_counter() - start < seconds:
                body = next(queue, None)
                if body is None:
                    return
                try:
                    status, _ = await connection.post(body, signed(body, "application/json"))
                except WireError:
                    status = 0
                sent += 1
                failures += status != 200
        finally:
            await connection.close()

    await asyncio.gather(*(sender() for _ in range(senders)))
    return sent, time.perf_counter() - start, failures


def count_entries(database_url: str) -> tuple[int, int]:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        total = connection.execute(text("SELECT count(*) FROM logbook_entry WHERE source = 'tag'")).scalar_one()
        distinct = connection.execute(text(
            "SELECT count(DISTINCT message_id) FROM logbook_entry WHERE source = 'tag'")).scalar_one()
    engine.dispose()
    return int(total), int(distinct)


def run(database: str, seconds: float, senders: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder, fake_slack() as fake:
        url_db = f"sqlite:///{Path(folder) / 'sirene.db'}" if database == "sqlite" else fresh_postgres()
        with sirene(fake, Path(folder), url_db) as server:
            url = f"{server.url}/slack/events"
            with SlackDriver(url, "8f742231b10e8888abcd99yyyzzz85a5", fake) as driver:
                channel_id = open_incident(fake, driver)
            payloads = bodies(fake, channel_id, int(seconds * 1500))
            assert server.process is not None
            cpu = cpu_seconds(server.process.pid)
            sent, elapsed, failures = asyncio.run(send_all(url, payloads, senders, seconds))
            cpu = cpu_seconds(server.process.pid) - cpu
            total, distinct = count_entries(url_db)
            drained = confirmations_drained(url_db, CONFIRMATIONS_WAIT)
            rss = rss_mb(server.process.pid)
            sequences = entry_sequences(url_db)
            confirmations = Confirmations(fake)
            unconfirmed = sum(1 for key, sequence in sequences.items() if confirmations.at(key, sequence) is None)
            reactions = sum(1 for c in fake.calls_to("reactions.add") if c.ok)
            lines = len(burst_lines(fake, channel_id))
    return {"database": database, "sent": sent, "seconds": round(elapsed, 1), "non_200": failures,
            "recorded": total, "distinct": distinct, "lost": sent - distinct, "doubled": total - distinct,
            "per_second": sent / elapsed if not failures else (sent - failures) / elapsed,
            "server_cpu_ms_per_msg": cpu * 1000 / max(sent, 1), "rss_mb": rss,
            "confirmed_by_reaction": reactions, "burst_lines": lines, "unconfirmed": unconfirmed,
            "all_confirmed_after_s": drained}


CONFIRMATIONS_WAIT = 300.0
"""Seconds the bench waits, after the last message, for every confirmation to be done."""


def confirmations_drained(database_url: str, timeout: float) -> float | None:
    """Seconds from now until no logbook confirmation is waiting any more (``None``: not within ``timeout``)."""
    engine = create_engine(database_url)
    started = time.monotonic()
    try:
        while time.monotonic() - started < timeout:
            with engine.connect() as connection:
                waiting = connection.execute(text(
                    "SELECT count(*) FROM job WHERE kind = 'log.confirm' AND done_at IS NULL")).scalar_one()
            if not waiting:
                return round(time.monotonic() - started, 1)
            time.sleep(0.2)
        return None
    finally:
        engine.dispose()


def entry_sequences(database_url: str) -> dict[tuple[str, str], int]:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT message_channel, message_id, sequence FROM logbook_entry WHERE source = 'tag'")).all()
    engine.dispose()
    return {(str(channel), str(message)): int(sequence) for channel, message, sequence in rows}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--senders", type=int, default=16)
    add_database_option(parser)
    args = parser.parse_args()
    databases = chosen_databases(args)
    rows = [run(database, args.seconds, args.senders) for database in databases]
    report("logbook_throughput", rows, {"per_second": "≥ 500/s on SQLite, sustained 60 s", "lost": "0",
                                        "doubled": "0", "unconfirmed": "0 (each entry: a ✅ or a line for its burst)"})


if __name__ == "__main__":
    main()
