"""What the command line writes: to a file named by ``--output``, else to the standard output."""

from __future__ import annotations

import sys
from pathlib import Path

from bot.i18n import Translator


def put_text(tr: Translator, output: str | None, text: str) -> int:
    """Write ``text`` to the file ``output`` (and say so), or to the standard output without one."""
    if output:
        Path(output).write_text(text, encoding="utf-8")
        print(tr.t("cli_review.written", path=output))
    else:
        sys.stdout.write(text)
    return 0
