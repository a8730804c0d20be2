"""The Mattermost server's version, as its websocket's ``hello`` event tells it.

The ``hello`` event (documented in REST API v4's introduction) carries ``server_version`` as
``<version>.<build number>.<config hash>.<licensed>``, e.g. ``11.1.0.16345.4f1b9c.false``. Sirene needs it for
one thing: servers from 11.1 on show the next step of a multi-step dialog in place (a ``{"type": "form"}``
answer to a submission); older ones close the dialog and ignore it. Until a ``hello`` is heard the version is
unknown and Sirene takes the path every server supports.
"""

from __future__ import annotations

import re
import threading

_VERSION = re.compile(r"^(\d+)\.(\d+)\.(\d+)")
MULTI_STEP_DIALOGS = (11, 1)


class ServerVersion:
    def __init__(self, known: str | None = None) -> None:
        self._lock = threading.Lock()
        self._version: tuple[int, int, int] | None = None
        if known:
            self.heard(known)

    def heard(self, server_version: object) -> None:
        """Remember the version of a ``hello`` event (anything unreadable leaves it unknown)."""
        found = _VERSION.match(server_version) if isinstance(server_version, str) else None
        with self._lock:
            self._version = (int(found[1]), int(found[2]), int(found[3])) if found else None

    @property
    def version(self) -> tuple[int, int, int] | None:
        with self._lock:
            return self._version

    def at_least(self, wanted: tuple[int, ...]) -> bool:
        version = self.version
        return version is not None and version[: len(wanted)] >= wanted

    @property
    def chains_dialogs(self) -> bool:
        """Whether a dialog submission may be answered with the next dialog (multi-step dialogs, 11.1+)."""
        return self.at_least(MULTI_STEP_DIALOGS)
