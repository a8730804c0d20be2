"""slack_sdk's WebClient, with one kept-alive connection per thread.

slack_sdk's synchronous client opens a new connection for every Web API call (urllib sends
``Connection: close``): against slack.com that is a TLS handshake per call, and a busy incident
makes hundreds of calls a minute (a ✅ for every logbook entry). This client sends each call on its
thread's open connection to the API host instead; everything else (arguments, answers, errors,
rate limits) stays slack_sdk's own.

A kept connection is not reused when it has been idle for longer than :data:`IDLE_SECONDS` or when
the server has closed it meanwhile (load balancers close idle connections); a call whose sending
fails on a kept connection (closed in that instant) is sent once more on a new one: it never left.
A call that fails after it was sent is not sent again here: it may have been done; the job runner
retries, after looking for what the lost attempt posted (see ``bot.jobs.outbox``).
"""

from __future__ import annotations

import http.client
import io
import select
import threading
import time
import urllib.parse
from typing import Any
from urllib.error import HTTPError
from urllib.request import Request

from slack_sdk import WebClient

IDLE_SECONDS = 20.0
"""A connection unused for this long is closed rather than reused."""


def _stale(connection: http.client.HTTPConnection, last_used: float) -> bool:
    """Idle for too long, or closed by the server meanwhile (its socket is readable: the end of the stream)."""
    if time.monotonic() - last_used > IDLE_SECONDS or connection.sock is None:
        return True
    readable, _, _ = select.select([connection.sock], [], [], 0)
    return bool(readable)


class _Kept(threading.local):
    connection: http.client.HTTPConnection | None = None
    origin: tuple[str, str, int] | None = None
    last_used = 0.0


class KeptAliveWebClient(WebClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._kept = _Kept()

    def _perform_urllib_http_request_internal(self, url: str, req: Request) -> dict[str, Any]:
        parts = urllib.parse.urlsplit(url)
        if self.proxy is not None or parts.scheme not in ("http", "https"):
            return super()._perform_urllib_http_request_internal(url, req)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        headers = dict(req.header_items())
        for attempt in (1, 2):
            connection, reused = self._connection(parts)
            try:
                connection.request(req.get_method(), path, body=req.data, headers=headers)
            except (BrokenPipeError, ConnectionResetError):
                self._close()
                if reused and attempt == 1:
                    continue  # the server had closed the kept connection: the call never left, send it anew
                raise
            except BaseException:
                self._close()
                raise
            break
        try:
            answer = connection.getresponse()
            body = answer.read()
        except BaseException:
            self._close()
            raise
        if answer.will_close:
            self._close()
        else:
            self._kept.last_used = time.monotonic()
        if answer.status >= 400:  # as urllib reports them: slack_sdk reads 429s and errors from HTTPError
            raise HTTPError(url, answer.status, answer.reason, answer.headers, io.BytesIO(body))
        if answer.headers.get_content_type() == "application/gzip":
            return {"status": answer.status, "headers": answer.headers, "body": body}
        charset = answer.headers.get_content_charset() or "utf-8"
        return {"status": answer.status, "headers": answer.headers, "body": body.decode(charset)}

    def _connection(self, parts: urllib.parse.SplitResult) -> tuple[http.client.HTTPConnection, bool]:
        """This thread's connection to the API host, and whether it served a call before."""
        origin = (parts.scheme, parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80))
        kept = self._kept
        if kept.connection is not None and (kept.origin != origin or _stale(kept.connection, kept.last_used)):
            self._close()
        if kept.connection is not None:
            return kept.connection, True
        _, host, port = origin
        if parts.scheme == "https":
            kept.connection = http.client.HTTPSConnection(host, port, timeout=self.timeout, context=self.ssl)
        else:
            kept.connection = http.client.HTTPConnection(host, port, timeout=self.timeout)
        kept.origin = origin
        return kept.connection, False

    def _close(self) -> None:
        if self._kept.connection is not None:
            self._kept.connection.close()
        self._kept.connection = None
