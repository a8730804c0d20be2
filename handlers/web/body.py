"""Reading a request's body with a ceiling: a sender cannot make Sirene hold more than it will ever accept."""

from __future__ import annotations

from starlette.requests import Request


class TooLarge(Exception):
    """The body passed its limit: answer 413 without reading further."""


async def read_body(request: Request, limit: int) -> bytes:
    """The body, or :class:`TooLarge` as soon as it passes ``limit`` bytes (whatever Content-Length says)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise TooLarge
    return bytes(body)
