"""The report page for customers and suppliers: ``/report/<token>`` (the source's token: the link itself is
the secret) shows a form that works without JavaScript; a report sent goes to the status page
``/report/status/<key>`` (received / being handled / solved, nothing more)."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.responses import RedirectResponse
from starlette.responses import Response

from bot.core import FieldErrors
from bot.i18n import LANGUAGES
from bot.i18n import Translator
from bot.ports import StorageUnavailable
from bot.sources import Source
from bot.usecases.intake import IncomingReport
from bot.usecases.intake import check_report
from bot.usecases.intake import outside_view
from bot.usecases.intake import receive_report
from bot.usecases.intake import translator_for
from handlers.intake_api.gate import REPORT_BODY_MAX
from handlers.intake_api.gate import Gate
from handlers.intake_api.page_html import form_page
from handlers.intake_api.page_html import not_found_page
from handlers.intake_api.page_html import refused_page
from handlers.intake_api.page_html import status_page
from handlers.web.body import TooLarge
from handlers.web.body import read_body

MAX_FIELDS = 20
FIELDS = ("title", "description", "detected_at", "name", "organisation", "email")
_FORM_FIELDS = {"title": "title", "description": "description", "detected_at": "detected_at",
                "reporter_name": "name", "reporter_kind": "name", "reporter_email": "email",
                "reporter_organisation": "organisation"}
"""The core's field names → the form's."""
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


def _html(text: str, status: int = 200, headers: dict[str, str] | None = None) -> HTMLResponse:
    return HTMLResponse(text, status_code=status, headers={**HEADERS, **(headers or {})})


class ReportPage:
    def __init__(self, gate: Gate) -> None:
        self.gate = gate

    def _translator(self, request: Request, source: Source | None, fallback: str | None = None) -> Translator:
        asked = request.query_params.get("lang")
        if source is None:
            core = self.gate.core
            chosen = asked if asked in LANGUAGES else (fallback or core.plan.language)
            return Translator(chosen, core.plan.zone)
        return translator_for(self.gate.core, source, asked if asked in LANGUAGES else fallback)

    def _source(self, request: Request) -> Source | None:
        source = self.gate.source_of(request.path_params.get("token", ""))
        if source is None:
            self.gate.refuse_token(request, "report page")
        return source

    async def show(self, request: Request) -> Response:
        source = self._source(request)
        tr = self._translator(request, source)
        if source is None:
            return _html(not_found_page(tr), 404)
        return _html(form_page(tr, self.gate.core.plan.organisation, {}, {}))

    async def submit(self, request: Request) -> Response:
        source = self._source(request)
        if source is None:
            return _html(not_found_page(self._translator(request, None)), 404)
        try:
            body = await read_body(request, REPORT_BODY_MAX)
        except TooLarge:
            return _html(refused_page(self._translator(request, source), "intake_page.too_large"), 413)
        try:
            fields = parse_qs(body.decode("utf-8", "replace"), max_num_fields=MAX_FIELDS)
        except ValueError:  # more fields than the form has
            fields = {}
        values = {k: v[0] for k, v in fields.items() if k in (*FIELDS, "lang")}
        tr = self._translator(request, source, values.get("lang"))
        wait = await run_in_threadpool(self.gate.retry_after, source)
        if wait is not None:
            return _html(refused_page(tr, "intake_page.rate_limited"), 429, {"Retry-After": str(wait)})
        detected = self._moment(values.get("detected_at", ""))
        report = IncomingReport(
            title=values.get("title", ""), description=values.get("description", ""), detected_at=detected,
            reporter_name=values.get("name", ""), reporter_email=values.get("email", ""),
            reporter_organisation=values.get("organisation", ""), language=tr.language)
        if values.get("detected_at") and detected is None:
            found = check_report(self.gate.core, source, report)
            found["detected_at"] = tr.t("intake_page.error.moment")
        else:
            try:
                outcome = await run_in_threadpool(receive_report, self.gate.core, source, report,
                                                  self.gate.status_base)
            except StorageUnavailable:
                return _html(refused_page(tr, "intake_page.unavailable"), 503, {"Retry-After": "30"})
            if not isinstance(outcome, FieldErrors):
                return RedirectResponse(f"/report/status/{outcome.status_key}?lang={tr.language}", status_code=303,
                                        headers=HEADERS)
            found = dict(outcome.errors)
        errors = {_FORM_FIELDS.get(name, name): text for name, text in found.items()}
        return _html(form_page(tr, self.gate.core.plan.organisation, values, errors), 422)

    def _moment(self, text: str) -> datetime | None:
        """A ``datetime-local`` value (``2026-12-04T14:30``), in the plan's time zone."""
        try:
            found = datetime.fromisoformat(text.strip()) if text.strip() else None
        except ValueError:
            return None
        if found is None:
            return None
        return found.replace(tzinfo=self.gate.core.plan.zone) if found.tzinfo is None else found

    async def status(self, request: Request) -> Response:
        key = request.path_params.get("key", "")
        try:
            view = await run_in_threadpool(outside_view, self.gate.core, key) if len(key) < 100 else None
        except StorageUnavailable:
            return _html(refused_page(self._translator(request, None), "intake_page.unavailable"), 503)
        if view is None:
            return _html(not_found_page(self._translator(request, None)), 404)
        tr = self._translator(request, None, view.language)
        return _html(status_page(tr, view.number, view.status, self.gate.core.plan.organisation))
