"""pytest fixture for the Mattermost fake (``fake_mattermost``), registered for every suite by ``tests/conftest.py``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.mattermost.server import FakeMattermost


@pytest.fixture
def fake_mattermost(request: pytest.FixtureRequest) -> Iterator[FakeMattermost]:
    """A started FakeMattermost; the test fails at teardown if the bot broke the REST API v4 contract.

    A server of another version: ``@pytest.mark.parametrize("fake_mattermost", ["11.1.0"], indirect=True)``."""
    fake = FakeMattermost(server_version=getattr(request, "param", "9.11.0")).start()
    try:
        yield fake
    finally:
        fake.stop(wait=False)
    assert fake.violations == [], "Mattermost contract violations:\n" + "\n".join(fake.violations)
