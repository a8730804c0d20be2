"""A lean HTTP/1.1 client for load runs: one kept-alive connection per sender, nothing else.

httpx spends about half a millisecond of the bench process's CPU on each request; at hundreds of
requests a second the bench, not Sirene, would be measured. This client writes the request and reads
the status line, the headers and a ``Content-Length`` body: what Sirene's answers are.
"""

from __future__ import annotations

import asyncio
import contextlib
import urllib.parse


class WireError(Exception):
    """The server answered something this client does not read (or closed the connection)."""


class Connection:
    """One kept-alive connection to ``url``'s host; ``post`` returns the answer's status and body."""

    def __init__(self, url: str) -> None:
        parts = urllib.parse.urlsplit(url)
        self._host = parts.hostname or "127.0.0.1"
        self._port = parts.port or 80
        self._path = parts.path or "/"
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def post(self, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self._host, self._port)
        assert self._reader is not None
        head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        self._writer.write(f"POST {self._path} HTTP/1.1\r\nHost: {self._host}:{self._port}\r\n"
                           f"Content-Length: {len(body)}\r\n{head}\r\n".encode("latin-1") + body)
        try:
            status_and_headers = await self._reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, ConnectionError) as exc:
            await self.close()
            raise WireError("the connection was closed without an answer") from exc
        lines = status_and_headers.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        length = 0
        closing = False
        for line in lines[1:]:
            name, _, value = line.partition(":")
            name = name.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding":
                raise WireError(f"unexpected transfer-encoding {value.strip()}")
            elif name == "connection" and value.strip().lower() == "close":
                closing = True
        content = await self._reader.readexactly(length) if length else b""
        if closing:
            await self.close()
        return status, content

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            with contextlib.suppress(ConnectionError):
                await self._writer.wait_closed()
        self._reader = self._writer = None
