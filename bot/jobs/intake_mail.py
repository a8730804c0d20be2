"""The e-mail that confirms a report from outside the chat to whoever sent it (when a mail server is set)."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from urllib.parse import urlsplit

from bot.core import Core
from bot.domain.incident import Incident
from bot.i18n import Translator
from bot.mail import OutgoingMail
from bot.mail import message_id
from bot.ports import ChatPort


def confirmation(tr: Translator, organisation: str, incident: Incident, to: str, status_url: str) -> OutgoingMail:
    params = {"number": incident.number, "organisation": organisation}
    lines = [tr.t("intake_mail.greeting"), "", tr.t("intake_mail.received", **params), "",
             f"{tr.t('intake_mail.reference')} {incident.number}", f"{tr.t('intake_mail.title')} {incident.title}",
             "", tr.t("intake_mail.follow"), status_url, "", tr.t("intake_mail.no_reply")]
    html = "".join([
        f"<p>{escape(tr.t('intake_mail.greeting'))}</p>",
        f"<p>{escape(tr.t('intake_mail.received', **params))}</p>",
        f"<p>{escape(tr.t('intake_mail.reference'))} <strong>{escape(incident.number)}</strong><br>",
        f"{escape(tr.t('intake_mail.title'))} {escape(incident.title)}</p>",
        f'<p>{escape(tr.t("intake_mail.follow"))} <a href="{escape(status_url)}">{escape(status_url)}</a></p>',
        f"<p>{escape(tr.t('intake_mail.no_reply'))}</p>",
    ])
    sender = urlsplit(status_url).hostname or ""
    return OutgoingMail(message_id(f"intake:{incident.id}:received", sender), (to,),
                        tr.t("intake_mail.subject", **params), "\n".join(lines), html)


def send_confirmation(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    """Render from what is stored now; a retried job sends the same message (same ``Message-ID``)."""
    if core.mail is None or incident.id is None:
        return
    with core.uow(read_only=True) as uow:
        report = uow.external_reports.of_incident(incident.id)
    if report is None or not report.reporter_email:
        return
    tr = Translator(report.language, core.plan.zone)
    core.mail.send(confirmation(tr, core.plan.organisation, incident, report.reporter_email, payload["status_url"]))
