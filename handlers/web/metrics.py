"""``GET /metrics``: what an operator watches, in Prometheus' text format.

* ``sirene_http_request_duration_seconds{endpoint}`` — every HTTP request's time, by route (the route's path,
  never the raw URL, so that the label's values stay few);
* ``sirene_jobs_waiting``, ``sirene_jobs_due``, ``sirene_job_oldest_due_age_seconds`` — the outbox;
* ``sirene_timer_lateness_seconds`` — how far past its moment the most overdue timer not yet fired is;
* ``sirene_platform_call_errors_total{platform,reason}`` and ``sirene_platform_rate_limited_total{platform}``;
* ``sirene_open_incidents{severity}`` (exercises left out) and ``sirene_open_exercises``.

The database is read at each scrape (one short read-only transaction), so the figures are those of every
process sharing the database; latencies and platform errors are this process's own.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Sequence
from typing import Any
from typing import cast

from prometheus_client import CollectorRegistry
from prometheus_client import Counter
from prometheus_client import Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.core import Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.exposition import generate_latest
from prometheus_client.registry import Collector
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute
from starlette.routing import Match
from starlette.types import ASGIApp
from starlette.types import Receive
from starlette.types import Scope
from starlette.types import Send

from bot.domain.severity import Severity
from bot.operations import OperationsSnapshot
from bot.ports import ChatError
from bot.ports import ChatPort
from bot.ports import ChatUnavailable

SEVERITIES = ("unclassified", *(severity.value for severity in Severity))
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    """The registry of one Sirene (never the process-wide default: two in one test process stay apart)."""

    def __init__(self, snapshot: Callable[[], OperationsSnapshot]) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.latency = Histogram("sirene_http_request_duration_seconds", "HTTP request time, by route",
                                 ["endpoint"], registry=self.registry, buckets=LATENCY_BUCKETS)
        self.platform_errors = Counter("sirene_platform_call_errors_total",
                                       "Chat platform calls that failed, by platform and reason",
                                       ["platform", "reason"], registry=self.registry)
        self.rate_limited = Counter("sirene_platform_rate_limited_total",
                                    "Chat platform calls answered 429 (rate limited), by platform",
                                    ["platform"], registry=self.registry)
        self.registry.register(_Database(snapshot))

    def render(self) -> bytes:
        return generate_latest(self.registry)


class _Database(Collector):
    def __init__(self, snapshot: Callable[[], OperationsSnapshot]) -> None:
        self._snapshot = snapshot

    def collect(self) -> Iterable[Metric]:
        figures = self._snapshot()
        yield GaugeMetricFamily("sirene_jobs_waiting", "Jobs not done yet (scheduled ones included)",
                                value=figures.jobs_waiting)
        yield GaugeMetricFamily("sirene_jobs_due", "Jobs due now and not done (the backlog)", value=figures.jobs_due)
        yield GaugeMetricFamily("sirene_job_oldest_due_age_seconds", "Seconds the oldest due job has waited",
                                value=figures.oldest_due_job_age)
        yield GaugeMetricFamily("sirene_timer_lateness_seconds",
                                "Seconds past its moment of the most overdue timer not fired yet",
                                value=figures.timer_lateness)
        open_incidents = GaugeMetricFamily("sirene_open_incidents", "Open incidents, by severity", labels=["severity"])
        for severity in SEVERITIES:
            open_incidents.add_metric([severity], figures.open_incidents.get(severity, 0))
        yield open_incidents
        yield GaugeMetricFamily("sirene_open_exercises", "Open exercises (drills), not counted as incidents",
                                value=figures.open_exercises)

    def describe(self) -> Iterable[Metric]:
        return []


class MetricsEndpoint:
    def __init__(self, metrics: Metrics) -> None:
        self._metrics = metrics

    async def handle(self, request: Request) -> Response:
        body = await run_in_threadpool(self._metrics.render)
        return Response(body, media_type=CONTENT_TYPE_LATEST)


class RequestTiming:
    """ASGI middleware: each HTTP request's duration, labelled with the path of the route it matched."""

    def __init__(self, app: ASGIApp, metrics: Metrics, routes: Sequence[BaseRoute]) -> None:
        self._app = app
        self._metrics = metrics
        self._routes = routes

    def _endpoint(self, scope: Scope) -> str:
        for route in self._routes:
            match, _ = route.matches(scope)
            if match is Match.FULL:
                return str(getattr(route, "path", "other"))
        return "other"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        started = time.perf_counter()
        try:
            await self._app(scope, receive, send)
        finally:
            self._metrics.latency.labels(self._endpoint(scope)).observe(time.perf_counter() - started)


class MeteredChat:
    """A :class:`ChatPort` that counts its failed calls (by reason) and its 429s before passing them on."""

    def __init__(self, chat: ChatPort, metrics: Metrics) -> None:
        self.platform = chat.platform
        self._chat = chat
        self._metrics = metrics

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._chat, name)
        if not callable(found):
            return found

        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                return found(*args, **kwargs)
            except ChatUnavailable as exc:
                if str(exc) == "ratelimited":
                    self._metrics.rate_limited.labels(self.platform).inc()
                self._metrics.platform_errors.labels(self.platform, _reason(str(exc))).inc()
                raise
            except ChatError as exc:
                self._metrics.platform_errors.labels(self.platform, _reason(exc.code)).inc()
                raise

        return call

    def as_port(self) -> ChatPort:
        return cast(ChatPort, self)


def _reason(text: str) -> str:
    """A short label value: the platform's error code, never a message (a label with free text would grow)."""
    word = text.split(":")[0].strip()[:40]
    return word if word.replace("_", "").replace(" ", "").isalnum() else "other"
