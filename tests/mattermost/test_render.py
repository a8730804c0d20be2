"""Rendering the neutral specs for Mattermost: inert user text, attachments with signed buttons, dialogs."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.specs import Actions
from bot.specs import Button
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
from bot.specs import Section
from bot.specs import SelectInput
from bot.specs import Strong
from bot.specs import TextInput
from bot.specs import Tone
from handlers.mattermost.chat import channel_name
from handlers.mattermost.render_dialog import parse_submission
from handlers.mattermost.render_dialog import read_state
from handlers.mattermost.render_dialog import render_dialog
from handlers.mattermost.render_message import ACTION_PURPOSE
from handlers.mattermost.render_message import Callback
from handlers.mattermost.render_message import render_post
from handlers.mattermost.render_message import render_text_only
from handlers.mattermost.render_text import NoNames
from handlers.mattermost.render_text import escape
from handlers.mattermost.render_text import markdown
from handlers.mattermost.signing import Signer

ZONE = ZoneInfo("Europe/Brussels")
SIGNER = Signer("k" * 32)
CALLBACK = Callback("https://sirene.example.be/mattermost/actions", SIGNER, timedelta(days=1))


class Names:
    def username(self, user_id: str) -> str | None:
        return {"u1": "hugo"}.get(user_id)

    def channel_name(self, channel_id: str) -> str | None:
        return {"c1": "inc-2026-0001-mail"}.get(channel_id)


def test_user_text_is_inert() -> None:
    text = escape("@channel **bold** [x](http://evil) ~town-square # Heading | a | <b> `code`")
    assert "@channel" not in text and "~town-square" not in text
    assert "\\*\\*bold\\*\\*" in text and "\\[x\\]\\(http://evil\\)" in text and "\\#" in text
    assert "\\|" in text and "\\<b\\>" in text and "\\`code\\`" in text
    assert escape("mail@example.be") == "mail@example.be"


def test_mentions_links_and_strong_text() -> None:
    rich = (Strong("Owner"), Plain(": "), Mention("u1"), Plain(" in "), ChannelLink("c1"), Plain(" "),
            Link("https://chat.example.be/x", "the post"), Plain(" "), Mention("unknown"))
    assert markdown(rich, Names()) == ("**Owner**: @hugo in ~inc-2026-0001-mail [the post](https://chat.example.be/x)"
                                       " unknown")
    assert markdown((Mention("u1"),), NoNames()) == "u1"


def test_long_text_is_cut_without_breaking_an_escape() -> None:
    out = markdown((Plain("*" * 100),), NoNames(), limit=21)
    assert out == "\\*" * 10 + "…"


def test_a_message_becomes_attachments_with_signed_buttons() -> None:
    spec = MessageSpec("INC-2026-0001: Mail server down", (
        Section((Plain("Mail server down"),)),
        Fields((("Severity", (Plain("🟠 Major"),)), ("Owner", (Mention("u1"),)))),
        Actions((Button("sirene.classify", "Minor", "INC-2026-0001|minor"),
                 Button("sirene.deactivate", "Request deactivation", "INC-2026-0001",
                        confirm=Confirm("Sure?", "It asks the approvers.", "Yes", "No")))),
        Divider(),
        Section((Plain("1. Inform the IRP manager"),), Button("sirene.check", "Done", "INC-2026-0001|1")),
        Context((Plain("updated 09:30"),)),
    ), tone=Tone.MAJOR)
    post = render_post(spec, Names(), CALLBACK)
    assert post["message"] == ""
    first, step, context = post["props"]["attachments"]
    assert first["color"] == "#E67E22" and first["fallback"] == spec.summary
    assert first["fields"][1] == {"title": "Owner", "value": "@hugo", "short": True}
    ids = [a["id"] for a in first["actions"]] + [a["id"] for a in step["actions"]]
    assert len(set(ids)) == 3 and all(i.isalnum() for i in ids)
    classify, deactivate = first["actions"]
    assert classify["integration"]["url"] == CALLBACK.url
    assert SIGNER.verify(ACTION_PURPOSE, classify["integration"]["context"]) == {
        "action": "sirene.classify", "value": "INC-2026-0001|minor"}
    assert SIGNER.verify(ACTION_PURPOSE, deactivate["integration"]["context"])["confirm_yes"] == "Yes"  # type: ignore[index]
    assert step["text"] == "1. Inform the IRP manager"
    assert context["text"] == "updated 09:30"


def test_a_message_without_blocks_is_plain_text() -> None:
    assert render_post(MessageSpec("Hello @all"), NoNames(), CALLBACK) == {"message": "Hello @\u200dall", "props": {}}
    spec = MessageSpec("s", (Section((Plain("a"),)), Fields((("Label", (Plain("v"),)),))))
    assert render_text_only(spec, NoNames()) == "a\n\n**Label**: v"


FORM = FormSpec("report", "Report an incident to the helpdesk", "Send", "Cancel", (
    Note((Plain("Tell us what happened."),)),
    TextInput("title", "Title", max_length=150, initial="Mail down"),
    TextInput("description", "What happened, in detail, for the helpdesk", multiline=True, optional=True),
    DateTimeInput("detected_at", "Noticed at", initial=datetime(2026, 11, 27, 8, 30, tzinfo=UTC)),
    SelectInput("activities", "Activities", (Choice("email", "E-mail"), Choice("web", "Webshop")), multiple=True,
                optional=True, initial=("email",)),
    RadioInput("reporter_kind", "For", (Choice("employee", "Me"), Choice("customer", "A customer")),
               initial="employee"),
), state="INC-2026-0001")


def test_a_form_becomes_a_dialog_within_mattermosts_limits() -> None:
    dialog = render_dialog(FORM, NoNames(), SIGNER, "u1", ZONE, "YYYY-MM-DD HH:MM (Europe/Brussels).")
    assert len(dialog["title"]) <= 24 and dialog["introduction_text"] == "Tell us what happened."
    elements = {e["name"]: e for e in dialog["elements"]}
    assert elements["title"]["type"] == "text" and elements["title"]["default"] == "Mail down"
    description = elements["description"]
    assert description["type"] == "textarea" and len(description["display_name"]) <= 24
    assert description["help_text"].startswith("What happened, in detail")
    assert elements["detected_at"]["default"] == "2026-11-27 09:30"  # the plan's zone
    assert elements["activities"]["multiselect"] is True and elements["activities"]["default"] == "email"
    assert elements["reporter_kind"]["type"] == "radio"
    state = read_state(SIGNER, dialog["state"])
    assert state is not None and state.form_id == "report" and state.state == "INC-2026-0001"
    assert state.user_id == "u1" and state.datetimes == {"detected_at"} and state.multiples == {"activities"}


def test_a_submission_is_read_back_and_bad_dates_are_named() -> None:
    dialog = render_dialog(FORM, NoNames(), SIGNER, "u1", ZONE, "")
    state = read_state(SIGNER, dialog["state"])
    assert state is not None
    values, unreadable = parse_submission({"title": "Mail down", "detected_at": "27/11/2026 10:15",
                                           "activities": "email,web", "reporter_kind": "employee"}, state, ZONE)
    assert unreadable == []
    assert values.text("title") == "Mail down" and values.choices("activities") == ("email", "web")
    assert values.moment("detected_at") == datetime(2026, 11, 27, 9, 15, tzinfo=UTC)
    _, unreadable = parse_submission({"detected_at": "tomorrow"}, state, ZONE)
    assert unreadable == ["detected_at"]
    values, _ = parse_submission("not a mapping", state, ZONE)
    assert values.values == {}


def test_channel_names_fit_mattermost() -> None:
    long = "inc-2026-0001-" + "very-long-title-" * 6
    assert len(channel_name(long)) <= 64
    assert channel_name(long + "-2") != channel_name(long + "-3")
    assert channel_name(long + "-2").endswith("-2")
    assert channel_name("inc-2026-0001-mail") == "inc-2026-0001-mail"
