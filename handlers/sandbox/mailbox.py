"""The sandbox's *Mail* tab (``/sandbox/mail``): the e-mails and text messages Sirene sent, newest first, with
their working links to the page's web page. Without ``SIRENE_SMTP_URL`` (or an SMS gateway) the sandbox
"sends" to :class:`SandboxPost`, which hands nothing over: what was sent is what Sirene recorded."""

from __future__ import annotations

from html import escape

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.responses import Response
from starlette.routing import Route

from bot.core import Core
from bot.domain.outreach import Medium
from bot.domain.outreach import SentMessage
from bot.mail import OutgoingMail
from bot.sms import OutgoingSms
from handlers.sandbox.render import attr

PATH = "/sandbox/mail"
SHOWN = 50
HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
           "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}
STYLE = ("body{font-family:system-ui,sans-serif;max-width:50rem;margin:1rem auto;padding:0 1rem}"
         "article{border:1px solid #ccc;border-radius:.4rem;padding:.75rem;margin:.75rem 0}"
         "pre{white-space:pre-wrap;font-family:inherit}.muted{color:#666}")


class SandboxPost:
    """The sandbox's mail server and SMS gateway: nothing leaves the machine."""

    def send(self, message: OutgoingMail | OutgoingSms) -> None:
        return None


def mailbox_routes(core: Core) -> list[Route]:
    async def mailbox(request: Request) -> Response:
        as_user = request.query_params.get("as", "")
        return HTMLResponse(await run_in_threadpool(mailbox_html, core, as_user), headers=HEADERS)

    return [Route(PATH, mailbox, methods=["GET"])]


def _item(core: Core, message: SentMessage, as_user: str) -> str:
    tr = core.translator("sandbox", as_user) if as_user else core.team_translator()
    kind = tr.t(f"sandbox_mail.{message.medium.value}")
    subject = message.subject if message.medium is Medium.EMAIL else kind
    link = (f'<p><a class="page-link" href="{attr(message.link)}">{escape(tr.t("sandbox_mail.open_link"))}</a></p>'
            if message.link else "")
    return (f'<article data-medium="{attr(message.medium.value)}"><h2>{escape(subject)}</h2>'
            f'<p class="muted">{escape(kind)} · {escape(tr.t("sandbox_mail.to", to=message.recipient))} · '
            f"{escape(tr.when(message.sent_at))}</p><pre>{escape(message.text)}</pre>{link}</article>")


def mailbox_html(core: Core, as_user: str) -> str:
    tr = core.translator("sandbox", as_user) if as_user else core.team_translator()
    with core.uow(read_only=True) as uow:
        sent = uow.sent.latest(SHOWN)
    items = "".join(_item(core, message, as_user) for message in sent) or \
        f'<p class="muted">{escape(tr.t("sandbox_mail.empty"))}</p>'
    back = f'/?as={attr(as_user)}' if as_user else "/"
    return (f'<!doctype html><html lang="{attr(tr.language)}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(tr.t('sandbox_mail.title'))}</title><style>{STYLE}</style></head><body>"
            f'<p><a href="{back}">{escape(tr.t("sandbox_mail.back"))}</a></p>'
            f"<h1>{escape(tr.t('sandbox_mail.title'))}</h1>{items}</body></html>")
