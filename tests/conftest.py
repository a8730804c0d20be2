"""Fixtures every suite shares, registered once for the whole tree: a test asks for one by name, nothing is
imported for it (no ``noqa: F401`` re-imports in sub-folders' conftest files)."""

pytest_plugins = [
    "tests.storage.fixtures",  # uow_factory, migrated_url, backend… (SQLite and PostgreSQL)
    "tests.fakes.slack.fixtures",  # fake_slack
    "tests.fakes.mattermost.fixtures",  # fake_mattermost
    "tests.e2e.fixtures",  # world, slack: a real `sirene serve` against the fake Slack; leave_no_server (autouse)
    "tests.e2e.mattermost_world",  # mm_world: the same against the fake Mattermost
    "tests.fakes.smtp",  # mail_server: a real SMTP server (aiosmtpd) on a free port
    "tests.fakes.sms_gateway",  # sms_gateway: a local SMS relay that checks the signature
    "tests.e2e.intake_world",  # intake: a real `sirene serve` with sources, the fake Slack and a mail server
]
