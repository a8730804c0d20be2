"""A modal's submission parsed back: every element type, Slack's realistic sample, malformed state that
never raises, and a form's inputs that conform the values and drop forged choices; with the answers we
give (field errors in Slack's shape) and the action a button's id names."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from typing import Any

import pytest

from bot.specs import Choice
from bot.specs import DateTimeInput
from bot.specs import Note
from bot.specs import RadioInput
from bot.specs import SelectInput
from bot.specs import TextInput
from bot.specs import plain
from handlers.slack.render import action_name
from handlers.slack.render import field_errors
from handlers.slack.render import parse_view_state
from tests.slack.rendering import load_payload
from tests.slack.rendering import state

# ---- parsing submissions ---------------------------------------------------------------------


def test_parse_every_element_type() -> None:
    view = {
        "state": {
            "values": {
                "title": {"title": {"type": "plain_text_input", "value": "DB down"}},
                "empty": {"empty": {"type": "plain_text_input", "value": None}},
                "sev": {"sev": {"type": "static_select", "selected_option": {"text": {}, "value": "major"}}},
                "none": {"none": {"type": "static_select", "selected_option": None}},
                "radio": {"radio": {"type": "radio_buttons", "selected_option": {"value": "yes"}}},
                "multi": {
                    "multi": {
                        "type": "multi_static_select",
                        "selected_options": [{"value": "a"}, {"value": "b"}],
                    }
                },
                "boxes": {"boxes": {"type": "checkboxes", "selected_options": []}},
                "when": {"when": {"type": "datetimepicker", "selected_date_time": 1773480413}},
                "day": {"day": {"type": "datepicker", "selected_date": "2026-03-14"}},
                "time": {"time": {"type": "timepicker", "selected_time": "09:26"}},
                "who": {"who": {"type": "users_select", "selected_user": "U123"}},
                "rich": {"rich": {"type": "rich_text_input", "rich_text_value": {}}},
            }
        }
    }
    values = parse_view_state(view).values
    assert values == {
        "title": "DB down",
        "empty": "",
        "sev": "major",
        "none": None,
        "radio": "yes",
        "multi": ("a", "b"),
        "boxes": (),
        "when": datetime(2026, 3, 14, 9, 26, 53, tzinfo=UTC),
        "day": "2026-03-14",
        "time": "09:26",
        "who": "U123",
    }


def test_parse_realistic_view_submission() -> None:
    payload = load_payload("realistic", "interactivity.view_submission.json")
    assert parse_view_state(payload["view"]).values == {"hspI": "test"}
    empty = load_payload("realistic", "interactivity.view_submission.with_response_urls.json")
    assert parse_view_state(empty["view"]).values == {}


@pytest.mark.parametrize(
    "view",
    [
        {},
        {"state": None},
        {"state": []},
        {"state": {"values": "nope"}},
        {"state": {"values": {"a": None, "b": [], "c": {"x": None}, "d": {"x": {"type": None}}}}},
        {"state": {"values": {1: {"x": {"type": "plain_text_input", "value": "v"}}}}},
        state("a", {"type": "plain_text_input", "value": 42}),
        state("a", {"type": "static_select", "selected_option": "major"}),
        state("a", {"type": "multi_static_select", "selected_options": "a,b"}),
        state("a", {"type": "checkboxes", "selected_options": [None, "x", {"value": 3}]}),
        state("a", {"type": "datetimepicker", "selected_date_time": "soon"}),
        state("a", {"type": "datetimepicker", "selected_date_time": 10**30}),
        state("a", {"type": "datetimepicker", "selected_date_time": float("nan")}),
        state("a", {"type": "datetimepicker", "selected_date_time": True}),
        state("a", {"type": "datepicker", "selected_date": "14/03/2026"}),
        state("a", {"type": "no_such_element", "value": "x"}),
    ],
)
def test_malformed_state_never_raises(view: Any) -> None:
    values = parse_view_state(view).values
    assert all(v in ("", None, ()) for v in values.values())


def test_parse_non_mapping_view() -> None:
    assert parse_view_state(None).values == {}  # type: ignore[arg-type]
    assert parse_view_state("view").values == {}  # type: ignore[arg-type]


def test_parse_with_form_inputs_conforms_and_drops_forged_choices() -> None:
    few = (Choice("minor", "Minor"), Choice("major", "Major"))
    inputs = (
        Note(plain("read me")),
        TextInput("title", "Title"),
        SelectInput("sev", "Severity", few),
        SelectInput("tags", "Tags", few, multiple=True),
        RadioInput("kind", "Kind", few),
        DateTimeInput("when", "When"),
    )
    view = {
        "state": {
            "values": {
                "sev": {"sev": {"type": "static_select", "selected_option": {"value": "apocalypse"}}},
                "tags": {
                    "tags": {
                        "type": "multi_static_select",
                        "selected_options": [{"value": "major"}, {"value": "x"}],
                    }
                },
                "kind": {"kind": {"type": "radio_buttons", "selected_option": {"value": "minor"}}},
                "intruder": {"intruder": {"type": "plain_text_input", "value": "x"}},
            }
        }
    }
    values = parse_view_state(view, inputs)
    assert values.values == {"title": "", "sev": None, "tags": ("major",), "kind": "minor", "when": None}
    assert values.choice("kind") == "minor" and values.choices("tags") == ("major",)


# ---- responses -------------------------------------------------------------------------------


def test_field_errors_has_slacks_shape() -> None:
    body = field_errors({"title": "Required", "desc": "x" * 5000})
    assert body["response_action"] == "errors"
    assert body["errors"]["title"] == "Required" and len(body["errors"]["desc"]) <= 2000
    example = load_payload("responses", "view_submission.response.errors.json")
    assert set(body) == set(example)


def test_action_name() -> None:
    assert action_name("sirene.classify:3") == "sirene.classify"
    assert action_name("sirene.classify") == "sirene.classify"
    assert action_name("") == ""

