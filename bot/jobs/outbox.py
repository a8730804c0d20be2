"""The chat as one job sees it: every post is marked with the job's id, so that a retry first looks for
what an earlier attempt posted (the platform did it, but its answer was lost) instead of posting twice;
and posts to one conversation are paced to about one per second (Slack's rate for ``chat.postMessage``)
without a worker waiting: a post whose slot is later raises :class:`~bot.jobs.pacing.Paced`, and the runner
puts its job back in the queue until then (:mod:`bot.jobs.pacing`)."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import replace

from bot.domain.incident import MessageRef
from bot.jobs.pacing import DIRECT_BURST
from bot.jobs.pacing import POST_INTERVAL
from bot.jobs.pacing import REACTION_BURST
from bot.jobs.pacing import UPDATE_BURST
from bot.jobs.pacing import UPDATE_SPACING
from bot.jobs.pacing import Paced
from bot.jobs.pacing import PostSlots
from bot.jobs.pacing import Slot
from bot.jobs.pacing import give_back
from bot.jobs.pacing import take
from bot.ports import ChatPort
from bot.ports import ChatUnavailable
from bot.ports import Job
from bot.ports import UnitOfWork
from bot.specs import MessageSpec


class Pacer:
    """Posting slots kept in this process (one Sirene process: SQLite). See :func:`bot.jobs.pacing.take`."""

    def __init__(self, interval: float = POST_INTERVAL, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._interval = interval
        self._monotonic = monotonic
        self._slots: dict[str, list[Slot]] = {}
        self._lock = threading.Lock()

    def claim(self, conversation: str, holder: str, burst: int = 1, spacing: float = 1.0) -> float:
        if self._interval <= 0:
            return 0.0
        with self._lock:
            now = self._monotonic()
            slots, wait = take(self._slots.get(conversation, ()), now, holder, burst, self._interval * spacing)
            self._slots[conversation] = slots
            if len(self._slots) > 1000:
                self._slots = {key: kept for key, kept in self._slots.items() if kept}
        return wait

    def release(self, conversation: str, holder: str) -> None:
        with self._lock:
            if conversation in self._slots:
                self._slots[conversation] = give_back(self._slots[conversation], holder)


class OutboxChat:
    """A :class:`ChatPort` for the duration of one job run (see the module's docstring)."""

    def __init__(self, chat: ChatPort, job: Job, pacer: PostSlots,
                 direct_failed: Callable[[str, MessageSpec], None] | None = None) -> None:
        self.platform = chat.platform
        self._chat = chat
        self._direct_failed = direct_failed
        """Told of a direct message the platform could not take (``bot.scheduler.outage.mail_instead``)."""
        self._job = job
        self._pacer = pacer
        self._posts: Counter[str] = Counter()
        self.sent = 0
        """Posts this run made (or found made by an earlier attempt)."""
        self.deferred: list[Callable[[UnitOfWork], None]] = []
        """Small writes the runner makes in the transaction that marks the job done (one commit per batch)."""
        self.dress: Callable[[MessageSpec, str | None], MessageSpec] | None = None
        """Applied to every message this job posts, sends or updates (a drill's EXERCISE marker), with the
        person a direct or ephemeral message goes to (its label in their language), ``None`` for a channel."""

    def later(self, write: Callable[[UnitOfWork], None]) -> None:
        """Store something learnt from the chat (a permalink) when the job is marked done, not in a
        transaction of its own. Lost with the job's completion if the process dies: the job runs again."""
        self.deferred.append(write)

    @property
    def retrying(self) -> bool:
        """An earlier attempt of this job ran: it may have posted before it failed."""
        return self._job.attempts > 1

    def _marked(self, spec: MessageSpec, recipient: str | None = None) -> MessageSpec:
        """The marker names the message and its job, and counts per message: a retry that skips a message
        already stored (e.g. the announcement) still finds the next one (e.g. the checklist) under its marker."""
        if self.dress is not None:
            spec = self.dress(spec, recipient)
        logical = spec.marker or "message"
        marker = f"{logical}@job{self._job.id}.{self._posts[logical]}"
        self._posts[logical] += 1
        return replace(spec, marker=marker)

    def post_message(self, channel_id: str, spec: MessageSpec, thread_id: str | None = None) -> MessageRef:
        spec = self._marked(spec)
        if self.retrying and spec.marker:
            found = self._chat.find_posted(channel_id, spec.marker, thread_id)
            if found is not None:
                self.sent += 1
                return found
        self._take_slot(channel_id, spec)
        self.sent += 1
        return self._chat.post_message(channel_id, spec, thread_id)

    def send_direct(self, user_id: str, spec: MessageSpec) -> MessageRef:
        spec = self._marked(spec, user_id)
        try:
            if self.retrying and spec.marker:
                found = self._chat.find_direct(user_id, spec.marker)
                if found is not None:
                    self.sent += 1
                    return found
            self._take_slot(f"direct:{user_id}", spec, DIRECT_BURST)
            self.sent += 1
            return self._chat.send_direct(user_id, spec)
        except ChatUnavailable:
            if self._direct_failed is not None:
                self._direct_failed(user_id, spec)
            raise

    def take_turn(self, channel_id: str, marker: str) -> None:
        """Raise :class:`Paced` unless the next post marked ``marker`` to ``channel_id`` may go now; its slot is
        then kept for it (the post made right after finds it), so what it shows can be decided first."""
        wait = self._pacer.claim(channel_id, self._turn(marker))
        if wait > 0:
            raise Paced(channel_id, wait)

    def release_turn(self, channel_id: str, marker: str) -> None:
        """Give back the slot :meth:`take_turn` reserved for the next post marked ``marker`` (it will not be made)."""
        self._pacer.release(channel_id, self._turn(marker))

    def update_turn(self, channel_id: str) -> bool:
        """Whether a card in ``channel_id`` may be updated now, within the updates' own allowance (a turn taken);
        ``False`` reserves nothing."""
        conversation, holder = f"update:{channel_id}", f"update@job{self._job.id}.{self._posts['update:']}"
        self._posts["update:"] += 1
        if self._pacer.claim(conversation, holder, UPDATE_BURST, UPDATE_SPACING) > 0:
            self._pacer.release(conversation, holder)
            return False
        return True

    def reaction_turn(self, channel_id: str) -> None:
        """Raise :class:`Paced` unless a reaction may be added in ``channel_id`` now, within the reactions' own
        allowance; no turn is kept when there is none, so the confirmations that wait come back together (and are
        confirmed by one line for their burst)."""
        conversation, holder = f"reaction:{channel_id}", f"reaction@job{self._job.id}"
        wait = self._pacer.claim(conversation, holder, REACTION_BURST, UPDATE_SPACING)
        if wait > 0:
            self._pacer.release(conversation, holder)
            raise Paced(conversation, wait)

    def _turn(self, marker: str) -> str:
        return f"{marker}@job{self._job.id}.{self._posts[marker]}"

    def _take_slot(self, conversation: str, spec: MessageSpec, burst: int = 1) -> None:
        """Post now, or raise :class:`Paced` with the wait for this message's slot (reserved for it)."""
        wait = self._pacer.claim(conversation, spec.marker or f"job{self._job.id}", burst)
        if wait > 0:
            raise Paced(conversation, wait)

    def update_message(self, ref: MessageRef, spec: MessageSpec) -> None:
        """A direct message is updated with its label as sent (a view that updates one dresses it in its
        recipient's language: :func:`bot.views.exercise.dress` leaves a dressed message as it is)."""
        self._chat.update_message(ref, self.dress(spec, None) if self.dress is not None else spec)

    def post_ephemeral(self, channel_id: str, user_id: str, spec: MessageSpec) -> None:
        self._chat.post_ephemeral(channel_id, user_id, self.dress(spec, user_id) if self.dress is not None else spec)

    def create_channel(self, name: str, private: bool) -> str:
        return self._chat.create_channel(name, private)

    def find_own_channel(self, name: str) -> str | None:
        return self._chat.find_own_channel(name)

    def invite(self, channel_id: str, user_ids: Sequence[str]) -> None:
        self._chat.invite(channel_id, user_ids)

    def set_header(self, channel_id: str, text: str) -> None:
        self._chat.set_header(channel_id, text)

    def pin(self, ref: MessageRef) -> None:
        self._chat.pin(ref)

    def add_reaction(self, ref: MessageRef, name: str) -> None:
        self._chat.add_reaction(ref, name)

    def archive_channel(self, channel_id: str) -> None:
        self._chat.archive_channel(channel_id)

    def permalink(self, ref: MessageRef) -> str | None:
        return self._chat.permalink(ref)

    def find_user_by_email(self, email: str) -> str | None:
        return self._chat.find_user_by_email(email)

    def fetch_message(self, ref: MessageRef) -> tuple[str, str] | None:
        return self._chat.fetch_message(ref)

    def upload_file(self, channel_id: str, filename: str, content: bytes, title: str,
                    thread_id: str | None = None) -> None:
        self._chat.upload_file(channel_id, filename, content, title, thread_id)

    def user_language(self, user_id: str) -> str | None:
        return self._chat.user_language(user_id)

    def user_display_name(self, user_id: str) -> str | None:
        return self._chat.user_display_name(user_id)

    def find_posted(self, channel_id: str, marker: str, thread_id: str | None = None) -> MessageRef | None:
        return self._chat.find_posted(channel_id, marker, thread_id)

    def find_direct(self, user_id: str, marker: str) -> MessageRef | None:
        return self._chat.find_direct(user_id, marker)
