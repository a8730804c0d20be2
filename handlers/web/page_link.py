"""``/page/<token>``: a page's own small web page, opened from the link in its e-mail or text message.

Plain HTML forms (no JavaScript, no login: the signed link is the credential), readable on a phone. GET
only shows; answering is a POST of one of the offered buttons. The token never leaves the page (no
referrer, not cached, not indexed).
"""

from __future__ import annotations

import logging
from html import escape
from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.responses import Response

from bot import actions
from bot.core import Core
from bot.i18n import Translator
from bot.ports import StorageUnavailable
from bot.usecases.page_link import LinkPage
from bot.usecases.page_link import answer_by_link
from bot.usecases.page_link import open_link
from bot.views.schedule import REASON_MAX
from bot.views.spec_text import spec_html
from handlers.web.body import TooLarge
from handlers.web.body import read_body

log = logging.getLogger("sirene.page_link")

PATH = "/page/{token}"
BODY_MAX = 16_384
"""Bytes of a form at most (a reason is at most a few thousand characters)."""
HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                               "frame-ancestors 'none'",
}
STYLE = ("body{font-family:system-ui,sans-serif;max-width:40rem;margin:1rem auto;padding:0 1rem;line-height:1.4}"
         "dt{font-weight:600}dd{margin:0 0 .5rem}.note{color:#555}.message{padding:.75rem;background:#eef;"
         "border-radius:.4rem}form{margin:.75rem 0}button{font-size:1.1rem;padding:.7rem 1.2rem;width:100%}"
         "textarea{width:100%;min-height:5rem;font-size:1rem}.error{color:#a00}")


def render(page: LinkPage, core: Core) -> str:
    tr = Translator(page.language, core.plan.zone)
    parts = [f'<!doctype html><html lang="{escape(page.language)}"><head><meta charset="utf-8">'
             '<meta name="viewport" content="width=device-width, initial-scale=1">'
             f"<title>{escape(page.title)}</title><style>{STYLE}</style></head><body>"]
    if page.message:
        parts.append(f'<p class="message" role="status">{escape(page.message)}</p>')
    if page.spec is not None:
        names = page.names
        parts.append(spec_html(page.spec, lambda user_id: names.get(user_id, user_id), page.channel))
    for action, value, label in page.buttons:
        reason = ""
        if action == actions.DECIDE:
            error = page.errors.get("reason", "")
            reason = (f'<label>{escape(tr.t("page_link.reason"))}<textarea name="reason" required '
                      f'maxlength="{REASON_MAX}"></textarea></label>'
                      + (f'<p class="error">{escape(error)}</p>' if error else ""))
        parts.append(f'<form method="post"><input type="hidden" name="do" value="{escape(action, quote=True)}">'
                     f'<input type="hidden" name="value" value="{escape(value, quote=True)}">{reason}'
                     f"<button>{escape(label)}</button></form>")
    if page.spec is not None and not page.buttons:
        parts.append(f'<p class="note">{escape(tr.t("page_link.answered"))}</p>')
    parts.append("</body></html>")
    return "".join(parts)


class PageLinkEndpoint:
    def __init__(self, core: Core) -> None:
        self._core = core

    def _respond(self, page: LinkPage) -> Response:
        return HTMLResponse(render(page, self._core), status_code=page.status, headers=HEADERS)

    async def handle(self, request: Request) -> Response:
        token = str(request.path_params.get("token", ""))
        try:
            if request.method != "POST":
                return self._respond(await run_in_threadpool(open_link, self._core, token))
            body = await read_body(request, BODY_MAX)
            form = parse_qs(body.decode("utf-8", "replace"), max_num_fields=10)
            field = {name: values[0] for name, values in form.items() if values}
            page = await run_in_threadpool(answer_by_link, self._core, token, field.get("do", ""),
                                           field.get("value", ""), field.get("reason", ""))
            return self._respond(page)
        except StorageUnavailable:
            log.warning("page link: the database is unreachable")
            return Response("Service Unavailable", status_code=503, headers=HEADERS)
        except TooLarge:
            tr = self._core.team_translator()
            return self._respond(LinkPage(413, tr.language, tr.t("page_link.title"),
                                          message=tr.t("page_link.too_large")))
        except ValueError:  # too many fields, a malformed form
            tr = self._core.team_translator()
            return self._respond(LinkPage(400, tr.language, tr.t("page_link.title"),
                                          message=tr.t("page_link.fix_errors")))
