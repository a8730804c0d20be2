"""Slack rendering: user text stays inert, Block Kit limits hold, and submissions parse back."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from pathlib import Path
from typing import Any

import pytest

from bot import actions
from bot.specs import Actions
from bot.specs import Button
from bot.specs import ButtonStyle
from bot.specs import ChannelLink
from bot.specs import Choice
from bot.specs import Confirm
from bot.specs import Context
from bot.specs import DateTimeInput
from bot.specs import Divider
from bot.specs import Fields
from bot.specs import FormSpec
from bot.specs import Link
from bot.specs import Mention
from bot.specs import MessageSpec
from bot.specs import Note
from bot.specs import Plain
from bot.specs import RadioInput
from bot.specs import Rich
from bot.specs import Section
from bot.specs import SelectInput
from bot.specs import Strong
from bot.specs import TextInput
from bot.specs import plain
from handlers.slack.render import action_name
from handlers.slack.render import escape
from handlers.slack.render import field_errors
from handlers.slack.render import mrkdwn
from handlers.slack.render import notice_view
from handlers.slack.render import parse_view_state
from handlers.slack.render import render_message
from handlers.slack.render import render_modal

PAYLOADS = Path(__file__).resolve().parents[3] / "shared" / "platform-contracts" / "slack" / "payloads"

HOSTILE = (
    "Hi <!channel> <!here> <@U0BOSS> @here @channel @everyone "
    "<https://evil.example|click> *bold* _it_ ~x~ `c`"
)
FORMATTING = "*_~`"


def section_text(rich: Rich) -> str:
    block = render_message(MessageSpec("s", (Section(rich),)))["blocks"][0]
    text: str = block["text"]["text"]
    return text


def buttons_of(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for block in blocks:
        if block["type"] == "actions":
            found.extend(block["elements"])
        elif "accessory" in block:
            found.append(block["accessory"])
    return found


def form(*inputs: Any, title: str = "Report an incident") -> FormSpec:
    return FormSpec(form_id=actions.FORM_REPORT, title=title, submit="Send", cancel="Cancel", inputs=inputs)


def element_of(view: dict[str, Any], name: str) -> dict[str, Any]:
    block = next(b for b in view["blocks"] if b.get("block_id") == name)
    element: dict[str, Any] = block["element"]
    return element


def state(block_id: str, element: dict[str, Any]) -> dict[str, Any]:
    return {"state": {"values": {block_id: {block_id: element}}}}


def strip_private(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: strip_private(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, list):
        return [strip_private(v) for v in value]
    return value


def load_payload(*parts: str) -> dict[str, Any]:
    if not PAYLOADS.is_dir():
        pytest.skip(f"the Slack platform contracts are not at {PAYLOADS}")
    data: dict[str, Any] = strip_private(json.loads(PAYLOADS.joinpath(*parts).read_text(encoding="utf-8")))
    return data


# ---- escaping --------------------------------------------------------------------------------


def test_hostile_user_text_is_inert() -> None:
    text = section_text(plain(HOSTILE))
    assert "<" not in text and ">" not in text  # no mention, broadcast or link token at all
    assert "&lt;!channel&gt;" in text and "&lt;!here&gt;" in text and "&lt;@\u200dU0BOSS&gt;" in text
    assert "&lt;https://evil.example|click&gt;" in text
    assert not re.search(r"@(here|channel|everyone)", text)
    assert not set(FORMATTING) & set(text)


def test_summary_fallback_is_escaped_too() -> None:
    body = render_message(MessageSpec(HOSTILE))
    assert "<!channel>" not in body["text"] and "<!here>" not in body["text"]
    assert not re.search(r"@(here|channel|everyone)", body["text"])
    assert body["blocks"] == []


def test_escape_keeps_ordinary_text_readable() -> None:
    assert escape("a & b < c > d") == "a &amp; b &lt; c &gt; d"
    assert escape("mail ops@example.com") == "mail ops@example.com"  # not at a word start: untouched
    assert escape("snake_case *x*") == "snake\u02cdcase \u2217x\u2217"
    assert escape("@here") == "@\u200dhere"


def test_quote_at_line_start_is_neutralised() -> None:
    text = section_text(plain("first\n> quoted\n  >>> more\nx > y"))
    assert not re.search(r"^\s*&gt;", text, re.MULTILINE)
    assert "x &gt; y" in text  # a ">" inside a line stays a plain escaped ">"


def test_strong_is_bold_and_its_content_escaped() -> None:
    assert section_text((Strong("Title"),)) == "*Title*"
    assert section_text((Strong("a*b <!here>"),)) == "*a\u2217b &lt;!here&gt;*"
    assert section_text((Strong("  padded  "),)) == "  *padded*  "
    assert section_text((Strong("one\ntwo"),)) == "*one*\n*two*"
    # next to a letter, a zero-width space keeps the stars working as bold
    assert section_text((Plain("INC"), Strong("7"), Plain("s"))) == "INC\u200b*7*\u200bs"
    assert section_text((Plain("x "), Strong("7"), Plain(": y"))) == "x *7*: y"


def test_mentions_channels_and_links_render() -> None:
    rich = (
        Mention("U123ABC"),
        Plain(" in "),
        ChannelLink("C0ABC"),
        Plain(" "),
        Link("https://x.org/a?b=1&c=2", "the *doc*"),
    )
    assert section_text(rich) == "<@U123ABC> in <#C0ABC> <https://x.org/a?b=1&amp;c=2|the \u2217doc\u2217>"
    assert section_text((Link("http://x.org", ""),)) == "<http://x.org>"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "https://evil|x",
        "https://a.org/>x",
        "https://a b",
        "ftp://x.org",
        "//x.org",
        "",
    ],
)
def test_unsafe_links_become_plain_labels(url: str) -> None:
    assert section_text((Link(url, "label <!here>"),)) == "label &lt;!here&gt;"


def test_forged_ids_do_not_inject() -> None:
    text = section_text((Mention("U1>|<!channel"), ChannelLink("C1> <!here")))
    assert "<" not in text and ">" not in text


# ---- message structure and limits ------------------------------------------------------------


def test_action_ids_are_unique_and_map_back_to_the_action() -> None:
    spec = MessageSpec(
        "s",
        (
            Section(plain("item 1"), button=Button(actions.CHECK, "Done", "INC-1|1")),
            Section(plain("item 2"), button=Button(actions.CHECK, "Done", "INC-1|2")),
            Actions(
                (Button(actions.CLASSIFY, "Classify", "INC-1"), Button(actions.CLASSIFY, "Again", "INC-1"))
            ),
        ),
    )
    found = buttons_of(render_message(spec)["blocks"])
    ids = [b["action_id"] for b in found]
    assert len(ids) == 4 and len(set(ids)) == 4
    assert [action_name(i) for i in ids] == [actions.CHECK, actions.CHECK, actions.CLASSIFY, actions.CLASSIFY]
    assert [b["value"] for b in found] == ["INC-1|1", "INC-1|2", "INC-1", "INC-1"]


def test_button_styles_confirm_and_lengths() -> None:
    confirm = Confirm(title="T" * 150, text="X" * 400, yes="Y" * 40, no="N" * 40)
    spec = MessageSpec(
        "s",
        (
            Actions(
                (
                    Button(actions.APPROVE, "Approve", "1", ButtonStyle.PRIMARY),
                    Button(actions.REJECT, "R" * 100, "1", ButtonStyle.DANGER, confirm),
                    Button(actions.PHASE, "Next", ""),
                )
            ),
        ),
    )
    primary, danger, default = render_message(spec)["blocks"][0]["elements"]
    assert primary["style"] == "primary" and "confirm" not in primary
    assert "style" not in default and "value" not in default
    assert danger["style"] == "danger" and danger["confirm"]["style"] == "danger"
    assert len(danger["text"]["text"]) == 75 and danger["text"]["text"].endswith("…")
    assert len(danger["confirm"]["title"]["text"]) <= 100
    assert len(danger["confirm"]["text"]["text"]) <= 300
    assert len(danger["confirm"]["confirm"]["text"]) <= 30 and len(danger["confirm"]["deny"]["text"]) <= 30


def test_long_texts_are_cut_without_breaking_entities() -> None:
    text = section_text(plain("&" * 5000))
    assert len(text) <= 3000 and text.endswith("&amp;…")
    assert re.fullmatch(r"(&amp;)+…", text)
    summary = render_message(MessageSpec("<" * 5000))["text"]
    assert len(summary) <= 3000 and re.fullmatch(r"(&lt;)+…", summary)
    mention_then_long = mrkdwn((Mention("U1"), Plain("a" * 4000)), 100)
    assert mention_then_long.startswith("<@U1>") and len(mention_then_long) == 100


def test_context_divider_and_empty_section() -> None:
    blocks = render_message(MessageSpec("s", (Section(()), Context(plain("<!here> note")), Divider())))[
        "blocks"
    ]
    assert [b["type"] for b in blocks] == ["section", "context", "divider"]
    assert blocks[0]["text"]["text"]  # Slack rejects empty text
    assert blocks[1]["elements"] == [{"type": "mrkdwn", "text": "&lt;!here&gt; note"}]


def test_more_than_ten_fields_are_split_and_each_field_fits() -> None:
    pairs = tuple((f"Label {i}", plain(f"value {i}" + ("x" * 3000 if i == 3 else ""))) for i in range(25))
    blocks = render_message(MessageSpec("s", (Fields(pairs),)))["blocks"]
    assert [len(b["fields"]) for b in blocks] == [10, 10, 5]
    texts = [f["text"] for b in blocks for f in b["fields"]]
    assert [t.split("\n")[0] for t in texts] == [f"*Label {i}*" for i in range(25)]
    assert all(len(t) <= 2000 for t in texts) and texts[3].endswith("…")


def test_more_than_25_buttons_split_into_actions_blocks() -> None:
    buttons = tuple(Button(actions.CHECK, f"b{i}", str(i)) for i in range(30))
    blocks = render_message(MessageSpec("s", (Actions(buttons),)))["blocks"]
    assert [len(b["elements"]) for b in blocks] == [25, 5]
    assert len({b["action_id"] for b in buttons_of(blocks)}) == 30


def test_more_than_50_blocks_are_capped_keeping_the_last_actions() -> None:
    many = tuple(Section(plain(f"line {i}")) for i in range(70))
    spec = MessageSpec("s", (*many, Actions((Button(actions.APPROVE, "Approve", "1"),))))
    blocks = render_message(spec)["blocks"]
    assert len(blocks) == 50
    assert (
        blocks[-1]["type"] == "actions"
        and action_name(blocks[-1]["elements"][0]["action_id"]) == actions.APPROVE
    )
    assert blocks[48]["text"]["text"] == "line 48"
    no_actions = render_message(MessageSpec("s", many))["blocks"]
    assert len(no_actions) == 50 and no_actions[-1]["text"]["text"] == "line 49"


# ---- modals ----------------------------------------------------------------------------------


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


# ---- an independent check, when the project's Block Kit fake is available ----------------------


def test_output_passes_the_block_kit_fake() -> None:
    blockkit = pytest.importorskip("tests.fakes.slack.blockkit")
    if not (hasattr(blockkit, "check_blocks") and hasattr(blockkit, "check_view")):
        pytest.skip("tests.fakes.slack.blockkit has no check_blocks/check_view")
    spec = MessageSpec(
        HOSTILE,
        (
            *(Section(plain(HOSTILE * 40), button=Button(actions.CHECK, "x" * 90, "1")) for _ in range(30)),
            Fields(tuple((f"L{i}", plain("v" * 2500)) for i in range(23))),
            Actions(tuple(Button(actions.PHASE, f"p{i}", str(i)) for i in range(30))),
        ),
    )
    assert blockkit.check_blocks(render_message(spec)["blocks"], "message") == []
    choices = tuple(Choice(f"v{i}", "l" * 90) for i in range(130))
    inputs = (
        Note(plain(HOSTILE)),
        TextInput("t", "T" * 3000, max_length=9000, placeholder="p" * 300, hint="h" * 3000),
        SelectInput("s", "S", choices, multiple=True, initial=("v1",)),
        RadioInput("r", "R", choices[:5], initial="v2"),
        DateTimeInput("d", "D", initial=datetime(2026, 1, 1, tzinfo=UTC)),
    )
    assert blockkit.check_view(render_modal(form(*inputs, title="T" * 40), "m" * 3000)) == []
