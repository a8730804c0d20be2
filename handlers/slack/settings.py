"""Slack's settings, from the environment and ``.env`` (``SLACK_*``), read at start by the composition root."""

from __future__ import annotations

from pydantic import field_validator
from pydantic_settings import BaseSettings
from pydantic_settings import SettingsConfigDict

from bot.settings import SettingsInvalid
from bot.settings import blank_is_unset


class SlackSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_api_url: str = "https://slack.com/api/"

    @field_validator("slack_bot_token", "slack_signing_secret", "slack_app_token", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return blank_is_unset(value)

    @property
    def enabled(self) -> bool:
        return bool(self.slack_bot_token)

    @property
    def socket_mode(self) -> bool:
        return bool(self.slack_app_token)

    def secrets(self) -> list[str | None]:
        """The values the log must never show."""
        return [self.slack_bot_token, self.slack_signing_secret, self.slack_app_token]

    def check(self) -> None:
        """Refuse combinations that cannot work, naming the variable to set."""
        if self.slack_bot_token and not self.slack_bot_token.startswith("xoxb-"):
            raise SettingsInvalid("bot_token_format", "SLACK_BOT_TOKEN")
        if self.slack_app_token and not self.slack_app_token.startswith("xapp-"):
            raise SettingsInvalid("app_token_format", "SLACK_APP_TOKEN")
        if self.slack_app_token and not self.slack_bot_token:
            raise SettingsInvalid("bot_token_missing", "SLACK_BOT_TOKEN")
        if self.slack_bot_token and not self.slack_app_token and not self.slack_signing_secret:
            raise SettingsInvalid("signing_secret_missing", "SLACK_SIGNING_SECRET")
        if not self.slack_api_url.startswith(("http://", "https://")):
            raise SettingsInvalid("url_format", "SLACK_API_URL")
