"""FakeSlack: a strict, stateful fake of the Slack Web API and Socket Mode, served over real HTTP.

Start it, point slack_sdk / slack_bolt at ``fake.api_url`` and run the bot against it::

    with FakeSlack() as fake:
        client = WebClient(base_url=fake.api_url, token=fake.bot_token)
        ...
        assert fake.violations == []

The fake checks every call against ``contract.METHODS`` (our table of Slack's contract). Calls
that break it get Slack's error *and* a line in ``fake.violations``; the ``fake_slack`` fixture
fails a test whose violations are not empty at teardown.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Route
from starlette.routing import WebSocketRoute

from tests.fakes.slack.socket_mode import SocketMode

__all__ = ["FakeSlack"]


class FakeSlack(SocketMode):
    """A fake Slack workspace with a real HTTP + WebSocket endpoint (see module docstring).

    One class made of one module per API family: ``state`` (what the workspace holds, shared checks),
    ``faults`` (the failures a test injects), ``workspace`` (the test side), ``api_chat``, ``api_conversations``,
    ``api_views``, ``api_users``, ``http`` (the Web API's dispatch, uploads, response URLs) and ``socket_mode``.
    """

    def _build_app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/api/{method}", self._http_api, methods=["GET", "POST"]),
                Route("/response_url/{rid:path}", self._http_response_url, methods=["POST"]),
                Route("/upload/v1/{file_id}", self._http_upload, methods=["POST"]),
                WebSocketRoute("/socket", self._ws_socket),
            ]
        )
