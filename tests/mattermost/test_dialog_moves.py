"""A form's moves (back, save and close) in a Mattermost dialog: an *After saving* choice beside the one submit
button, sealed in the dialog's state; and the server version that decides whether a next step shows in place."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.specs import FormMove
from bot.specs import FormSpec
from bot.specs import TextInput
from handlers.mattermost.dialog_moves import MOVE_ELEMENT
from handlers.mattermost.dialog_moves import MoveWords
from handlers.mattermost.dialog_moves import read_move
from handlers.mattermost.render_dialog import parse_submission
from handlers.mattermost.render_dialog import read_state
from handlers.mattermost.render_dialog import render_dialog
from handlers.mattermost.render_text import NoNames
from handlers.mattermost.server_version import ServerVersion
from handlers.mattermost.signing import Signer

ZONE = ZoneInfo("Europe/Brussels")
SIGNER = Signer("k" * 32)
WORDS = MoveWords("After saving", "Save")
SECTION = FormSpec("review", "Post Incident Review", "Save and next ›", "Cancel",
                   (TextInput("who_how", "Who detected the incident, and how?", multiline=True, optional=True),),
                   state="INC-2026-0001|detection|abc", moves=(FormMove("back", "‹ Back"),
                                                           FormMove("close", "Save and close")))


def test_moves_become_a_choice_after_the_questions_and_the_submit_button_says_save() -> None:
    dialog = render_dialog(SECTION, NoNames(), SIGNER, "u1", ZONE, "", WORDS)
    assert [e["name"] for e in dialog["elements"]] == ["who_how", MOVE_ELEMENT]
    move = dialog["elements"][-1]
    assert move["type"] == "radio" and move["display_name"] == "After saving" and move["optional"] is False
    assert move["options"] == [{"text": "Save and next ›", "value": "next"}, {"text": "‹ Back", "value": "back"},
                               {"text": "Save and close", "value": "close"}]
    assert move["default"] == "next" and dialog["submit_label"] == "Save"
    state = read_state(SIGNER, dialog["state"])
    assert state is not None and state.moves == {"back", "close"}
    values, _ = parse_submission({"who_how": "Monitoring", MOVE_ELEMENT: "back"}, state, ZONE)
    assert values.values == {"who_how": "Monitoring"}  # the move is no answer


def test_a_form_without_moves_keeps_its_own_submit_label() -> None:
    plain = FormSpec("report", "Report", "Report it", "Cancel", (TextInput("title", "Title"),))
    dialog = render_dialog(plain, NoNames(), SIGNER, "u1", ZONE, "", WORDS)
    assert [e["name"] for e in dialog["elements"]] == ["title"] and dialog["submit_label"] == "Report it"
    state = read_state(SIGNER, dialog["state"])
    assert state is not None and state.moves == frozenset()


def test_only_an_offered_move_is_read_back() -> None:
    offered = frozenset({"back", "close"})
    assert read_move({MOVE_ELEMENT: "next"}, offered) == (None, True)
    assert read_move({}, offered) == (None, True)
    assert read_move({MOVE_ELEMENT: "close"}, offered) == ("close", True)
    assert read_move({MOVE_ELEMENT: "skip"}, offered) == (None, False)
    assert read_move({MOVE_ELEMENT: ["back"]}, offered) == (None, False)
    assert read_move({MOVE_ELEMENT: "back"}, frozenset()) == (None, False)
    assert read_move("not a mapping", offered) == (None, True)


def test_the_server_version_comes_from_the_websocket_hello() -> None:
    version = ServerVersion()
    assert version.version is None and not version.chains_dialogs  # unknown: what every server supports
    version.heard("11.1.0.16345.4f1b9c0d2e.false")
    assert version.version == (11, 1, 0) and version.chains_dialogs
    version.heard("9.11.6.9.11.6.abc.true")
    assert not version.chains_dialogs
    version.heard("12.0.0.dev.x.false")
    assert version.chains_dialogs
    version.heard("developer")
    assert version.version is None and not version.chains_dialogs
    version.heard(None)
    assert version.version is None
