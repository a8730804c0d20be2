"""Reports possibly about the same event are marked on their triage line, with a *Duplicate of…* button
(#14): the same essential activities, or titles sharing their main words, within the plan's window."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from bot import actions
from bot.domain.similar import main_words
from bot.domain.similar import possibly_same
from bot.domain.similar import similar
from bot.ports import UnitOfWorkFactory
from bot.specs import Actions
from bot.specs import Button
from bot.specs import Context
from bot.usecases.interaction import press
from tests.core.harness import EMPLOYEE
from tests.core.harness import HELPDESK
from tests.core.harness import OPERATOR
from tests.core.harness import RESPONDER
from tests.core.harness import START
from tests.core.harness import Harness
from tests.core.scheduling import classify
from tests.core.scheduling import english_harness
from tests.core.scheduling import text
from tests.storage.builders import new_incident

WINDOW = timedelta(minutes=15)


@pytest.fixture
def h(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> Harness:
    return english_harness(uow_factory, tmp_path)


def test_main_words_leave_out_the_little_ones() -> None:
    assert main_words("The mail server is down since 9:00") == {"mail", "server"}
    assert main_words("Geen mail meer: de mailserver ligt plat") == {"mail", "meer", "mailserver", "ligt", "plat"}


def test_same_activities_or_shared_words_within_the_window() -> None:
    first = replace(new_incident(), id=1, title="Mail server down", activities=("email",), reported_at=START)
    same_activity = replace(first, id=2, title="Cannot send anything", reported_at=START + timedelta(minutes=3))
    same_words = replace(first, id=3, title="mail server unreachable", activities=(),
                         reported_at=START + timedelta(minutes=14))
    one_word = replace(first, id=4, title="Mail is slow", activities=(), reported_at=START + timedelta(minutes=1))
    late = replace(same_activity, id=5, reported_at=START + timedelta(minutes=16))
    assert similar(same_activity, first, WINDOW, 2) and similar(same_words, first, WINDOW, 2)
    assert not similar(one_word, first, WINDOW, 2) and similar(one_word, first, WINDOW, 1)
    assert not similar(late, first, WINDOW, 2)
    assert possibly_same(same_words, [same_words, same_activity, first], WINDOW, 2) == [first]


def triage_of(h: Harness, number: str) -> list[object]:
    [line] = [m for m in h.chat.in_channel(HELPDESK) if (m.spec.marker or "").startswith(f"{number}:triage")]
    return list(line.spec.blocks)


def test_a_similar_report_is_marked_and_joins_with_one_click(h: Harness) -> None:
    first = h.report("Mail server down", reporter=RESPONDER, key="a")
    h.run_jobs()
    assert classify(h, first, "minor") is None
    h.run_jobs()
    h.clock.advance(minutes=5)
    second = h.report("No mail at all", reporter=EMPLOYEE, key="b")  # the same activity (e-mail)
    h.run_jobs()
    h.clock.advance(minutes=20)
    unrelated = h.report("Printer jammed", reporter=EMPLOYEE, key="c", activities=())
    h.run_jobs()
    line = triage_of(h, second)
    assert any(f"Possibly the same as {first}" in str(b) for b in line if isinstance(b, Context))
    buttons = [b for block in line if isinstance(block, Actions) for b in block.buttons
               if isinstance(b, Button) and b.action == actions.DUPLICATE]
    assert [b.value for b in buttons] == [actions.value(second, first)]
    assert not any(isinstance(b, Button) and b.action == actions.DUPLICATE
                   for block in triage_of(h, unrelated) if isinstance(block, Actions) for b in block.buttons)
    press(h.core, h.actor(OPERATOR, HELPDESK), actions.DUPLICATE, buttons[0].value)
    h.run_jobs()
    assert h.incident(second).duplicate_of == first
    assert any((s.marker or "").startswith(f"{second}:duplicate") for s in h.chat.direct_to(EMPLOYEE))
    assert "joins" in text(next(m.spec for m in h.chat.in_channel(HELPDESK)
                                if (m.spec.marker or "").startswith(f"{second}:triage")))
