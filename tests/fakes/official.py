"""Where the official Slack contract files live, and how tests get at them.

The ``shared`` folder is a sibling of the repository root (``/work/shared`` next to
``/work/main``; in CI it sits beside the clone). The files are read in place, never copied.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

PLATFORM_CONTRACTS = Path(__file__).resolve().parents[2] / ".." / "shared" / "platform-contracts"
SLACK_CONTRACTS = PLATFORM_CONTRACTS / "slack"


def slack_contracts() -> Path:
    """The official Slack contracts folder, or skip the test with a visible reason."""
    if not (SLACK_CONTRACTS / "slack_web_methods.index.json").is_file():
        pytest.skip(
            f"official Slack contracts not found at {SLACK_CONTRACTS.resolve()} "
            "(expected a 'shared/platform-contracts' folder beside the repository root)"
        )
    return SLACK_CONTRACTS


def load(relative: str) -> Any:
    """Load one JSON file from the official Slack contracts folder (skips when absent)."""
    return json.loads((slack_contracts() / relative).read_text(encoding="utf-8"))
