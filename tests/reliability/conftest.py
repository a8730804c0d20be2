"""The reliability suite runs in the same worlds as the end-to-end tests (fake platforms, a real Sirene)."""

from tests.e2e.conftest import fake_mattermost, fake_slack, mm_world, slack, world  # noqa: F401
