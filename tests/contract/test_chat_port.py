"""One contract for every ChatPort: the same scenarios against the Slack adapter (on the fake Slack),
the Mattermost adapter (on the fake Mattermost) and the in-memory chat of the core tests.

Each backend says how to read the platform's state back (``Observer``); the scenarios never look at
a platform's own shapes, so what passes here behaves the same for the core on every platform.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from slack_sdk import WebClient

from bot.domain.incident import MessageRef
from bot.ports import ChatError
from bot.ports import ChatPort
from bot.ports import ChatUnavailable
from bot.ports import NameTaken
from bot.specs import Actions
from bot.specs import Button
from bot.specs import MessageSpec
from bot.specs import Plain
from bot.specs import Section
from handlers.mattermost.api import MattermostApi
from handlers.mattermost.chat import MattermostChat
from handlers.mattermost.render_message import Callback
from handlers.mattermost.signing import Signer
from handlers.slack.chat import SlackChat
from tests.fakes.mattermost.server import FakeMattermost
from tests.fakes.memory_chat import BOT
from tests.fakes.memory_chat import MemoryChat
from tests.fakes.slack.server import FakeSlack

SPEC = MessageSpec("Mail server down", (Section((Plain("Mail server down @channel"),)),
                                        Actions((Button("sirene.check", "Done", "INC-2026-0001|1"),))))
UPDATED = MessageSpec("Updated", (Section((Plain("Updated body"),)),))


@dataclass
class Observer:
    chat: ChatPort
    add_user: Callable[[str, str, str], str]
    """(name, e-mail, locale) → the platform's user id."""
    channel: Callable[[str], tuple[bool, set[str], str, bool]]
    """channel id → (private, members, header, archived)."""
    shown: Callable[[MessageRef], str]
    reactions: Callable[[MessageRef], set[str]]
    pinned: Callable[[MessageRef], bool]
    ephemerals: Callable[[str], int]
    user_post: Callable[[str, str, str], MessageRef]
    files: Callable[[str], list[bytes]]
    human_channel: Callable[[str, bool, bool], str]
    """(name, private, the bot in it) → the id of a channel a person made."""
    lose_next_channel_answer: Callable[[], None]
    """The next channel is created, but the answer to its creation is lost on the way back."""


def _slack(fake: FakeSlack) -> Observer:
    # as bot/composition_root.py builds it
    chat = SlackChat(WebClient(token=fake.bot_token, base_url=fake.api_url, retry_handlers=[]))

    def add_user(name: str, email: str, locale: str) -> str:
        user_id = f"U0{name.upper()}{secrets.randbelow(1000)}"
        fake.add_user(user_id, name, email, locale=locale)
        return user_id

    def channel(channel_id: str) -> tuple[bool, set[str], str, bool]:
        found = fake.channel(channel_id)
        return found.is_private, set(found.members), found.topic, found.archived

    def message(ref: MessageRef) -> str:
        found = fake.message(ref.channel_id, ref.message_id)
        return json.dumps(found.blocks) + (found.text or "") if found else ""

    def user_post(user_id: str, channel_id: str, text: str) -> MessageRef:
        fake.join(user_id, channel_id)
        return MessageRef(channel_id, fake.store_user_message(user_id, channel_id, text).ts)

    def human_channel(name: str, private: bool, with_bot: bool) -> str:
        person = add_user("maker", "maker@example.be", "en")
        return fake.add_channel(name, is_private=private, members=[person], bot_is_member=with_bot).id

    return Observer(chat, add_user, channel, message,
                    lambda ref: set(fake.message(ref.channel_id, ref.message_id).reactions or {}),  # type: ignore[union-attr]
                    lambda ref: ref.message_id in fake.channel(ref.channel_id).pins,
                    lambda user: len(fake.ephemerals_for(user)), user_post,
                    lambda channel_id: [f.content or b"" for f in fake.files.values() if f.channel_id == channel_id],
                    human_channel, lambda: fake.drop_response_next("conversations.create"))


def _mattermost(fake: FakeMattermost) -> Observer:
    api = MattermostApi(fake.url, fake.bot_token)
    callback = Callback("http://127.0.0.1:9/mattermost/actions", Signer("k" * 32), timedelta(days=1))
    chat = MattermostChat(api, fake.team_id, fake.team_name, fake.bot.id, callback)

    def channel(channel_id: str) -> tuple[bool, set[str], str, bool]:
        found = fake.channels[channel_id]
        return found.is_private, set(found.members) - {fake.bot.id}, found.header, found.archived

    def user_post(user_id: str, channel_id: str, text: str) -> MessageRef:
        fake.channels[channel_id].members.add(user_id)
        return MessageRef(channel_id, fake.user_post(user_id, channel_id, text).id)

    def files(channel_id: str) -> list[bytes]:
        return [content for _, content, channel in fake.files.values() if channel == channel_id]

    def human_channel(name: str, private: bool, with_bot: bool) -> str:
        person = fake.add_user("maker", "maker@example.be").id
        return fake.add_channel(name, [person, fake.bot.id] if with_bot else [person], private).id

    return Observer(chat, lambda name, email, locale: fake.add_user(name, email, locale).id, channel,
                    lambda ref: fake.posts[ref.message_id].text() if ref.message_id in fake.posts else "",
                    lambda ref: {r.emoji_name for r in fake.posts[ref.message_id].reactions},
                    lambda ref: fake.posts[ref.message_id].is_pinned,
                    lambda user: len(fake.ephemerals_for(user)), user_post, files, human_channel,
                    lambda: fake.drop_response_next("POST", "/channels"))


def _memory() -> Observer:
    chat = MemoryChat("sandbox")

    def add_user(name: str, email: str, locale: str) -> str:
        chat.users_by_email[email] = name
        chat.languages[name] = locale[:2]
        chat.names[name] = name.title()
        return name

    def channel(channel_id: str) -> tuple[bool, set[str], str, bool]:
        found = chat.channels[channel_id]
        members = found["members"]
        assert isinstance(members, set)
        return bool(found["private"]), set(members), str(found["topic"]), bool(found["archived"])

    def user_post(user_id: str, channel_id: str, text: str) -> MessageRef:
        ref = MessageRef(channel_id, f"u{len(chat.texts)}")
        chat.texts[ref] = (user_id, text)
        return ref

    def files(channel_id: str) -> list[bytes]:
        return [content for channel, _, content, _ in chat.files if channel == channel_id]

    def human_channel(name: str, private: bool, with_bot: bool) -> str:
        channel_id = chat.add_channel(name, private, creator="maker")
        if with_bot:
            chat.invite(channel_id, [BOT])
        return channel_id

    def lose_next_channel_answer() -> None:
        chat.lose_channel_answers += 1

    return Observer(chat, add_user, channel, lambda ref: repr(chat.messages[ref].spec) if ref in chat.messages else "",
                    lambda ref: {name for r, name in chat.reactions if r == ref}, lambda ref: ref in chat.pins,
                    lambda user: sum(1 for _, u, _ in chat.ephemerals if u == user), user_post, files,
                    human_channel, lose_next_channel_answer)


@pytest.fixture(params=["slack", "mattermost", "memory"])
def port(request: pytest.FixtureRequest) -> Iterator[Observer]:
    if request.param == "slack":
        fake_slack = FakeSlack().start()
        try:
            yield _slack(fake_slack)
        finally:
            fake_slack.stop(wait=False)
        assert fake_slack.violations == []
    elif request.param == "mattermost":
        fake = FakeMattermost().start()
        try:
            yield _mattermost(fake)
        finally:
            fake.stop(wait=False)
        assert fake.violations == []
    else:
        yield _memory()


def test_a_channel_with_members_header_messages_reactions_and_pins(port: Observer) -> None:
    chat = port.chat
    alice = port.add_user("alice", "alice@example.be", "nl-BE")
    channel_id = chat.create_channel("inc-2026-0001-mail-server-down", private=True)
    chat.invite(channel_id, [alice])
    chat.set_header(channel_id, "INC-2026-0001 · 🟠 Major")
    private, members, header, archived = port.channel(channel_id)
    assert private and alice in members and header == "INC-2026-0001 · 🟠 Major" and not archived
    ref = chat.post_message(channel_id, SPEC)
    assert "Mail server down" in port.shown(ref)
    chat.update_message(ref, UPDATED)
    assert "Updated body" in port.shown(ref) and "Mail server down" not in port.shown(ref)
    chat.add_reaction(ref, "white_check_mark")
    chat.add_reaction(ref, "white_check_mark")  # already there: nothing to do, no error
    assert port.reactions(ref) == {"white_check_mark"}
    chat.pin(ref)
    assert port.pinned(ref)
    assert chat.permalink(ref)


def test_a_taken_channel_name_is_name_taken(port: Observer) -> None:
    port.chat.create_channel("inc-2026-0002", private=False)
    with pytest.raises(NameTaken):
        port.chat.create_channel("inc-2026-0002", private=False)


def test_ephemeral_and_direct_messages(port: Observer) -> None:
    bob = port.add_user("bob", "bob@example.be", "fr-BE")
    channel_id = port.chat.create_channel("inc-2026-0003", private=False)
    port.chat.invite(channel_id, [bob])
    port.chat.post_ephemeral(channel_id, bob, SPEC)
    assert port.ephemerals(bob) == 1
    ref = port.chat.send_direct(bob, SPEC)
    assert "Mail server down" in port.shown(ref)


def test_people_are_found_by_email_with_their_language(port: Observer) -> None:
    carla = port.add_user("carla", "carla@example.be", "fr")
    assert port.chat.find_user_by_email("carla@example.be") == carla
    assert port.chat.find_user_by_email("nobody@example.be") is None
    assert port.chat.user_language(carla) == "fr"


def test_a_person_is_named_as_the_platform_shows_them_and_an_unknown_one_is_none(port: Observer) -> None:
    dora = port.add_user("dora", "dora@example.be", "nl")
    name = port.chat.user_display_name(dora)
    assert name is not None and name.casefold() == "dora"
    assert port.chat.user_display_name(f"{dora}X9") is None


def test_a_users_message_is_fetched_and_an_unknown_one_is_none(port: Observer) -> None:
    dora = port.add_user("dora", "dora@example.be", "en")
    channel_id = port.chat.create_channel("inc-2026-0004", private=False)
    ref = port.user_post(dora, channel_id, "Failing over to the backup provider")
    assert port.chat.fetch_message(ref) == (dora, "Failing over to the backup provider")
    assert port.chat.fetch_message(MessageRef(channel_id, "1700000000.000001")) is None


def test_files_are_shared_in_the_channel(port: Observer) -> None:
    channel_id = port.chat.create_channel("inc-2026-0005", private=False)
    port.chat.upload_file(channel_id, "INC-2026-0005.md", b"# Report\n", "Incident report")
    assert port.files(channel_id) == [b"# Report\n"]


def test_an_archived_channel_takes_no_more_messages(port: Observer) -> None:
    channel_id = port.chat.create_channel("inc-2026-0006", private=False)
    port.chat.archive_channel(channel_id)
    assert port.channel(channel_id)[3]
    with pytest.raises(ChatError):
        port.chat.post_message(channel_id, SPEC)


def test_a_post_whose_answer_was_lost_is_found_by_its_marker(port: Observer) -> None:
    """The outbox's reconciliation: before posting again, a retry looks for the marker it posted with."""
    carol = port.add_user("carol", "carol@example.be", "en-GB")
    channel_id = port.chat.create_channel("inc-2026-0009", private=False)
    marked = MessageSpec("Reminder", (Section((Plain("SLA at 80%"),)),), marker="INC-2026-0009:reminder@job7.1")
    ref = port.chat.post_message(channel_id, marked)
    port.chat.post_message(channel_id, UPDATED)
    assert port.chat.find_posted(channel_id, "INC-2026-0009:reminder@job7.1") == ref
    assert port.chat.find_posted(channel_id, "INC-2026-0009:reminder@job8.1") is None
    page = MessageSpec("Page", (Section((Plain("Acknowledge"),)),), marker="page@job9.1")
    direct = port.chat.send_direct(carol, page)
    assert port.chat.find_direct(carol, "page@job9.1") == direct
    assert port.chat.find_direct(carol, "page@job10.1") is None


def test_the_bot_finds_a_channel_it_created_even_when_the_answer_was_lost(port: Observer) -> None:
    """How a retried channel creation adopts its own channel instead of making ``…-2``."""
    port.lose_next_channel_answer()
    with pytest.raises(ChatUnavailable):
        port.chat.create_channel("inc-2026-0010-mail-server-down", private=True)
    with pytest.raises(NameTaken):
        port.chat.create_channel("inc-2026-0010-mail-server-down", private=True)
    found = port.chat.find_own_channel("inc-2026-0010-mail-server-down")
    assert found is not None and port.channel(found)[0]  # the private channel it made
    public = port.chat.create_channel("inc-2026-0011", private=False)
    assert port.chat.find_own_channel("inc-2026-0011") == public
    assert port.chat.find_own_channel("inc-2026-0012") is None  # no such channel


def test_a_persons_channel_or_an_archived_one_is_not_the_bots_own(port: Observer) -> None:
    port.human_channel("inc-2026-0013", False, True)  # the bot was invited: it sees the channel, not its maker
    port.human_channel("inc-2026-0014", True, False)  # private, without the bot
    archived = port.chat.create_channel("inc-2026-0015", private=False)
    port.chat.archive_channel(archived)
    for name in ("inc-2026-0013", "inc-2026-0014", "inc-2026-0015"):
        with pytest.raises(NameTaken):
            port.chat.create_channel(name, private=False)
        assert port.chat.find_own_channel(name) is None, name
