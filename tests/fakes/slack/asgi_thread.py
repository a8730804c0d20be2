"""Serve an ASGI app with uvicorn in a background thread, on 127.0.0.1 and a free port.

Used by FakeSlack, and usable by end-to-end tests to serve the bot itself.

It can also *drop* a request: the app calls ``drop_connection(scope)`` and the connection is
closed without any response bytes, as when a proxy or network cuts the line after the server did
the work. The client sees "server disconnected without a response" (``RemoteDisconnected`` for
urllib, ``RemoteProtocolError`` for httpx).
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time
from collections.abc import Awaitable
from collections.abc import Callable
from collections.abc import MutableMapping
from typing import Any

import uvicorn

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_DROP_KEY = "sirene.fake.drop"


class _DropMarker:
    """Non-None value an ASGI app returns to make uvicorn close the transport without a response."""


_DROP = _DropMarker()


def drop_connection(scope: Scope) -> None:
    """Ask the server to close this request's connection without sending any response."""
    flag = scope.get(_DROP_KEY)
    if flag is None:
        raise RuntimeError("drop_connection needs an app served by ThreadedASGIServer")
    flag["drop"] = True


class _QuietDropFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "ASGI callable should return None" not in record.getMessage()


def _wrap(app: ASGIApp) -> Callable[[Scope, Receive, Send], Awaitable[Any]]:
    async def wrapped(scope: Scope, receive: Receive, send: Send) -> Any:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return None
        flag = {"drop": False}
        scope[_DROP_KEY] = flag

        async def guarded_send(message: Message) -> None:
            if flag["drop"]:
                return
            await send(message)

        await app(scope, receive, guarded_send)
        if flag["drop"]:
            # uvicorn closes the transport when the app returns a non-None value and nothing was
            # sent yet: exactly "connection closed without a response".
            return _DROP
        return None

    return wrapped


class _Server(uvicorn.Server):
    """uvicorn.Server that notices ``should_exit`` within 10 ms instead of 100 ms."""

    async def main_loop(self) -> None:
        counter = 0
        should_exit = await self.on_tick(counter)
        while not should_exit:
            counter = (counter + 1) % 864_000
            await asyncio.sleep(0.01)
            should_exit = await self.on_tick(counter)


_filter_installed = False


class ThreadedASGIServer:
    """uvicorn in a daemon thread. ``start()`` returns once the port accepts connections."""

    def __init__(self, app: ASGIApp, *, host: str = "127.0.0.1", name: str = "asgi", http: str = "h11") -> None:
        """``http``: uvicorn's HTTP implementation (``"httptools"`` costs less CPU per request: benchmarks)."""
        self._app = app
        self._http = http
        self.host = host
        self.name = name
        self._sock: socket.socket | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.port: int = 0

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: float = 10.0) -> None:
        if self._thread is not None:
            raise RuntimeError(f"{self.name} server already started")
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, 0))
        self.port = sock.getsockname()[1]
        self._sock = sock
        global _filter_installed
        if not _filter_installed:
            logging.getLogger("uvicorn.error").addFilter(_QuietDropFilter())
            _filter_installed = True
        config = uvicorn.Config(
            _wrap(self._app),
            log_level="warning",
            lifespan="off",
            http=self._http,
            ws="websockets-sansio",
            timeout_graceful_shutdown=1,
            access_log=False,
        )
        self._server = _Server(config)

        def run() -> None:
            assert self._server is not None
            self._server.run(sockets=[sock])

        self._thread = threading.Thread(target=run, name=f"{self.name}-uvicorn", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError(f"{self.name} server thread died during startup")
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.name} server did not start within {timeout} s")
            time.sleep(0.005)

    def stop(self, timeout: float = 5.0, *, wait: bool = True) -> None:
        """Stop serving. ``wait=False`` returns at once and lets uvicorn finish in the background."""
        if self._server is None or self._thread is None:
            return
        self._server.should_exit = True
        if wait:
            self._thread.join(timeout)
            if self._thread.is_alive():
                self._server.force_exit = True
                self._thread.join(timeout)
        self._server = None
        self._thread = None
