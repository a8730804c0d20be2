"""The composition root: reads the settings and the plan, and wires storage, the core, the platforms,
the job runner, the scheduler and the HTTP server together. Nothing else builds objects."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient
from starlette.applications import Starlette
from starlette.routing import Route

from bot.clock import Clock, SystemClock
from bot.core import Core
from bot.directory import Directory
from bot.jobs.runner import JobRunner
from bot.plan import Plan
from bot.plan_loader import PlanInvalid, PlanProblem, load_plan
from bot.ports import ChatPort, ChatUnavailable
from bot.scheduler.tick import prepare, tick
from bot.settings import Settings, SettingsInvalid
from handlers.slack.chat import SlackChat
from handlers.slack.http import SlackEndpoint
from handlers.slack.listeners import Replies, register
from handlers.web.health import HealthEndpoint
from storage.engine import make_engine
from storage.migrate import current, upgrade
from storage.unit_of_work import SqlUnitOfWorkFactory

log = logging.getLogger("sirene")


@dataclass
class Sirene:
    """Everything a running Sirene is made of; ``asgi`` is what the HTTP server serves."""

    settings: Settings
    core: Core
    runner: JobRunner
    asgi: Starlette
    chats: dict[str, ChatPort]
    executor: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(8, "sirene-reply"))
    starters: list[Callable[[], Callable[[], None]]] = field(default_factory=list)
    """Connections started with the server (Socket Mode); each returns its stop function."""


def resolve_people(plan: Plan, chats: dict[str, ChatPort]) -> dict[tuple[str, str], str]:
    """Look up, on each platform, the people the plan names only by e-mail address."""
    resolved: dict[tuple[str, str], str] = {}
    problems: list[PlanProblem] = []
    for platform, chat in chats.items():
        for key, person in plan.people.items():
            if person.platform_id(platform) or not person.email:
                continue
            user_id = chat.find_user_by_email(person.email)
            if user_id is None:
                problems.append(PlanProblem(f"people.{key}.email", "unresolved_email", platform))
            else:
                resolved[(platform, key)] = user_id
    if problems:
        raise PlanInvalid(problems)
    return resolved


def _slack(settings: Settings) -> tuple[App, SlackChat, WebClient]:
    assert settings.slack_bot_token is not None
    # No retry handlers: a chat.postMessage retried after a lost answer would post twice. The job runner
    # retries, after looking for what the lost attempt posted.
    client = WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url, timeout=10,
                       retry_handlers=[])
    try:
        client.auth_test()
    except Exception as exc:
        raise SettingsInvalid("slack_auth", "SLACK_BOT_TOKEN") from exc
    app = App(client=client, signing_secret=settings.slack_signing_secret or "socket-mode-unused",
              token_verification_enabled=False, raise_error_for_unhandled_request=False,
              process_before_response=True,
              request_verification_enabled=not settings.slack_socket_mode or bool(settings.slack_signing_secret))
    return app, SlackChat(client), client


def build(settings: Settings, clock: Clock | None = None) -> Sirene:
    plan = load_plan(settings.plan_path())
    upgrade(settings.database_url)
    uow = SqlUnitOfWorkFactory(make_engine(settings.database_url))
    chats: dict[str, ChatPort] = {}
    slack: tuple[App, SlackChat, WebClient] | None = None
    if settings.slack_enabled:
        slack = _slack(settings)
        chats["slack"] = slack[1]
    try:
        resolved = resolve_people(plan, chats)
    except ChatUnavailable as exc:
        raise SettingsInvalid("slack_auth", "SLACK_API_URL") from exc
    core = Core(plan, Directory(plan, resolved), uow, clock or SystemClock(), platforms=tuple(sorted(chats)),
                late_after=timedelta(seconds=settings.sirene_late_after_seconds))
    runner = JobRunner(core, chats.__getitem__, tick=lambda: tick(core))
    core.wake_jobs = runner.wake
    routes = [Route("/healthz", HealthEndpoint(uow.healthy, sorted(chats)).handle, methods=["GET"])]
    sirene = Sirene(settings, core, runner, Starlette(), chats)
    if slack is not None:
        bolt, slack_chat, client = slack
        register(bolt, core, slack_chat, Replies(slack_chat, client, sirene.executor))
        routes.append(Route("/slack/events", SlackEndpoint(bolt).handle, methods=["POST"]))
        if settings.slack_socket_mode:
            sirene.starters.append(_socket_mode(bolt, settings))
    sirene.asgi = Starlette(routes=routes, lifespan=_lifespan(sirene))
    return sirene


def _socket_mode(bolt: App, settings: Settings) -> Callable[[], Callable[[], None]]:
    def start() -> Callable[[], None]:
        handler = SocketModeHandler(bolt, settings.slack_app_token)
        handler.connect()  # type: ignore[no-untyped-call]
        return handler.close

    return start


def _lifespan(sirene: Sirene) -> Callable[[Starlette], Any]:
    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        prepare(sirene.core)
        # This job only wakes the runner, whose thread runs the scheduler's tick and then the due jobs.
        # Everything that matters is in the database: a missed wake-up delays, it never skips.
        scheduler = BackgroundScheduler(timezone="UTC")
        scheduler.add_job(sirene.runner.wake, "interval", seconds=sirene.settings.sirene_tick_seconds,
                          id="sirene-tick", coalesce=True, max_instances=1, next_run_time=datetime.now(UTC))
        sirene.runner.start(poll_seconds=sirene.settings.sirene_tick_seconds)
        scheduler.start()
        sirene.runner.wake()
        stops = [start() for start in sirene.starters]
        try:
            yield
        finally:
            scheduler.shutdown(wait=False)
            for stop in stops:
                stop()
            sirene.runner.stop()
            sirene.executor.shutdown(wait=False)

    return lifespan


def upgrade_database(settings: Settings) -> str:
    """Apply the migrations; return the revision the database is now at."""
    upgrade(settings.database_url)
    return current(settings.database_url) or ""


def run_server(sirene: Sirene) -> None:
    """Serve until interrupted (uvicorn handles SIGINT/SIGTERM and the lifespan)."""
    import uvicorn

    settings = sirene.settings
    uvicorn.run(sirene.asgi, host=settings.sirene_host, port=settings.port, log_level="warning",
                timeout_graceful_shutdown=5)
