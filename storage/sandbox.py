"""The local sandbox's chat on the database (:class:`bot.sandbox_store.SandboxStore`).

Each method is its own short transaction: the sandbox is one process serving one browser or a few.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from collections.abc import Sequence
from contextlib import suppress
from datetime import UTC
from datetime import datetime
from typing import Any
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session
from sqlmodel import col
from sqlmodel import or_
from sqlmodel import select

from bot.sandbox_store import ChannelKind
from bot.sandbox_store import Reaction
from bot.sandbox_store import SandboxChannel
from bot.sandbox_store import SandboxFile
from bot.sandbox_store import SandboxForm
from bot.sandbox_store import SandboxMessage
from storage.sandbox_tables import SANDBOX_MEMBER
from storage.sandbox_tables import SANDBOX_REACTION
from storage.sandbox_tables import SANDBOX_USER
from storage.sandbox_tables import SandboxChannelRow
from storage.sandbox_tables import SandboxFileRow
from storage.sandbox_tables import SandboxFormRow
from storage.sandbox_tables import SandboxMemberRow
from storage.sandbox_tables import SandboxMessageRow
from storage.sandbox_tables import SandboxReactionRow
from storage.sandbox_tables import SandboxUserRow
from storage.sql import dialect_insert

T = TypeVar("T")


class SqlSandboxStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def _run(self, work: Callable[[Session], T]) -> T:
        with Session(self._engine, expire_on_commit=False, autoflush=False) as session:
            result = work(session)
            session.commit()
            return result

    # ---- channels ---------------------------------------------------------------------------

    def ensure_channel(self, channel_id: str, name: str, kind: ChannelKind) -> None:
        def work(session: Session) -> None:
            if session.get(SandboxChannelRow, channel_id) is None:
                session.add(SandboxChannelRow(id=channel_id, name=name, kind=kind.value, created_at=_now()))

        with suppress(IntegrityError):  # created meanwhile (or the name is used by another channel)
            self._run(work)

    def create_channel(self, name: str, kind: ChannelKind, members: Sequence[str] = ()) -> str | None:
        channel_id = f"C{secrets.token_hex(5).upper()}"

        def work(session: Session) -> str | None:
            taken = session.exec(select(SandboxChannelRow.id).where(col(SandboxChannelRow.name) == name)).first()
            if taken is not None:
                return None
            session.add(SandboxChannelRow(id=channel_id, name=name, kind=kind.value, created_at=_now()))
            session.flush()
            for user_id in dict.fromkeys(members):
                session.add(SandboxMemberRow(channel_id=channel_id, user_id=user_id))
            return channel_id

        try:
            return self._run(work)
        except IntegrityError:
            return None

    def channel(self, channel_id: str) -> SandboxChannel | None:
        def work(session: Session) -> SandboxChannel | None:
            row = session.get(SandboxChannelRow, channel_id)
            return _channel(row, _members(session, [channel_id]).get(channel_id, set())) if row else None

        return self._run(work)

    def channel_by_name(self, name: str) -> SandboxChannel | None:
        def work(session: Session) -> SandboxChannel | None:
            row = session.exec(select(SandboxChannelRow).where(col(SandboxChannelRow.name) == name)).first()
            return _channel(row, _members(session, [row.id]).get(row.id, set())) if row else None

        return self._run(work)

    def channels(self) -> list[SandboxChannel]:
        def work(session: Session) -> list[SandboxChannel]:
            rows = session.exec(select(SandboxChannelRow).order_by(col(SandboxChannelRow.created_at),
                                                                   col(SandboxChannelRow.name))).all()
            members = _members(session, [row.id for row in rows])
            return [_channel(row, members.get(row.id, set())) for row in rows]

        return self._run(work)

    def add_members(self, channel_id: str, user_ids: Sequence[str]) -> None:
        def work(session: Session) -> None:
            for user_id in dict.fromkeys(user_ids):
                statement = (dialect_insert(session, SANDBOX_MEMBER).values(channel_id=channel_id, user_id=user_id)
                             .on_conflict_do_nothing())
                session.exec(statement)

        self._run(work)

    def set_topic(self, channel_id: str, topic: str) -> None:
        self._run(lambda session: session.exec(
            update(SandboxChannelRow).where(col(SandboxChannelRow.id) == channel_id).values(topic=topic)))

    def archive(self, channel_id: str) -> None:
        self._run(lambda session: session.exec(
            update(SandboxChannelRow).where(col(SandboxChannelRow.id) == channel_id).values(archived=True)))

    # ---- messages ---------------------------------------------------------------------------

    def post(self, channel_id: str, author_id: str, text: str, posted_at: datetime, *,
             spec: dict[str, Any] | None = None, thread_id: str | None = None, visible_to: str | None = None,
             file_id: int | None = None, client_key: str | None = None) -> tuple[SandboxMessage, bool]:
        def existing(session: Session) -> SandboxMessage | None:
            if client_key is None:
                return None
            row = session.exec(select(SandboxMessageRow).where(col(SandboxMessageRow.client_key) == client_key)).first()
            return _message(row, []) if row else None

        def work(session: Session) -> tuple[SandboxMessage, bool]:
            found = existing(session)
            if found is not None:
                return found, False
            row = SandboxMessageRow(channel_id=channel_id, author_id=author_id, text=text, spec=spec,
                                    thread_id=thread_id, visible_to=visible_to, file_id=file_id,
                                    client_key=client_key, posted_at=posted_at)
            session.add(row)
            session.flush()
            return _message(row, []), True

        try:
            return self._run(work)
        except IntegrityError:  # the same client key, posted at the same moment by a retry
            found = self._run(existing)
            if found is None:
                raise
            return found, False

    def message(self, message_id: int) -> SandboxMessage | None:
        def work(session: Session) -> SandboxMessage | None:
            row = session.get(SandboxMessageRow, message_id)
            return _message(row, _reactions(session, [message_id]).get(message_id, [])) if row else None

        return self._run(work)

    def messages(self, channel_id: str, viewer: str, limit: int) -> list[SandboxMessage]:
        def work(session: Session) -> list[SandboxMessage]:
            statement = (select(SandboxMessageRow)
                         .where(col(SandboxMessageRow.channel_id) == channel_id)
                         .where(or_(col(SandboxMessageRow.visible_to).is_(None),
                                    col(SandboxMessageRow.visible_to) == viewer))
                         .order_by(col(SandboxMessageRow.id).desc()).limit(limit))
            rows = list(reversed(session.exec(statement).all()))
            reactions = _reactions(session, [row.id for row in rows if row.id is not None])
            return [_message(row, reactions.get(row.id or 0, [])) for row in rows]

        return self._run(work)

    def replace(self, message_id: int, text: str, spec: dict[str, Any] | None) -> bool:
        def work(session: Session) -> bool:
            row = session.get(SandboxMessageRow, message_id)
            if row is None or row.deleted:
                return False
            row.text, row.edited = text, row.edited or spec is None
            if spec is not None:
                row.spec = spec
            session.add(row)
            return True

        return self._run(work)

    def delete(self, message_id: int) -> bool:
        def work(session: Session) -> bool:
            row = session.get(SandboxMessageRow, message_id)
            if row is None or row.deleted:
                return False
            row.deleted = True
            session.add(row)
            return True

        return self._run(work)

    def pin(self, message_id: int) -> None:
        self._run(lambda session: session.exec(
            update(SandboxMessageRow).where(col(SandboxMessageRow.id) == message_id).values(pinned=True)))

    def react(self, message_id: int, user_id: str, name: str) -> bool:
        def work(session: Session) -> bool:
            statement = (dialect_insert(session, SANDBOX_REACTION)
                         .values(message_id=message_id, name=name, user_id=user_id)
                         .on_conflict_do_nothing().returning(SANDBOX_REACTION.c.name))
            return session.exec(statement).first() is not None

        return self._run(work)

    # ---- files, forms, users --------------------------------------------------------------

    def add_file(self, channel_id: str, filename: str, title: str, content: bytes, uploaded_at: datetime) -> int:
        def work(session: Session) -> int:
            row = SandboxFileRow(channel_id=channel_id, filename=filename, title=title, content=content,
                                 uploaded_at=uploaded_at)
            session.add(row)
            session.flush()
            assert row.id is not None
            return row.id

        return self._run(work)

    def file(self, file_id: int) -> SandboxFile | None:
        def work(session: Session) -> SandboxFile | None:
            row = session.get(SandboxFileRow, file_id)
            if row is None or row.id is None:
                return None
            return SandboxFile(row.id, row.channel_id, row.filename, row.title, bytes(row.content))

        return self._run(work)

    def open_form(self, user_id: str, channel_id: str | None, spec: dict[str, Any], opened_at: datetime) -> int:
        def work(session: Session) -> int:
            row = SandboxFormRow(user_id=user_id, channel_id=channel_id, spec=spec, opened_at=opened_at)
            session.add(row)
            session.flush()
            assert row.id is not None
            return row.id

        return self._run(work)

    def form(self, form_id: int) -> SandboxForm | None:
        def work(session: Session) -> SandboxForm | None:
            row = session.get(SandboxFormRow, form_id)
            if row is None or row.id is None:
                return None
            return SandboxForm(row.id, row.user_id, row.channel_id, dict(row.spec), row.closed)

        return self._run(work)

    def replace_form(self, form_id: int, spec: dict[str, Any]) -> None:
        self._run(lambda session: session.exec(
            update(SandboxFormRow).where(col(SandboxFormRow.id) == form_id).values(spec=spec)))

    def close_form(self, form_id: int) -> None:
        self._run(lambda session: session.exec(
            update(SandboxFormRow).where(col(SandboxFormRow.id) == form_id).values(closed=True)))

    def set_language(self, user_id: str, language: str | None) -> None:
        def work(session: Session) -> None:
            statement = (dialect_insert(session, SANDBOX_USER).values(user_id=user_id, language=language)
                         .on_conflict_do_update(index_elements=[SANDBOX_USER.c.user_id], set_={"language": language}))
            session.exec(statement)

        self._run(work)

    def language(self, user_id: str) -> str | None:
        def work(session: Session) -> str | None:
            row = session.get(SandboxUserRow, user_id)
            return row.language if row else None

        return self._run(work)

    def languages(self) -> dict[str, str]:
        def work(session: Session) -> dict[str, str]:
            rows = session.exec(select(SandboxUserRow).where(col(SandboxUserRow.language).is_not(None))).all()
            return {row.user_id: row.language for row in rows if row.language}

        return self._run(work)


def _now() -> datetime:
    return datetime.now(UTC)


def _members(session: Session, channel_ids: list[str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    if not channel_ids:
        return found
    rows = session.exec(select(SandboxMemberRow).where(col(SandboxMemberRow.channel_id).in_(channel_ids))).all()
    for row in rows:
        found.setdefault(row.channel_id, set()).add(row.user_id)
    return found


def _reactions(session: Session, message_ids: list[int]) -> dict[int, list[Reaction]]:
    found: dict[int, list[Reaction]] = {}
    if not message_ids:
        return found
    rows = session.exec(select(SandboxReactionRow).where(col(SandboxReactionRow.message_id).in_(message_ids))
                        .order_by(col(SandboxReactionRow.name), col(SandboxReactionRow.user_id))).all()
    for row in rows:
        found.setdefault(row.message_id, []).append(Reaction(row.name, row.user_id))
    return found


def _channel(row: SandboxChannelRow, members: set[str]) -> SandboxChannel:
    return SandboxChannel(row.id, row.name, ChannelKind(row.kind), row.topic, row.archived, frozenset(members))


def _message(row: SandboxMessageRow, reactions: list[Reaction]) -> SandboxMessage:
    assert row.id is not None
    return SandboxMessage(row.id, row.channel_id, row.author_id, row.text, row.posted_at, row.spec, row.thread_id,
                          row.visible_to, row.edited, row.deleted, row.pinned, row.file_id, tuple(reactions))
