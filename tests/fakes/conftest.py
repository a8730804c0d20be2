from tests.fakes.slack.fixtures import fake_slack

__all__ = ["fake_slack"]
