"""pytest fixtures for the Slack fake.

Registered for every suite by ``tests/conftest.py`` (``pytest_plugins``): a test just asks for ``fake_slack``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.slack.server import FakeSlack


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    """A started FakeSlack; the test fails at teardown if the bot broke Slack's contract."""
    fake = FakeSlack().start()
    try:
        yield fake
    finally:
        fake.stop(wait=False)
    assert fake.violations == [], "Slack contract violations:\n" + "\n".join(fake.violations)
