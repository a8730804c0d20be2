"""FakeMattermost: a strict, stateful fake of Mattermost's REST API v4 and websocket, over real HTTP.

Every call is checked against ``contract.ROUTES`` (our table, itself checked against the official
OpenAPI bundle): an unknown route, a missing token, a missing required field, an unknown field or
a wrong type gets Mattermost's error *and* a line in ``fake.violations`` (the ``fake_mattermost``
fixture fails the test at teardown when there is any). Runtime errors (a taken channel name, a
post that is gone, a channel the bot is not in) are answers, not violations.

The fake is a server of ``server_version`` (its websocket's ``hello`` says so): from 11.1 it shows the next
step of a multi-step dialog (a ``{"type": "form"}`` answer, see :meth:`FakeMattermost.dialog_answered`); before,
such an answer is a violation (the user would see the dialog close and nothing after it).

Users act through the fake (``user_post``, ``user_edit``, ``user_delete``, ``user_react``): the post
is stored and its event is pushed to the connected websockets of the channel's members, as the
server does. ``ws_disconnect()`` drops the connections and ``refuse_websocket`` keeps new ones out.

Faults: ``fail_next(method, path)`` answers an error (429 by default) without doing the work;
``drop_response_next(method, path)`` does the work, then closes the connection unanswered (a lost answer).
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Route as HttpRoute
from starlette.routing import WebSocketRoute

from tests.fakes.mattermost.http import HttpApi


class FakeMattermost(HttpApi):
    """A fake Mattermost server over real HTTP and a websocket (see the module docstring).

    One class made of one module per concept: ``state`` (what the server holds, its clock, ``AppError``),
    ``workspace`` (the test's side), ``faults``, ``websocket``, ``users_acting``, the routes (``api_channels``,
    ``api_posts``, ``api_integrations``) and ``http`` (the contract checks and the dispatch to the routes).
    """

    # ---- lifecycle ----------------------------------------------------------------------

    def start(self) -> FakeMattermost:
        self._server.start()
        return self

    def stop(self, wait: bool = True) -> None:
        self.ws_disconnect()
        self._server.stop(wait=wait)

    @property
    def url(self) -> str:
        return self._server.base_url

    # ---- the app: the websocket and the REST API -------------------------------------------

    def _app(self) -> Starlette:
        return Starlette(routes=[
            WebSocketRoute("/api/v4/websocket", self._websocket),
            HttpRoute("/{path:path}", self._http, methods=["GET", "POST", "PUT", "DELETE", "PATCH"]),
        ])

