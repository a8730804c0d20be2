"""Every section of the Post Incident Review as a Slack modal: within Block Kit's limits, in every language,
with Back / Save and close as buttons that map back to the form's moves."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from bot import actions
from bot.directory import Directory
from bot.domain.incident import Incident
from bot.domain.review import Review
from bot.domain.review_sections import SECTIONS
from bot.i18n import LANGUAGES
from bot.i18n import Translator
from bot.plan_loader import load_plan
from bot.specs import FormMove
from bot.specs import FormSpec
from bot.specs import TextInput
from bot.views.review import section_form
from handlers.slack.render import action_name
from handlers.slack.render import render_modal
from tests.contracts import REPO
from tests.fakes.slack.blockkit import check_view

T = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_review_section_is_a_valid_modal(language: str) -> None:
    plan = load_plan(REPO / "plan.example.yaml")
    tr = Translator(language, ZoneInfo("Europe/Brussels"))
    incident = Incident("INC-2026-0007", "slack", "Mail server down", "No mail", T, T, "U0EMPLOYEE",
                        activities=("email", "webshop"), closed_at=T + timedelta(hours=3), id=1)
    review = Review(1, T)
    for section in SECTIONS:
        form = section_form(tr, plan, Directory(plan), incident, review, section, [], T)
        view = render_modal(form, form.state)
        assert check_view(view) == [], (language, section.id)
        assert len(view["blocks"]) <= 100
        for key in ("title", "submit", "close"):
            assert not view[key]["text"].endswith("…"), (language, key, view[key]["text"])
        moves = view["blocks"][-1]
        assert moves["type"] == "actions"
        assert [action_name(e["action_id"]) for e in moves["elements"]] == [actions.FORM_MOVE] * len(form.moves)
        assert [e["value"] for e in moves["elements"]] == [m.name for m in form.moves]
        assert all(not e["text"]["text"].endswith("…") for e in moves["elements"])


def test_moves_stay_when_a_form_is_cut_at_100_blocks() -> None:
    inputs = tuple(TextInput(f"q{i}", f"Question {i}") for i in range(150))
    form = FormSpec(actions.FORM_REVIEW, "Review", "Next", "Cancel", inputs, moves=(FormMove("back", "Back"),))
    view = render_modal(form, "")
    assert len(view["blocks"]) == 100
    assert view["blocks"][-1]["elements"][0]["value"] == "back"
