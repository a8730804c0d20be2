"""Mattermost's settings, from the environment and ``.env`` (``MATTERMOST_*``), read at start by the
composition root. Buttons and dialogs call back to ``SIRENE_PUBLIC_URL``, signed with ``SIRENE_SECRET_KEY``:
both are Sirene's own settings, which the check is given."""

from __future__ import annotations

from pydantic import field_validator
from pydantic_settings import BaseSettings
from pydantic_settings import SettingsConfigDict

from bot.settings import SECRET_KEY_MIN
from bot.settings import SettingsInvalid
from bot.settings import blank_is_unset


class MattermostSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    mattermost_url: str | None = None
    mattermost_bot_token: str | None = None
    mattermost_team: str | None = None
    mattermost_command_token: str | None = None

    @field_validator("mattermost_url", "mattermost_bot_token", "mattermost_team", "mattermost_command_token",
                     mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return blank_is_unset(value)

    @property
    def enabled(self) -> bool:
        return bool(self.mattermost_url or self.mattermost_bot_token)

    def secrets(self) -> list[str | None]:
        """The values the log must never show."""
        return [self.mattermost_bot_token, self.mattermost_command_token]

    def check(self, public_url: str | None, secret_key: str | None) -> None:
        """When Mattermost is enabled, every setting it needs is there and well formed."""
        if not self.enabled:
            return
        if not self.mattermost_url:
            raise SettingsInvalid(key="mattermost_settings.url_missing", variable="MATTERMOST_URL")
        if not self.mattermost_url.startswith(("http://", "https://")):
            raise SettingsInvalid(key="mattermost_settings.url_format", variable="MATTERMOST_URL")
        if not self.mattermost_bot_token:
            raise SettingsInvalid(key="mattermost_settings.token_missing", variable="MATTERMOST_BOT_TOKEN")
        if not self.mattermost_team:
            raise SettingsInvalid(key="mattermost_settings.team_missing", variable="MATTERMOST_TEAM")
        if not public_url:
            raise SettingsInvalid(key="mattermost_settings.public_url_missing", variable="SIRENE_PUBLIC_URL")
        if not public_url.startswith(("http://", "https://")):
            raise SettingsInvalid(key="mattermost_settings.public_url_format", variable="SIRENE_PUBLIC_URL")
        if len(secret_key or "") < SECRET_KEY_MIN:
            raise SettingsInvalid(key="mattermost_settings.secret_key_short", variable="SIRENE_SECRET_KEY")
