"""Fixtures every suite shares, registered once for the whole tree: a test asks for one by name, nothing is
imported for it (no ``noqa: F401`` re-imports in sub-folders' conftest files)."""

pytest_plugins = [
    "tests.storage.fixtures",  # uow_factory, migrated_url, backend… (SQLite and PostgreSQL)
    "tests.fakes.slack.fixtures",  # fake_slack
    "tests.fakes.mattermost.fixtures",  # fake_mattermost
    "tests.e2e.fixtures",  # world, slack: a real `sirene serve` against the fake Slack
    "tests.e2e.mattermost_world",  # mm_world: the same against the fake Mattermost
]
