"""Sirene's own settings, from the environment and ``.env`` (read once, at start, by the composition root).

Each chat platform's settings live beside its handlers (``handlers/slack/settings.py``,
``handlers/mattermost/settings.py``); the composition root reads them together."""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from typing import TypeVar

from pydantic import Field
from pydantic import ValidationError
from pydantic import field_validator
from pydantic_settings import BaseSettings
from pydantic_settings import SettingsConfigDict


class SettingsInvalid(Exception):
    """One clear line naming the setting to fix: the catalog key (under ``settings_error.``, or a
    full dotted key of another part, e.g. ``mattermost_settings.url_format``) and the variable."""

    def __init__(self, key: str, variable: str) -> None:
        super().__init__(f"{variable}: {key}")
        self.key = key
        self.variable = variable


SECRET_KEY_MIN = 32
"""Characters of ``SIRENE_SECRET_KEY`` at least (it signs Mattermost buttons and dialogs)."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = "sqlite:///sirene.db"
    sirene_plan: str | None = None
    sirene_host: str = "127.0.0.1"
    port: int = Field(default=3000, ge=1, le=65535)
    sirene_tick_seconds: float = Field(default=2.0, gt=0, le=3600)
    sirene_late_after_seconds: float = Field(default=60.0, gt=0, le=86400)
    sirene_post_interval_seconds: float = Field(default=1.0, ge=0, le=60)
    sirene_log_level: str = "INFO"
    sirene_public_url: str | None = None
    sirene_secret_key: str | None = None
    sirene_sandbox: Literal["auto", "on", "off"] = "auto"
    sirene_retention_days: int = Field(default=30, ge=1, le=36500)
    """Done jobs and seen platform events older than this are deleted (hourly)."""
    sirene_log_format: Literal["text", "json"] = "text"
    sirene_smtp_url: str | None = None
    sirene_mail_from: str | None = None
    sirene_sms_webhook_url: str | None = None
    sirene_platform_down_after_seconds: float = Field(default=60.0, gt=0, le=3600)
    """How long a chat platform's API must keep failing before Sirene pages by e-mail/SMS instead (429: three
    times as long; a revoked token: at once)."""
    sirene_sms_webhook_secret: str | None = None

    @field_validator("sirene_plan", "sirene_public_url", "sirene_secret_key", "sirene_smtp_url", "sirene_mail_from",
                     "sirene_sms_webhook_url", "sirene_sms_webhook_secret", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return blank_is_unset(value)

    def sandbox_enabled(self, chat_platform_configured: bool) -> bool:
        """The local sandbox runs when asked to, or by default when no chat platform is configured (the
        platforms' own settings live beside their handlers: the composition root says whether one is)."""
        if self.sirene_sandbox == "auto":
            return not chat_platform_configured
        return self.sirene_sandbox == "on"

    @property
    def local_url(self) -> str:
        """Where a browser on this machine reaches the HTTP server."""
        host = "127.0.0.1" if self.sirene_host in ("0.0.0.0", "::", "") else self.sirene_host
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}/"

    def plan_path(self) -> Path:
        """``SIRENE_PLAN``, else ``plan.yaml``, else the example plan shipped with Sirene."""
        if self.sirene_plan:
            return Path(self.sirene_plan)
        if Path("plan.yaml").exists():
            return Path("plan.yaml")
        return Path("plan.example.yaml")

    def check(self) -> None:
        """Refuse combinations that cannot work, naming the variable to set."""
        if self.sirene_smtp_url or self.sirene_sms_webhook_url:
            self._check_outreach()

    def _check_outreach(self) -> None:
        """E-mail and text-message pages carry a signed link to Sirene's public web page."""
        if self.sirene_smtp_url and (not self.sirene_mail_from or "@" not in self.sirene_mail_from):
            raise SettingsInvalid(key="mail_settings.from_missing", variable="SIRENE_MAIL_FROM")
        if self.sirene_sms_webhook_url and not self.sirene_sms_webhook_url.startswith(("http://", "https://")):
            raise SettingsInvalid(key="mail_settings.sms_url_format", variable="SIRENE_SMS_WEBHOOK_URL")
        if self.sirene_sms_webhook_url and len(self.sirene_sms_webhook_secret or "") < SECRET_KEY_MIN:
            raise SettingsInvalid(key="mail_settings.sms_secret_short", variable="SIRENE_SMS_WEBHOOK_SECRET")
        if not (self.sirene_public_url or "").startswith(("http://", "https://")):
            raise SettingsInvalid(key="mail_settings.public_url_missing", variable="SIRENE_PUBLIC_URL")
        if len(self.sirene_secret_key or "") < SECRET_KEY_MIN:
            raise SettingsInvalid(key="mail_settings.secret_key_short", variable="SIRENE_SECRET_KEY")


def blank_is_unset(value: object) -> object:
    """An empty or blank variable counts as not set."""
    return None if isinstance(value, str) and not value.strip() else value


AnySettings = TypeVar("AnySettings", bound=BaseSettings)


def read_settings(kind: type[AnySettings]) -> AnySettings:
    """Read one group of settings from the environment; a value of the wrong type names its variable."""
    try:
        return kind()
    except ValidationError as exc:
        first = exc.errors()[0]
        raise SettingsInvalid("invalid", str(first["loc"][0]).upper()) from None


def load_settings() -> Settings:
    """Sirene's own settings, checked. The chat platforms' settings are read beside them by the composition
    root (``bot.composition_root.load_settings``)."""
    settings = read_settings(Settings)
    settings.check()
    return settings
