"""A form rendered as a Slack modal: title, submit and close within their limits, at most 100 blocks named
after the inputs, text inputs, selects, radios and notes, a notice without submit, and a date and time that
round-trips through the datetimepicker whatever the local time zone."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from datetime import timezone

import pytest

from bot import actions
from bot.specs import Choice
from bot.specs import DateTimeInput
from bot.specs import FormSpec
from bot.specs import MessageSpec
from bot.specs import Note
from bot.specs import RadioInput
from bot.specs import Section
from bot.specs import SelectInput
from bot.specs import TextInput
from bot.specs import plain
from handlers.slack.render import notice_view
from handlers.slack.render import parse_view_state
from handlers.slack.render import render_modal
from tests.slack.rendering import element_of
from tests.slack.rendering import form
from tests.slack.rendering import state


def test_modal_basics_and_title_limits() -> None:
    title, submit, cancel = (
        "A title that is far too long for Slack",
        "Submit this now please!!!",
        "Cancel " * 5,
    )
    spec = FormSpec(actions.FORM_REJECT, title, submit, cancel, (TextInput("reason", "Reason"),))
    view = render_modal(spec, "INC-2026-0007")
    assert view["type"] == "modal" and view["callback_id"] == actions.FORM_REJECT
    assert view["private_metadata"] == "INC-2026-0007"
    for key in ("title", "submit", "close"):
        assert view[key]["type"] == "plain_text" and len(view[key]["text"]) <= 24
    assert view["title"]["text"].endswith("…")
    with pytest.raises(ValueError):
        render_modal(spec, "x" * 3001)


def test_modal_is_capped_at_100_blocks_with_names_as_ids() -> None:
    view = render_modal(form(*(TextInput(f"field{i}", f"Field {i}") for i in range(150))), "")
    assert len(view["blocks"]) == 100
    assert all(
        b["block_id"] == b["element"]["action_id"] == f"field{i}" for i, b in enumerate(view["blocks"])
    )


def test_text_input_rendering() -> None:
    item = TextInput(
        "desc",
        "Description",
        multiline=True,
        optional=True,
        max_length=5000,
        initial="x" * 4000,
        placeholder="p" * 200,
        hint="h" * 2500,
    )
    view = render_modal(form(item), "")
    block = view["blocks"][0]
    element = block["element"]
    assert block["type"] == "input" and block["optional"] is True and len(block["hint"]["text"]) <= 2000
    assert element["type"] == "plain_text_input" and element["multiline"] is True
    assert element["max_length"] == 3000 and len(element["initial_value"]) == 3000
    assert len(element["placeholder"]["text"]) <= 150
    bare = element_of(render_modal(form(TextInput("t", "T")), ""), "t")
    assert "initial_value" not in bare and "placeholder" not in bare and "multiline" not in bare


def test_select_radio_and_fallback() -> None:
    many = tuple(Choice(f"v{i}", f"Label {i} " + "y" * 80) for i in range(120))
    few = (Choice("minor", "Minor"), Choice("major", "Major"), Choice("crisis", "Crisis"))
    view = render_modal(
        form(
            SelectInput("one", "One", many, initial=("v5",)),
            SelectInput("many", "Many", few, multiple=True, initial=("major", "crisis", "unknown")),
            RadioInput("sev", "Severity", few, initial="major"),
            RadioInput("big", "Big", many[:11], initial="v10"),
        ),
        "",
    )
    one = element_of(view, "one")
    assert one["type"] == "static_select" and len(one["options"]) == 100
    assert all(len(o["text"]["text"]) <= 75 for o in one["options"])
    assert one["initial_option"] == one["options"][5]
    multi = element_of(view, "many")
    assert multi["type"] == "multi_static_select"
    assert [o["value"] for o in multi["initial_options"]] == ["major", "crisis"]
    sev = element_of(view, "sev")
    assert sev["type"] == "radio_buttons" and sev["initial_option"]["value"] == "major"
    big = element_of(view, "big")
    assert big["type"] == "static_select" and big["initial_option"]["value"] == "v10"


def test_note_is_an_escaped_section() -> None:
    view = render_modal(form(Note(plain("<!channel> *read*")), TextInput("t", "T")), "")
    assert view["blocks"][0] == {
        "type": "section",
        "text": {"type": "mrkdwn", "text": "&lt;!channel&gt; \u2217read\u2217"},
    }


def test_notice_view_shows_a_message_without_submit() -> None:
    view = notice_view(
        MessageSpec("Done <!here>", (Section(plain("Thanks")),)), "Sirene incident response", "Close"
    )
    assert view["type"] == "modal" and "submit" not in view and len(view["title"]["text"]) <= 24
    assert view["blocks"][0]["text"]["text"] == "Thanks"
    bare = notice_view(MessageSpec("Done <!here>"), "Sirene", "Close")
    assert bare["blocks"][0]["text"]["text"] == "Done &lt;!here&gt;"


@pytest.fixture
def brussels_local_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A local time zone other than UTC, so that treating a naive datetime as local time shows."""
    monkeypatch.setenv("TZ", "Europe/Brussels")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 3, 14, 9, 26, 53, tzinfo=UTC),
        datetime(2026, 10, 25, 2, 30, tzinfo=timezone(timedelta(hours=2))),
        datetime(2026, 1, 1, 12, 0),  # naive: taken as UTC
    ],
)
def test_datetimepicker_round_trip(moment: datetime, brussels_local_time: None) -> None:
    view = render_modal(form(DateTimeInput("started", "Started", initial=moment)), "")
    element = element_of(view, "started")
    expected = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    assert element["type"] == "datetimepicker" and element["initial_date_time"] == int(expected.timestamp())
    selected = {"type": "datetimepicker", "selected_date_time": element["initial_date_time"]}
    back = parse_view_state(state("started", selected)).moment("started")
    assert back == expected and back is not None and back.utcoffset() == timedelta(0)

