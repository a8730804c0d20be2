"""A strict fake of Slack (Web API + Socket Mode) and drivers that act as Slack towards the bot."""

from tests.fakes.slack.http_driver import SlackDriver
from tests.fakes.slack.http_driver import slack_signature
from tests.fakes.slack.model import ManualClock
from tests.fakes.slack.server import FakeSlack
from tests.fakes.slack.socket_driver import SocketDriver

__all__ = ["FakeSlack", "ManualClock", "SlackDriver", "SocketDriver", "slack_signature"]
