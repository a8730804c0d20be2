"""The composition root: reads the settings and the plan, and wires storage, the core, the platforms,
the job runner, the scheduler and the HTTP server together. Nothing else builds objects."""

from __future__ import annotations

import logging
import secrets
import sqlite3
import sys
from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import cast

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Route

from bot.clock import Clock
from bot.clock import SystemClock
from bot.core import Core
from bot.directory import Directory
from bot.directory import resolve_people
from bot.i18n import Translator
from bot.jobs.outbox import Pacer
from bot.jobs.runner import JobRunner
from bot.languages import UserLanguages
from bot.log_redaction import redact_also
from bot.mail import MailRejected
from bot.mail import MailUnavailable
from bot.page_links import PageLinks
from bot.plan import Plan
from bot.plan_loader import load_plan
from bot.platform_health import PlatformHealth
from bot.platform_health import WatchedChat
from bot.ports import ChatPort
from bot.ports import ChatUnavailable
from bot.ports import StorageUnavailable
from bot.rate_limit import RateLimiter
from bot.sandbox_store import ChannelKind
from bot.scheduler.outage import during_outage
from bot.scheduler.tick import seconds_to_next
from bot.scheduler.tick import tick
from bot.server import Sirene
from bot.server import lifespan
from bot.settings import Settings
from bot.settings import SettingsInvalid
from bot.settings import read_settings
from bot.sources import environment
from bot.sources import source_tokens
from bot.usecases import logbook
from bot.usecases.interaction import form_expired
from handlers.intake_api.routes import intake_routes
from handlers.mail.smtp import SmtpMail
from handlers.mail.smtp import SmtpUrlInvalid
from handlers.mattermost.chat import MattermostChat
from handlers.mattermost.connect import connect_mattermost
from handlers.mattermost.connect import mattermost_routes
from handlers.mattermost.settings import MattermostSettings
from handlers.mattermost.signing import Signer
from handlers.sandbox.api import SandboxApp
from handlers.sandbox.chat import SandboxChat
from handlers.sandbox.http import sandbox_routes
from handlers.sandbox.live import Live
from handlers.sandbox.mailbox import SandboxPost
from handlers.sandbox.mailbox import mailbox_routes
from handlers.sandbox.people import People
from handlers.slack.connect import SlackParts
from handlers.slack.connect import connect_slack
from handlers.slack.connect import socket_mode_starter
from handlers.slack.http import SlackEndpoint
from handlers.slack.listeners import Replies
from handlers.slack.listeners import register
from handlers.slack.settings import SlackSettings
from handlers.sms.webhook import SmsWebhook
from handlers.web.health import HealthEndpoint
from handlers.web.metrics import MeteredChat
from handlers.web.metrics import Metrics
from handlers.web.metrics import MetricsEndpoint
from handlers.web.metrics import RequestTiming
from handlers.web.page_link import PATH as PAGE_LINK_PATH
from handlers.web.page_link import PageLinkEndpoint
from storage.advisory_locks import AdvisoryKeyLocks
from storage.backup import BackupFailed
from storage.backup import BackupUnavailable
from storage.backup import backup
from storage.backup import default_name
from storage.engine import make_engine
from storage.migrate import DatabaseUnopenable
from storage.migrate import current
from storage.migrate import upgrade_at_start
from storage.operations import snapshot
from storage.post_slots import DatabasePostSlots
from storage.rate_buckets import DatabaseRateBuckets
from storage.retention import purge_old
from storage.sandbox import SqlSandboxStore
from storage.unit_of_work import SqlUnitOfWorkFactory

log = logging.getLogger("sirene")


@dataclass(frozen=True)
class PlatformSettings:
    """The chat platforms' settings, each defined beside its handlers."""

    slack: SlackSettings
    mattermost: MattermostSettings

    @property
    def any_enabled(self) -> bool:
        return self.slack.enabled or self.mattermost.enabled

    def secrets(self) -> list[str | None]:
        return [*self.slack.secrets(), *self.mattermost.secrets()]


def read_platform_settings() -> PlatformSettings:
    return PlatformSettings(read_settings(SlackSettings), read_settings(MattermostSettings))


def load_settings() -> tuple[Settings, PlatformSettings]:
    """Sirene's settings and the platforms', read from the environment and checked together: the first
    setting to fix stops the start, named in one line."""
    settings = read_settings(Settings)
    platforms = read_platform_settings()
    platforms.slack.check()
    platforms.mattermost.check(settings.sirene_public_url, settings.sirene_secret_key)
    settings.check()
    return settings, platforms


def _with_sandbox_helpdesk(plan: Plan) -> Plan:
    """The sandbox's helpdesk channel is ``helpdesk`` unless the plan names one for it."""
    if "sandbox" in plan.helpdesk_channel:
        return plan
    return plan.model_copy(update={"helpdesk_channel": {**plan.helpdesk_channel, "sandbox": "helpdesk"}})


def _mail(settings: Settings) -> SmtpMail | None:
    """The SMTP adapter when ``SIRENE_SMTP_URL`` is set, checked at start (the server answers and takes the
    login): a start that could not page by e-mail stops with one line naming the setting."""
    if not settings.sirene_smtp_url:
        return None
    try:
        mail = SmtpMail(settings.sirene_smtp_url, settings.sirene_mail_from or "")
    except SmtpUrlInvalid:
        raise SettingsInvalid(key="mail_settings.url_format", variable="SIRENE_SMTP_URL") from None
    try:
        mail.check()
    except MailRejected:
        raise SettingsInvalid(key="mail_settings.rejected", variable="SIRENE_SMTP_URL") from None
    except MailUnavailable:
        raise SettingsInvalid(key="mail_settings.unreachable", variable="SIRENE_SMTP_URL") from None
    return mail


def _open_database(settings: Settings) -> None:
    """Migrate the database at start; one that cannot be reached or opened names ``DATABASE_URL``."""
    try:
        upgrade_at_start(settings.database_url)
    except DatabaseUnopenable as exc:
        raise SettingsInvalid("database", "DATABASE_URL") from exc


def build(settings: Settings, clock: Clock | None = None, platforms: PlatformSettings | None = None) -> Sirene:
    """Everything wired; ``platforms`` read from the environment when not given."""
    platforms = platforms or read_platform_settings()
    plan = load_plan(settings.plan_path())
    tokens = source_tokens(plan.sources, environment())  # a source without its token stops the start
    redact_also(tokens)
    mail = _mail(settings)
    _open_database(settings)
    engine = make_engine(settings.database_url)
    uow = SqlUnitOfWorkFactory(engine)
    chats: dict[str, ChatPort] = {}
    slack: SlackParts | None = None
    if platforms.slack.enabled:
        slack = connect_slack(platforms.slack)
        chats["slack"] = slack.chat
    mattermost: tuple[MattermostChat, Signer] | None = None
    if platforms.mattermost.enabled:
        mattermost = connect_mattermost(platforms.mattermost, settings.sirene_public_url, settings.sirene_secret_key)
        chats["mattermost"] = mattermost[0]
    sandbox: tuple[SandboxChat, SqlSandboxStore, Live] | None = None
    if settings.sandbox_enabled(platforms.any_enabled):
        plan = _with_sandbox_helpdesk(plan)
        store, live = SqlSandboxStore(engine), Live()
        emails = {p.email: key for key, p in plan.people.items() if p.email}
        sandbox = SandboxChat(store, live, settings.local_url, emails), store, live
        chats["sandbox"] = sandbox[0]
    try:
        resolved = resolve_people(plan, chats)
    except ChatUnavailable as exc:
        if platforms.slack.enabled:
            raise SettingsInvalid("slack_auth", "SLACK_API_URL") from exc
        raise SettingsInvalid(key="mattermost_settings.unreachable", variable="MATTERMOST_URL") from exc
    core = Core(plan, Directory(plan, resolved), uow, clock or SystemClock(), platforms=tuple(sorted(chats)),
                late_after=timedelta(seconds=settings.sirene_late_after_seconds), mail=mail)
    languages = UserLanguages(chats.get, core.now)
    core.user_languages = languages
    core.health = PlatformHealth(timedelta(seconds=settings.sirene_platform_down_after_seconds))
    metrics = Metrics(lambda: snapshot(uow, datetime.now(UTC)))
    metered = {platform: MeteredChat(chat, metrics).as_port() for platform, chat in chats.items()}
    watched = {platform: cast(ChatPort, WatchedChat(metered[platform], platform, core.health, core.now))
               for platform in chats}  # a platform failing for a while is down: see bot.platform_health
    # Several replicas may share PostgreSQL: their posting slots, the matching of a repeated report and each
    # source's rate budget are shared too (one process on SQLite keeps its own in memory).
    interval = settings.sirene_post_interval_seconds
    shared = engine.dialect.name == "postgresql"
    slots = DatabasePostSlots(engine, interval) if shared else Pacer(interval)
    limiter = DatabaseRateBuckets(engine) if shared else RateLimiter(core.now)
    if shared:
        core.key_locks = AdvisoryKeyLocks(engine)
    runner = JobRunner(core, watched.__getitem__, tick=lambda: tick(core) + during_outage(core),
                       next_due=lambda: seconds_to_next(core), pacer=slots)
    core.wake_jobs = runner.wake
    core.wake_jobs_soon = runner.wake_soon
    health = HealthEndpoint(uow.healthy, sorted(chats), lambda: core.health.degraded(core.now()))
    routes = [Route("/healthz", health.handle, methods=["GET"]),
              Route("/metrics", MetricsEndpoint(metrics).handle, methods=["GET"])]
    routes += intake_routes(core, tokens, settings.sirene_public_url or settings.local_url, limiter)
    if settings.sirene_secret_key and settings.sirene_public_url:
        core.page_links = PageLinks(settings.sirene_secret_key, settings.sirene_public_url)
    if sandbox is not None:  # the Mail tab shows what would be sent: no mail server needed to try it
        core.mail, core.sms = core.mail or SandboxPost(), core.sms or SandboxPost()
        core.page_links = core.page_links or PageLinks(secrets.token_urlsafe(32), settings.local_url)
        routes += mailbox_routes(core)
    if core.page_links is not None:
        routes.append(Route(PAGE_LINK_PATH, PageLinkEndpoint(core).handle, methods=["GET", "POST"]))
    sirene = Sirene(settings, core, runner, Starlette(), chats)
    sirene.periodic.append(("sirene-retention", RETENTION_EVERY_SECONDS,
                            partial(_retention, uow, settings.sirene_retention_days)))
    if settings.sirene_sms_webhook_url and settings.sirene_sms_webhook_secret:
        sms = SmsWebhook(settings.sirene_sms_webhook_url, settings.sirene_sms_webhook_secret)
        core.sms = sms
        sirene.closers.append(sms.close)
    sirene.closers.append(core.logbook_intake.close)
    if sandbox is not None:
        sandbox_chat, store, live = sandbox
        store.ensure_channel(plan.helpdesk_channel["sandbox"], "helpdesk", ChannelKind.PUBLIC)
        app = SandboxApp(core, sandbox_chat, store, People(core.directory), live,
                         lambda user_id: languages.forget("sandbox", user_id), secrets.token_urlsafe(24))
        routes += sandbox_routes(app)
        sirene.sandbox_url = settings.local_url
    if slack is not None:
        bolt = slack.app
        expired = partial(form_expired, core)
        register(bolt, core, slack.chat, Replies(slack.chat, slack.client, sirene.executor, expired))
        if platforms.slack.slack_signing_secret:  # HTTP mode; Socket Mode alone needs no public endpoint
            endpoint = SlackEndpoint(bolt, platforms.slack.slack_signing_secret, slack.team_id,
                                     partial(logbook.tagged_arrival, core, "slack"),
                                     partial(logbook.record_arrival, core))
            routes.append(Route("/slack/events", endpoint.handle, methods=["POST"]))
        if platforms.slack.socket_mode:
            sirene.starters.append(socket_mode_starter(bolt, platforms.slack))
    if mattermost is not None:
        public_url = settings.sirene_public_url or ""
        routes.extend(mattermost_routes(platforms.mattermost, public_url, sirene, plan, *mattermost))
    sirene.asgi = Starlette(routes=routes, lifespan=lifespan(sirene),
                            middleware=[Middleware(RequestTiming, metrics=metrics, routes=routes)])
    return sirene


RETENTION_EVERY_SECONDS = 3600.0


def _retention(uow: SqlUnitOfWorkFactory, days: int) -> None:
    """Done jobs and seen events older than the retention go (their times are the wall clock's)."""
    try:
        purge_old(uow, datetime.now(UTC), days)
    except StorageUnavailable as exc:
        log.warning("retention postponed: the database is unreachable (%s)", exc)


def offline_core(settings: Settings, clock: Clock | None = None) -> Core:
    """The core without any chat platform, for the command line (exports, logbook checks, printing the plan).

    People the plan names only by e-mail are shown by their id where no platform resolved them.
    """
    plan = load_plan(settings.plan_path())
    _open_database(settings)
    uow = SqlUnitOfWorkFactory(make_engine(settings.database_url))
    return Core(plan, Directory(plan), uow, clock or SystemClock())


def upgrade_database(settings: Settings) -> str:
    """Apply the migrations; return the revision the database is now at."""
    _open_database(settings)
    return current(settings.database_url) or ""


def backup_database(settings: Settings, output: str | None, tr: Translator) -> int:
    """``sirene db backup``: 0 when written, 2 when this database cannot be backed up from here."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = Path(output or default_name(settings.database_url, stamp))
    try:
        backup(settings.database_url, target)
    except BackupUnavailable as exc:
        key = "db_backup.memory" if str(exc) == "file" else "db_backup.missing_tool"
        print(tr.t(key, tool=str(exc)), file=sys.stderr)
        return 2
    except (BackupFailed, OSError, sqlite3.Error) as exc:
        print(tr.t("db_backup.failed", reason=str(exc)), file=sys.stderr)
        return 2
    print(tr.t("db_backup.written", path=target))
    return 0


def run_server(sirene: Sirene) -> None:
    """Serve until interrupted (uvicorn handles SIGINT/SIGTERM and the lifespan)."""
    import uvicorn

    settings = sirene.settings
    uvicorn.run(sirene.asgi, host=settings.sirene_host, port=settings.port, log_level="warning",
                log_config=None, timeout_graceful_shutdown=5)
