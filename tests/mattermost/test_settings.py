"""Mattermost settings: a missing or wrong one stops the start with one line naming the variable."""

from __future__ import annotations

import pytest

from bot.cli import main
from bot.composition_root import load_settings
from bot.settings import SettingsInvalid

GOOD = {"MATTERMOST_URL": "https://chat.example.be", "MATTERMOST_BOT_TOKEN": "abc", "MATTERMOST_TEAM": "acme",
        "SIRENE_PUBLIC_URL": "https://sirene.example.be", "SIRENE_SECRET_KEY": "s" * 32}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    monkeypatch.chdir(str(tmp_path))  # no .env of the developer's
    for name in [*GOOD, "SLACK_BOT_TOKEN", "MATTERMOST_COMMAND_TOKEN"]:
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(("missing", "variable"), [
    ("MATTERMOST_URL", "MATTERMOST_URL"), ("MATTERMOST_BOT_TOKEN", "MATTERMOST_BOT_TOKEN"),
    ("MATTERMOST_TEAM", "MATTERMOST_TEAM"), ("SIRENE_PUBLIC_URL", "SIRENE_PUBLIC_URL"),
    ("SIRENE_SECRET_KEY", "SIRENE_SECRET_KEY"),
])
def test_each_missing_setting_is_named(monkeypatch: pytest.MonkeyPatch, missing: str, variable: str) -> None:
    for name, value in GOOD.items():
        if name != missing:
            monkeypatch.setenv(name, value)
    with pytest.raises(SettingsInvalid) as caught:
        load_settings()
    assert caught.value.variable == variable


def test_a_short_secret_and_a_bad_url_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {**GOOD, "SIRENE_SECRET_KEY": "short"}.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SettingsInvalid) as caught:
        load_settings()
    assert caught.value.key == "mattermost_settings.secret_key_short"
    monkeypatch.setenv("SIRENE_SECRET_KEY", "s" * 32)
    monkeypatch.setenv("MATTERMOST_URL", "chat.example.be")
    with pytest.raises(SettingsInvalid) as caught:
        load_settings()
    assert caught.value.variable == "MATTERMOST_URL"


def test_good_settings_enable_mattermost(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in GOOD.items():
        monkeypatch.setenv(name, value)
    _, platforms = load_settings()
    assert platforms.mattermost.enabled and not platforms.slack.enabled


def test_the_command_line_says_it_in_one_line(monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LANG", "nl_BE.UTF-8")
    monkeypatch.setenv("MATTERMOST_URL", "https://chat.example.be")
    assert main(["serve"]) == 2
    error = capsys.readouterr().err.strip()
    assert error.count("\n") == 0
    assert error.startswith("Sirene kan niet starten: MATTERMOST_BOT_TOKEN moet ingesteld zijn")
