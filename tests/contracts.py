"""Where the vendors' official contracts are: ``../shared/platform-contracts`` beside the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CONTRACTS = REPO.parent / "shared" / "platform-contracts"


def contracts_dir() -> Path:
    if not CONTRACTS.is_dir():
        pytest.skip(f"the official platform contracts are not at {CONTRACTS}")
    return CONTRACTS
