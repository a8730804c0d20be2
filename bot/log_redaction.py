"""Secrets never reach the log: every line (tracebacks included) is written with the configured
tokens, signing secret, HMAC key and database and mail server passwords replaced by ``[redacted]``."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import UTC
from datetime import datetime
from urllib.parse import unquote
from urllib.parse import urlsplit

from bot.settings import Settings

REDACTED = "[redacted]"
SHORTEST_SECRET = 6
"""Shorter values are not redacted (they would blank out ordinary words)."""
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
CHATTY = ("fontTools", "matplotlib")
"""Libraries that write a line per step at INFO (font subsetting for each PDF): only their warnings are kept."""


def secrets_of(settings: Settings, also: Iterable[str | None] = ()) -> list[str]:
    """The values of the settings that must never be written down, longest first (``also``: the chat
    platforms' tokens and secrets, read beside Sirene's own settings)."""
    values = [*also, settings.sirene_secret_key, settings.sirene_sms_webhook_secret,
              _database_password(settings.database_url), _database_password(settings.sirene_smtp_url or "")]
    found = {value for value in values if value and len(value) >= SHORTEST_SECRET}
    return sorted(found, key=len, reverse=True)


def _database_password(url: str) -> str | None:
    try:
        password = urlsplit(url).password
    except ValueError:
        return None
    return unquote(password) if password else None


def redact(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    return text


class RedactingFormatter(logging.Formatter):
    def __init__(self, secrets: Iterable[str], fmt: str = FORMAT) -> None:
        super().__init__(fmt)
        self._secrets = list(secrets)

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record), self._secrets)

    def add(self, secrets: Iterable[str]) -> None:
        found = {*self._secrets, *(s for s in secrets if len(s) >= SHORTEST_SECRET)}
        self._secrets = sorted(found, key=len, reverse=True)


def redact_also(secrets: Iterable[str]) -> None:
    """More values never to write down, known only after the logging was set up (the sources' tokens)."""
    wanted = list(secrets)
    for handler in logging.getLogger().handlers:
        if isinstance(handler.formatter, RedactingFormatter):
            handler.formatter.add(wanted)


class JsonFormatter(RedactingFormatter):
    """One JSON object per line (``SIRENE_LOG_FORMAT=json``): ``time`` (UTC, ISO 8601), ``level``, ``logger``,
    ``message`` and, for an error, ``exception``; redacted like the plain lines (``redact_also`` included)."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, str] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage(), self._secrets),
        }
        if record.exc_info:
            line["exception"] = redact(self.formatException(record.exc_info), self._secrets)
        return json.dumps(line, ensure_ascii=False)


def configure_logging(settings: Settings, also: Iterable[str | None] = ()) -> None:
    """The root handler writes redacted lines; uvicorn's loggers go through it too."""
    logging.basicConfig(level=settings.sirene_log_level.upper(), format=FORMAT, force=True)
    secrets = secrets_of(settings, also)
    formatter: logging.Formatter = RedactingFormatter(secrets)
    if settings.sirene_log_format == "json":
        formatter = JsonFormatter(secrets)
    for handler in logging.getLogger().handlers:
        handler.setFormatter(formatter)
    for name in CHATTY:
        logging.getLogger(name).setLevel(max(logging.WARNING, logging.getLogger().level))
    if logging.getLogger().level > logging.DEBUG:
        # APScheduler logs every run of the tick ("Running job … executed successfully") at INFO: only its
        # warnings (a missed run) are for the operator.
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
        logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)  # "setup plugin …" at every start
