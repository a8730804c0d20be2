"""Neutral specs as the sandbox's HTML: every element rendered, every piece of user text escaped,
and a submitted form read back against the form that was opened (forged values dropped)."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.i18n import Translator
from bot.specs import Choice
from bot.specs import DateTimeInput
from bot.specs import FormMove
from bot.specs import FormSpec
from bot.specs import Link
from bot.specs import MessageSpec
from bot.specs import Note
from bot.specs import Plain
from bot.specs import RadioInput
from bot.specs import SelectInput
from bot.specs import TextInput
from handlers.sandbox.codec import decode_form
from handlers.sandbox.codec import encode_form
from handlers.sandbox.parse import form_values
from handlers.sandbox.render import Names
from handlers.sandbox.render import done_html
from handlers.sandbox.render import form_html
from handlers.sandbox.render import inline
from handlers.sandbox.render import message_body
from tests.sandbox.test_sandbox_chat import EVERYTHING

BRUSSELS = ZoneInfo("Europe/Brussels")
NAMES = Names(user=lambda user_id: {"hugo": "Hugo <Peeters>"}.get(user_id, user_id),
              channel=lambda channel_id: "help<desk>")
EVIL = '<script>alert("x")</script>'
FORM = FormSpec("report", "Report <it>", "Send", "Cancel", (
    TextInput("title", "What happened?", initial=EVIL, placeholder='"quoted"', hint="short"),
    TextInput("description", "Details", multiline=True, optional=True, initial="</textarea><b>"),
    DateTimeInput("detected_at", "Noticed", initial=datetime(2026, 11, 27, 8, 30, tzinfo=UTC)),
    SelectInput("activities", "Activities", (Choice("email", "E-mail"), Choice("web", "Web<shop>")),
                multiple=True, optional=True, initial=("email",)),
    RadioInput("kind", "Who", (Choice("employee", "Employee"), Choice("customer", "Customer")), initial="employee"),
    SelectInput("severity", "Severity", (Choice("major", "Major"),), optional=True),
    Note((Plain("Read me "), Plain(EVIL))),
), state="INC-2026-0001")


def test_every_block_and_inline_is_rendered_and_escaped() -> None:
    html = message_body(EVERYTHING, NAMES, 7)
    assert "<b>" not in html and "&lt;b&gt;&amp;" in html
    assert "@Hugo &lt;Peeters&gt;" in html and "#help&lt;desk&gt;" in html
    assert 'href="https://example.be/x?a=1&amp;b=2"' in html
    assert '<dl class="fields"><div><dt>Severity</dt><dd>🟠 Major</dd></div></dl>' in html
    assert 'data-action="sirene.approve" data-value="INC-2026-0001|1" data-message="7"' in html
    assert 'data-confirm-title="Sure?"' in html and 'data-confirm-yes="Yes"' in html
    assert 'data-action="sirene.check"' in html and '<p class="context">hint</p>' in html and "<hr>" in html
    assert "tone-major" in html


def test_only_web_links_become_links() -> None:
    assert inline(Link("javascript:alert(1)", "click"), NAMES) == "click"
    assert inline(Link("https://x.example/", EVIL), NAMES).endswith("&lt;/script&gt;</a>")


def test_a_message_without_blocks_shows_its_summary() -> None:
    assert "&lt;script&gt;" in message_body(MessageSpec(EVIL), NAMES)


def test_every_form_input_is_rendered_and_escaped() -> None:
    tr = Translator("en", BRUSSELS)
    html = form_html(FORM, 12, tr, BRUSSELS, NAMES)
    assert EVIL not in html and "&lt;/textarea&gt;&lt;b&gt;" in html
    assert 'data-form="12"' in html and "<h2>Report &lt;it&gt;</h2>" in html
    assert 'placeholder="&quot;quoted&quot;"' in html
    assert 'type="datetime-local" id="field-detected_at" name="detected_at" value="2026-11-27T09:30"' in html
    assert 'type="checkbox" name="activities" value="email" checked' in html and "Web&lt;shop&gt;" in html
    assert 'type="radio" name="kind" value="employee" checked' in html
    assert '<select id="field-severity" name="severity">' in html
    assert tr.t("sandbox.form.optional") in html and "Europe/Brussels" in html
    assert '<p class="note">Read me &lt;script&gt;' in html
    assert "&lt;script&gt;" in done_html(MessageSpec(EVIL), "Done", "Close", NAMES)


def test_forms_survive_being_stored() -> None:
    assert decode_form(encode_form(FORM)) == FORM
    assert decode_form(encode_form(SECTION)) == SECTION


SECTION = FormSpec("review", "Post Incident Review", "Save and next ›", "Cancel",
                   (TextInput("who_how", "Who detected it?", multiline=True, optional=True),),
                   state="INC-2026-0001|detection|abc",
                   moves=(FormMove("back", "‹ Back"), FormMove("close", "Save <and> close")))


def test_moves_are_buttons_beside_the_submit_button_and_enter_still_goes_forward() -> None:
    html = form_html(SECTION, 7, Translator("en", BRUSSELS), BRUSSELS, NAMES)
    buttons = html[html.index('<div class="form-buttons">'):]
    assert buttons.index("data-cancel") < buttons.index('data-move="back"') < buttons.index('data-move="close"') \
        < buttons.index('type="submit"')
    assert '<button type="button" class="button" data-move="back">‹ Back</button>' in html
    assert "Save &lt;and&gt; close" in html
    assert html.count('type="submit"') == 1  # the browser's Enter submits forward, never a move


def test_a_submission_is_read_against_the_form_that_was_opened() -> None:
    values = form_values(FORM, {
        "title": "Mail down", "detected_at": "2026-11-27T09:30", "activities": ["email", "forged"],
        "kind": "hacker", "severity": ["major"], "unknown": "ignored", "description": 42,
    }, BRUSSELS)
    assert values.values == {
        "title": "Mail down", "description": "", "detected_at": datetime(2026, 11, 27, 8, 30, tzinfo=UTC),
        "activities": ("email",), "kind": None, "severity": "major",
    }
    assert form_values(FORM, {"detected_at": "yesterday"}, BRUSSELS).moment("detected_at") is None
