"""What people type, made safe to keep and to show: control characters and the invisible marks that
reverse or embed text direction (U+202A–U+202E, U+2066–U+2069, the "Trojan Source" characters) are
dropped; new lines and tabs stay. Emoji and every other script are kept as they are."""

from __future__ import annotations

import re

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufff9-\ufffb]")


def clean(text: str) -> str:
    """``text`` without control characters and direction overrides (``\\n`` and ``\\t`` are kept)."""
    return _UNSAFE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
