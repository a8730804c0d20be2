"""Live updates: every change to the sandbox's chat bumps a revision; browsers listen with
server-sent events and fetch their view again, so a scheduled reminder appears without reloading."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator

POLL_SECONDS = 0.2
HEARTBEAT_SECONDS = 15.0
STREAM_SECONDS = 60.0
"""A stream ends after this; the browser reconnects at once (``retry``), so a stopping server is never held."""


class Live:
    def __init__(self) -> None:
        self._revision = 0
        self._lock = threading.Lock()

    def changed(self) -> None:
        with self._lock:
            self._revision += 1

    @property
    def revision(self) -> int:
        with self._lock:
            return self._revision

    async def stream(self, stream_seconds: float = STREAM_SECONDS) -> AsyncIterator[str]:
        """Server-sent events: ``changed`` with the revision when the chat changed."""
        seen = self.revision
        yield f"retry: 500\nevent: changed\ndata: {seen}\n\n"
        started = last_beat = time.monotonic()
        while time.monotonic() - started < stream_seconds:
            await asyncio.sleep(POLL_SECONDS)
            now = self.revision
            if now != seen:
                seen = now
                yield f"event: changed\ndata: {now}\n\n"
            elif time.monotonic() - last_beat > HEARTBEAT_SECONDS:
                last_beat = time.monotonic()
                yield ": beat\n\n"
