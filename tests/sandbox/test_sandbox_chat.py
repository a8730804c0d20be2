"""The sandbox's ChatPort on a real database (SQLite and PostgreSQL): every method the core may call,
the errors a platform gives, and nothing lost across a new process (a new store on the same database)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC
from datetime import datetime

import pytest

from bot.domain.incident import MessageRef
from bot.ports import ChatError
from bot.ports import NameTaken
from bot.sandbox_store import ChannelKind
from bot.specs import Actions
from bot.specs import Button
from bot.specs import ButtonStyle
from bot.specs import ChannelLink
from bot.specs import Confirm
from bot.specs import Context
from bot.specs import Divider
from bot.specs import Fields
from bot.specs import Link
from bot.specs import Mention
from bot.specs import MessageSpec
from bot.specs import Plain
from bot.specs import Section
from bot.specs import Strong
from bot.specs import Tone
from handlers.sandbox.chat import SandboxChat
from handlers.sandbox.chat import direct_channel_id
from handlers.sandbox.codec import decode_message
from handlers.sandbox.live import Live
from storage.engine import make_engine
from storage.sandbox import SqlSandboxStore

EVERYTHING = MessageSpec(
    "INC-2026-0001 · Mail down",
    (Section((Strong("INC-2026-0001"), Plain(" <b>&"), Mention("hugo"), ChannelLink("helpdesk"),
              Link("https://example.be/x?a=1&b=2", "link"))),
     Fields((("Severity", (Plain("🟠 Major"),)),)),
     Actions((Button("sirene.approve", "Approve", "INC-2026-0001|1", ButtonStyle.PRIMARY,
                     Confirm("Sure?", "Really", "Yes", "No")),)),
     Section((Plain("☐ 1. Contain"),), Button("sirene.check", "Done", "INC-2026-0001|1")),
     Context((Plain("hint"),)), Divider()),
    Tone.MAJOR, marker="INC-2026-0001:announcement")


@pytest.fixture
def store(migrated_url: str) -> Iterator[SqlSandboxStore]:
    engine = make_engine(migrated_url)
    yield SqlSandboxStore(engine)
    engine.dispose()


@pytest.fixture
def chat(store: SqlSandboxStore) -> SandboxChat:
    return SandboxChat(store, Live(), "http://127.0.0.1:3000/", {"Hugo@Example.be": "hugo"})


def test_messages_are_kept_as_specs_and_updated_in_place(chat: SandboxChat, store: SqlSandboxStore) -> None:
    store.ensure_channel("helpdesk", "helpdesk", ChannelKind.PUBLIC)
    ref = chat.post_message("helpdesk", EVERYTHING)
    found = store.message(int(ref.message_id))
    assert found is not None and found.spec is not None
    assert decode_message(found.spec) == EVERYTHING
    assert chat.fetch_message(ref) == ("sirene", EVERYTHING.summary)
    chat.update_message(ref, MessageSpec("changed"))
    assert chat.fetch_message(ref) == ("sirene", "changed")
    thread = chat.post_message("helpdesk", MessageSpec("in the thread"), thread_id=ref.message_id)
    assert store.message(int(thread.message_id)).thread_id == ref.message_id  # type: ignore[union-attr]
    with pytest.raises(ChatError):
        chat.update_message(MessageRef("helpdesk", "999999"), EVERYTHING)
    with pytest.raises(ChatError):
        chat.post_message("nowhere", EVERYTHING)


def test_channels_members_header_pins_reactions_and_archiving(chat: SandboxChat, store: SqlSandboxStore) -> None:
    room = chat.create_channel("inc-2026-0001-mail-down", private=True)
    with pytest.raises(NameTaken):
        chat.create_channel("inc-2026-0001-mail-down", private=False)
    chat.invite(room, ["hugo", "lotte"])
    chat.invite(room, ["hugo"])
    chat.set_header(room, "INC-2026-0001 · Major")
    ref = chat.post_message(room, EVERYTHING)
    chat.pin(ref)
    chat.add_reaction(ref, "white_check_mark")
    chat.add_reaction(ref, "white_check_mark")
    channel = store.channel(room)
    assert channel is not None
    assert (channel.kind.value, channel.members, channel.topic) == ("private", frozenset({"hugo", "lotte"}),
                                                                     "INC-2026-0001 · Major")
    assert channel.visible_to("hugo") and not channel.visible_to("marc")
    message = store.message(int(ref.message_id))
    assert message is not None and message.pinned
    assert [(r.name, r.user_id) for r in message.reactions] == [("white_check_mark", "sirene")]
    assert chat.find_own_channel("inc-2026-0001-mail-down") == room  # how a killed attempt's channel is adopted
    chat.archive_channel(room)
    with pytest.raises(ChatError) as error:
        chat.post_message(room, EVERYTHING)
    assert error.value.code == "is_archived"
    assert chat.find_own_channel("inc-2026-0001-mail-down") is None  # archived: not taken up again
    assert chat.find_own_channel("inc-2026-0002") is None
    chat.send_direct("hugo", EVERYTHING)
    assert chat.find_own_channel("dm-hugo") is None  # a direct conversation is nobody's incident channel


def test_ephemerals_are_seen_by_their_user_only(chat: SandboxChat, store: SqlSandboxStore) -> None:
    room = chat.create_channel("general", private=False)
    chat.post_ephemeral(room, "emma", MessageSpec("only for Emma"))
    chat.post_message(room, MessageSpec("for everyone"))
    assert [m.text for m in store.messages(room, "emma", 10)] == ["only for Emma", "for everyone"]
    assert [m.text for m in store.messages(room, "hugo", 10)] == ["for everyone"]


def test_direct_messages_files_people_and_languages(chat: SandboxChat, store: SqlSandboxStore) -> None:
    ref = chat.send_direct("emma", MessageSpec("Your report INC-2026-0001 was received."))
    again = chat.send_direct("emma", MessageSpec("Second"))
    assert ref.channel_id == again.channel_id == direct_channel_id("emma")
    assert store.channel(ref.channel_id).members == {"emma"}  # type: ignore[union-attr]
    chat.upload_file(ref.channel_id, "INC-2026-0001.csv", b"#;date\n1;2026", "Logbook INC-2026-0001")
    shared = store.messages(ref.channel_id, "emma", 10)[-1]
    assert shared.file_id is not None and shared.text == "Logbook INC-2026-0001"
    assert store.file(shared.file_id).content == b"#;date\n1;2026"  # type: ignore[union-attr]
    assert chat.find_user_by_email("hugo@example.be") == "hugo"
    assert chat.find_user_by_email("nobody@example.be") is None
    assert chat.user_language("emma") is None
    chat.set_language("emma", "fr")
    assert chat.user_language("emma") == "fr"
    assert SandboxChat(store, Live(), "http://127.0.0.1:3000/", {}).user_language("emma") == "fr"
    chat.set_language("emma", None)
    assert chat.user_language("emma") is None and store.language("emma") is None
    link = chat.permalink(ref)
    assert link is not None and link.startswith("http://127.0.0.1:3000/?channel=D-emma&message=")


def test_a_message_sent_twice_with_the_same_key_is_kept_once(store: SqlSandboxStore, chat: SandboxChat) -> None:
    room = chat.create_channel("general", private=False)
    first, new = store.post(room, "emma", "!action once", datetime.now(UTC), client_key="emma:k1")
    second, again = store.post(room, "emma", "!action once", first.posted_at, client_key="emma:k1")
    assert (new, again, first.id) == (True, False, second.id)
    assert len(store.messages(room, "emma", 10)) == 1


def test_nothing_is_lost_for_a_new_process(migrated_url: str, chat: SandboxChat) -> None:
    room = chat.create_channel("inc-2026-0002", private=True)
    ref = chat.post_message(room, EVERYTHING)
    engine = make_engine(migrated_url)
    try:
        later = SandboxChat(SqlSandboxStore(engine), Live(), "http://127.0.0.1:3000/", {})
        later.update_message(ref, MessageSpec("updated after a restart"))
        assert later.fetch_message(ref) == ("sirene", "updated after a restart")
    finally:
        engine.dispose()


def test_every_change_wakes_the_browsers(store: SqlSandboxStore) -> None:
    live = Live()
    chat = SandboxChat(store, live, "http://127.0.0.1:3000/", {})
    room = chat.create_channel("general", private=False)
    before = live.revision
    chat.post_message(room, MessageSpec("hello"))
    assert live.revision > before


def test_a_post_is_found_again_by_its_marker(chat: SandboxChat, store: SqlSandboxStore) -> None:
    room = chat.create_channel("inc-2026-0042", private=False)
    ref = chat.post_message(room, MessageSpec("Reminder", (), marker="INC-2026-0042:reminder@job3.1"))
    chat.post_message(room, MessageSpec("Other", ()))
    assert chat.find_posted(room, "INC-2026-0042:reminder@job3.1") == ref
    assert chat.find_posted(room, "INC-2026-0042:reminder@job4.1") is None
    assert chat.find_posted("no-such-room", "x") is None
    direct = chat.send_direct("hugo", MessageSpec("Page", (), marker="page@job5.1"))
    assert chat.find_direct("hugo", "page@job5.1") == direct


def test_the_employee_the_plan_does_not_name_has_a_sandbox_name(chat: SandboxChat) -> None:
    assert chat.user_display_name("emma") == "Emma"
    assert chat.user_display_name("nobody") is None
