"""The intake's routes, mounted by the composition root when the plan declares sources."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.routing import Route

from bot.core import Core
from bot.rate_limit import RateBuckets
from bot.sources import Source
from handlers.intake_api.api import IntakeApi
from handlers.intake_api.gate import Gate
from handlers.intake_api.page import ReportPage


def intake_routes(core: Core, tokens: Mapping[str, Source], public_url: str, limiter: RateBuckets) -> list[Route]:
    """``limiter``: the sources' rate buckets (in memory, or in the database that replicas share)."""
    gate = Gate(core, tokens, limiter, public_url)
    api, page = IntakeApi(gate), ReportPage(gate)
    return [
        Route("/api/v1/openapi.json", api.openapi, methods=["GET"]),
        Route("/api/v1/reports", api.reports, methods=["POST"]),
        Route("/api/v1/alertmanager", api.alertmanager, methods=["POST"]),
        Route("/api/v1/grafana", api.grafana, methods=["POST"]),
        Route("/report/status/{key}", page.status, methods=["GET"]),
        Route("/report/{token}", page.show, methods=["GET"]),
        Route("/report/{token}", page.submit, methods=["POST"]),
    ]
