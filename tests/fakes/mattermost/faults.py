"""Faults of the fake Mattermost: the test plans that the next calls to a route of the table fail (an error, 429
by default with its ``Retry-After``, the work not done) or lose their answer (the work done, then the connection
closed unanswered); the HTTP side takes each call's fault and answers the error."""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.responses import Response

from tests.fakes.mattermost.state import _Fault
from tests.fakes.mattermost.workspace import Workspace


class Faults(Workspace):
    def fail_next(self, method: str, path: str, status: int = 429, retry_after: int | None = 1,
                  times: int = 1) -> None:
        """The next ``times`` calls to ``method path`` (a route of the table) answer ``status``, undone."""
        self._faults.setdefault(f"{method} {path}", []).extend(_Fault(status, retry_after) for _ in range(times))

    def drop_response_next(self, method: str, path: str, times: int = 1) -> None:
        """The next ``times`` calls to ``method path`` (a route of the table) are done, then the connection closes
        without an answer: the client cannot know that the server did the work."""
        self._faults.setdefault(f"{method} {path}", []).extend(_Fault(0, None, drop=True) for _ in range(times))

    def _next_fault(self, route_key: str) -> _Fault | None:
        """The fault planned for this call to the route, if any (taken: the next call gets the next one)."""
        faults = self._faults.get(route_key)
        return faults.pop(0) if faults else None

    @staticmethod
    def _fault_answer(fault: _Fault) -> Response:
        headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
        return JSONResponse({"id": "api.context.rate_limited", "message": "limit exceeded",
                             "status_code": fault.status}, status_code=fault.status, headers=headers)
