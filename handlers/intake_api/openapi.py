"""The intake API described for tools (OpenAPI 3.1), served at ``/api/v1/openapi.json``."""

from __future__ import annotations

from typing import Any

from bot.usecases.intake import DEDUP_KEY_MAX
from bot.usecases.intake import EMAIL_MAX
from bot.usecases.intake import LABEL_NAME_MAX
from bot.usecases.intake import LABEL_VALUE_MAX
from bot.usecases.intake import LABELS_MAX
from bot.views.report import DESCRIPTION_MAX
from bot.views.report import NAME_MAX
from bot.views.report import TITLE_MAX
from handlers.intake_api.parse import LIST_MAX


def _text(limit: int, description: str = "") -> dict[str, Any]:
    found: dict[str, Any] = {"type": "string", "maxLength": limit}
    if description:
        found["description"] = description
    return found


_ERROR = {"type": "object", "required": ["error", "message"], "properties": {
    "error": {"type": "string", "enum": ["unauthorized", "too_large", "rate_limited", "not_json", "invalid",
                                         "unavailable"]},
    "message": {"type": "string"},
    "fields": {"type": "object", "additionalProperties": {"type": "string"},
               "description": "The fields at fault (dotted paths) and what is wrong with each."},
}}

_REPORT = {"type": "object", "required": ["title"], "additionalProperties": False, "properties": {
    "title": _text(TITLE_MAX),
    "description": _text(DESCRIPTION_MAX),
    "detected_at": {"type": "string", "format": "date-time",
                    "description": "ISO 8601 with an offset; the moment of the request when absent."},
    "reporter": {"type": "object", "additionalProperties": False, "properties": {
        "name": _text(NAME_MAX), "email": _text(EMAIL_MAX), "organisation": _text(NAME_MAX)}},
    "affected_activities": {"type": "array", "maxItems": LIST_MAX, "items": {"type": "string"},
                            "description": "Ids of the plan's essential activities."},
    "suggested_severity": {"type": "string", "enum": ["weak", "minor", "major", "crisis"]},
    "dedup_key": _text(DEDUP_KEY_MAX, "Reports with the key of an open incident of the same source are "
                                      "counted as one more signal of it."),
    "labels": {"type": "object", "maxProperties": LABELS_MAX,
               "propertyNames": {"maxLength": LABEL_NAME_MAX},
               "additionalProperties": {"type": "string", "maxLength": LABEL_VALUE_MAX}},
    "language": {"type": "string", "enum": ["en", "nl", "fr"],
                 "description": "The language of the answers' messages."},
}}

_RECEIVED = {"type": "object", "properties": {
    "reference": {"type": "string", "examples": ["INC-2026-0042"]},
    "status_url": {"type": "string", "format": "uri"},
    "created": {"type": "boolean"},
    "signals": {"type": "integer", "description": "How many times this report was received."},
}}


def _answers(*codes: int) -> dict[str, Any]:
    described = {
        200: ("One more signal of an open incident (same dedup_key).", _RECEIVED),
        201: ("A new report, in the helpdesk's triage.", _RECEIVED),
        400: ("The body is not JSON.", _ERROR), 401: ("Wrong or missing token.", _ERROR),
        413: ("The body is too large.", _ERROR), 422: ("Some fields are wrong.", _ERROR),
        429: ("Over the source's rate: wait Retry-After seconds.", _ERROR),
        503: ("The database is unavailable: try again later.", _ERROR),
    }
    return {str(code): {"description": described[code][0],
                        "content": {"application/json": {"schema": described[code][1]}}} for code in codes}


def document(public_url: str) -> dict[str, Any]:
    errors = (400, 401, 413, 422, 429, 503)
    alert_body = {"type": "object", "description": "The tool's own webhook payload (alert group).",
                  "required": ["status", "groupKey", "alerts"]}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Sirene intake", "version": "1",
                 "description": "Reports from outside the chat: each source of the plan has its own token."},
        "servers": [{"url": public_url.rstrip("/")}],
        "components": {"securitySchemes": {"source_token": {"type": "http", "scheme": "bearer"}}},
        "security": [{"source_token": []}],
        "paths": {
            "/api/v1/reports": {"post": {
                "summary": "Report an incident", "operationId": "report",
                "requestBody": {"required": True, "content": {"application/json": {"schema": _REPORT}}},
                "responses": _answers(200, 201, *errors)}},
            "/api/v1/alertmanager": {"post": {
                "summary": "Prometheus Alertmanager webhook (version 4): one report per alert group",
                "operationId": "alertmanager",
                "requestBody": {"required": True, "content": {"application/json": {"schema": alert_body}}},
                "responses": _answers(200, 201, *errors)}},
            "/api/v1/grafana": {"post": {
                "summary": "Grafana alerting webhook: one report per alert group", "operationId": "grafana",
                "requestBody": {"required": True, "content": {"application/json": {"schema": alert_body}}},
                "responses": _answers(200, 201, *errors)}},
        },
    }
