"""The chat as one job sees it: every post is marked with the job's id, so that a retry first looks for
what an earlier attempt posted (the platform did it, but its answer was lost) instead of posting twice;
and posts to one channel are paced to about one per second (Slack's rate for ``chat.postMessage``)."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace

from bot.domain.incident import MessageRef
from bot.ports import ChatPort, ChatUnavailable, Job, UnitOfWork
from bot.specs import MessageSpec

POST_INTERVAL = 1.0
"""Seconds between two posts to the same conversation."""
DIRECT_BURST = 3
"""Direct messages to one person that may go at once (pages for incidents falling due together)."""


class Pacer:
    """Waits so that posts to one conversation keep to about one per ``interval`` seconds (within a process).

    A conversation may be given a ``burst``: that many posts may go at once, the average staying one per
    interval (Slack grants short bursts above its 1 per second per channel). Pages use it for direct
    messages: a manager paged for three incidents at the same moment gets the three pages at once.
    """

    def __init__(self, interval: float = POST_INTERVAL, monotonic: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self._interval = interval
        self._monotonic = monotonic
        self._sleep = sleep
        self._slots: dict[str, list[float]] = {}
        """Per conversation, the moments of its latest posts (as many as its burst)."""
        self._lock = threading.Lock()

    def wait(self, conversation: str, burst: int = 1) -> None:
        """Take the conversation's next free moment and sleep until it (outside the lock: waiting for one
        conversation never holds up another)."""
        with self._lock:
            now = self._monotonic()
            slots = self._slots.setdefault(conversation, [])
            slot = now
            if slots:
                slot = max(slot, slots[-1])
            if len(slots) >= burst:
                slot = max(slot, slots[-burst] + burst * self._interval)
            slots.append(slot)
            del slots[:-burst]
            if len(self._slots) > 1000:
                horizon = burst * self._interval
                self._slots = {key: moments for key, moments in self._slots.items() if now - moments[-1] < horizon}
        if slot > now:
            self._sleep(slot - now)

    def posted(self, conversation: str) -> None:
        """The post went out: the next one counts from now (the platform counts from when it received this
        one, which may be later than when it was started)."""
        with self._lock:
            slots = self._slots.get(conversation)
            if slots:
                slots[-1] = max(slots[-1], self._monotonic())


class OutboxChat:
    """A :class:`ChatPort` for the duration of one job run (see the module's docstring)."""

    def __init__(self, chat: ChatPort, job: Job, pacer: Pacer,
                 direct_failed: Callable[[str, MessageSpec], None] | None = None) -> None:
        self.platform = chat.platform
        self._chat = chat
        self._direct_failed = direct_failed
        """Told of a direct message the platform could not take (``bot.scheduler.outage.mail_instead``)."""
        self._job = job
        self._pacer = pacer
        self._posts: Counter[str] = Counter()
        self.deferred: list[Callable[[UnitOfWork], None]] = []
        """Small writes the runner makes in the transaction that marks the job done (one commit per batch)."""

    def later(self, write: Callable[[UnitOfWork], None]) -> None:
        """Store something learnt from the chat (a permalink) when the job is marked done, not in a
        transaction of its own. Lost with the job's completion if the process dies: the job runs again."""
        self.deferred.append(write)

    @property
    def retrying(self) -> bool:
        """An earlier attempt of this job ran: it may have posted before it failed."""
        return self._job.attempts > 1

    def _marked(self, spec: MessageSpec) -> MessageSpec:
        """The marker names the message and its job, and counts per message: a retry that skips a message
        already stored (e.g. the announcement) still finds the next one (e.g. the checklist) under its marker."""
        logical = spec.marker or "message"
        marker = f"{logical}@job{self._job.id}.{self._posts[logical]}"
        self._posts[logical] += 1
        return replace(spec, marker=marker)

    def post_message(self, channel_id: str, spec: MessageSpec, thread_id: str | None = None) -> MessageRef:
        spec = self._marked(spec)
        if self.retrying and spec.marker:
            found = self._chat.find_posted(channel_id, spec.marker, thread_id)
            if found is not None:
                return found
        self._pacer.wait(channel_id)
        try:
            return self._chat.post_message(channel_id, spec, thread_id)
        finally:
            self._pacer.posted(channel_id)

    def send_direct(self, user_id: str, spec: MessageSpec) -> MessageRef:
        spec = self._marked(spec)
        try:
            if self.retrying and spec.marker:
                found = self._chat.find_direct(user_id, spec.marker)
                if found is not None:
                    return found
            self._pacer.wait(f"direct:{user_id}", DIRECT_BURST)
            try:
                return self._chat.send_direct(user_id, spec)
            finally:
                self._pacer.posted(f"direct:{user_id}")
        except ChatUnavailable:
            if self._direct_failed is not None:
                self._direct_failed(user_id, spec)
            raise

    def update_message(self, ref: MessageRef, spec: MessageSpec) -> None:
        self._chat.update_message(ref, spec)

    def post_ephemeral(self, channel_id: str, user_id: str, spec: MessageSpec) -> None:
        self._chat.post_ephemeral(channel_id, user_id, spec)

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

    def find_posted(self, channel_id: str, marker: str, thread_id: str | None = None) -> MessageRef | None:
        return self._chat.find_posted(channel_id, marker, thread_id)

    def find_direct(self, user_id: str, marker: str) -> MessageRef | None:
        return self._chat.find_direct(user_id, marker)
