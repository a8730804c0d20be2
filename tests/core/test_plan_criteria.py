"""The company's own criteria per severity (``severities.<name>.criteria``) on the triage message and the
printed plan; without them, the template's descriptions."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from bot.exports.markdown import render_markdown
from bot.exports.plan_print import plan_document
from bot.i18n import Translator
from bot.ports import UnitOfWorkFactory
from tests.core.harness import HELPDESK
from tests.core.harness import REPO
from tests.core.scheduling import english_harness
from tests.core.scheduling import text

OWN = ["More than 20 people cannot work", "or an essential activity is down for more than 1 hour"]


def test_the_triage_message_shows_the_plans_own_criteria(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> None:
    severities: dict[str, Any] = yaml.safe_load((REPO / "plan.example.yaml").read_text(encoding="utf-8"))["severities"]
    severities["major"]["criteria"] = OWN
    h = english_harness(uow_factory, tmp_path, severities=severities)
    number = h.report()
    h.tick()
    triage = next(text(m.spec) for m in h.chat.in_channel(HELPDESK) if number in m.spec.summary)
    assert "Major: More than 20 people cannot work · or an essential activity is down for more than 1 hour" in triage
    assert "Minor: No significant impact on the continuity of the organisation." in triage  # the template's, as before
    printed = render_markdown(plan_document(Translator("en", h.core.plan.zone), h.core.plan,
                                            datetime(2026, 12, 1, tzinfo=UTC)))
    assert "More than 20 people cannot work · or an essential activity is down for more than 1 hour" in printed
