"""Which language each person reads: the plan's person entry wins, then what their platform reports
(asked once, kept, never holding a use case up), else the plan's language."""

from __future__ import annotations

import threading
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from pathlib import Path

import yaml

from bot.clock import FixedClock
from bot.core import Core
from bot.directory import Directory
from bot.languages import KEEP
from bot.languages import KEEP_UNKNOWN
from bot.languages import UserLanguages
from bot.plan_loader import load_plan
from bot.ports import ChatUnavailable
from tests.core.harness import REPO
from tests.fakes.memory_chat import MemoryChat

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


class CountingChat(MemoryChat):
    def __init__(self) -> None:
        super().__init__("slack")
        self.asked: list[str] = []
        self.fail = False
        self.gate: threading.Event | None = None

    def user_language(self, user_id: str) -> str | None:
        self.asked.append(user_id)
        if self.gate is not None:
            self.gate.wait(5)
        if self.fail:
            raise ChatUnavailable("down")
        return super().user_language(user_id)


def core_with(tmp_path: Path, chat: CountingChat, clock: FixedClock, **people_languages: str) -> Core:
    data = yaml.safe_load((REPO / "plan.example.yaml").read_text(encoding="utf-8"))
    data["language"] = "nl"
    for key, person in data["people"].items():
        person.pop("language", None)
        if key in people_languages:
            person["language"] = people_languages[key]
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    plan = load_plan(path)
    core = Core(plan, Directory(plan), lambda: None, clock)  # type: ignore[arg-type]
    core.user_languages = UserLanguages(lambda platform: chat if platform == "slack" else None, clock.now)
    return core


def test_the_plan_person_entry_wins_then_the_platform_then_the_plan(tmp_path: Path) -> None:
    chat, clock = CountingChat(), FixedClock(NOW)
    chat.languages = {"U0HUGO": "fr-FR", "U0DRIES": "en-GB", "U0LOTTE": "de-DE", "U0EMPLOYEE": "fr"}
    core = core_with(tmp_path, chat, clock, dries="nl")
    assert core.translator("slack", "U0HUGO").language == "fr"
    assert core.translator("slack", "U0DRIES").language == "nl"  # the plan says so
    assert core.translator("slack", "U0LOTTE").language == "nl"  # a language Sirene does not speak
    assert core.translator("slack", "U0EMPLOYEE").language == "fr"  # not in the plan: the platform tells
    assert core.translator("slack", "U0BRAM").language == "nl"  # the platform does not say
    assert core.translator().language == core.team_translator().language == "nl"
    assert "U0DRIES" not in chat.asked


def test_the_platform_is_asked_once_per_user_and_again_later(tmp_path: Path) -> None:
    chat, clock = CountingChat(), FixedClock(NOW)
    chat.languages = {"U0HUGO": "fr"}
    core = core_with(tmp_path, chat, clock)
    for _ in range(3):
        assert core.translator("slack", "U0HUGO").language == "fr"
    assert chat.asked == ["U0HUGO"]
    chat.languages["U0HUGO"] = "en"
    clock.advance(seconds=KEEP.total_seconds() + 1)
    assert core.translator("slack", "U0HUGO").language == "en"
    assert chat.asked == ["U0HUGO", "U0HUGO"]


def test_an_outage_falls_back_to_the_plan_and_asks_again_sooner(tmp_path: Path) -> None:
    chat, clock = CountingChat(), FixedClock(NOW)
    chat.languages = {"U0HUGO": "fr"}
    chat.fail = True
    core = core_with(tmp_path, chat, clock)
    assert core.translator("slack", "U0HUGO").language == "nl"
    chat.fail = False
    assert core.translator("slack", "U0HUGO").language == "nl"  # kept a while
    clock.advance(seconds=KEEP_UNKNOWN.total_seconds() + 1)
    assert core.translator("slack", "U0HUGO").language == "fr"


def test_a_slow_platform_never_holds_the_answer_up(tmp_path: Path) -> None:
    chat, clock = CountingChat(), FixedClock(NOW)
    chat.languages = {"U0HUGO": "fr"}
    chat.gate = threading.Event()
    core = core_with(tmp_path, chat, clock)
    assert core.translator("slack", "U0HUGO").language == "nl"  # not answered in time: the plan's
    chat.gate.set()
    languages = core.user_languages
    assert isinstance(languages, UserLanguages)
    deadline = datetime.now(UTC) + timedelta(seconds=10)
    while core.translator("slack", "U0HUGO").language != "fr":
        assert datetime.now(UTC) < deadline, "the late answer was not kept"
        threading.Event().wait(0.05)
    assert chat.asked == ["U0HUGO"]


def test_forgetting_asks_again(tmp_path: Path) -> None:
    chat, clock = CountingChat(), FixedClock(NOW)
    chat.languages = {"U0HUGO": "fr"}
    core = core_with(tmp_path, chat, clock)
    languages = core.user_languages
    assert isinstance(languages, UserLanguages)
    assert core.translator("slack", "U0HUGO").language == "fr"
    chat.languages["U0HUGO"] = "en"
    languages.forget("slack", "U0HUGO")
    assert core.translator("slack", "U0HUGO").language == "en"
