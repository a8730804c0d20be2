"""A page as an e-mail and as a text message, in the reader's language: what happened, the incident's
number and severity, what is asked, by when, the role's phone numbers from the plan, and the link to the
page's own web page (where it is answered as with the chat button)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape

from bot.directory import Directory
from bot.domain.incident import Incident
from bot.domain.page import Page
from bot.i18n import Translator
from bot.plan import Plan
from bot.views.common import severity_label
from bot.views.exercise import dress
from bot.views.exercise import marked
from bot.views.pages import page_message
from bot.views.spec_text import Names
from bot.views.spec_text import buttons_of
from bot.views.spec_text import spec_html
from bot.views.spec_text import spec_text

SMS_MAX = 320
"""Characters of a text message at most (two SMS parts); the link is never cut."""


@dataclass(frozen=True)
class PageMailText:
    subject: str
    text: str
    html: str


def _what(tr: Translator, page: Page) -> str:
    return tr.t(f"page.what.{page.kind.value}", plan=page.plan.value.upper() if page.plan else "")


def phone_lines(tr: Translator, plan: Plan, page: Page) -> list[str]:
    """The role's primary and backup with their numbers from the plan (empty for a page to one person)."""
    contacts = plan.roles.get(page.role) if page.role is not None else None
    if contacts is None or page.role is None:
        return []
    role = tr.t(f"role.{page.role.value}")
    lines = []
    for which, key in (("primary", contacts.primary), ("backup", contacts.backup)):
        person = plan.people.get(key)
        if person is None:
            continue
        numbers = ", ".join(n for n in (person.mobile, person.phone) if n) or tr.t("page_mail.no_phone")
        lines.append(tr.t("page_mail.phone_line", role=role, which=tr.t(f"page_mail.{which}"), name=person.name,
                          numbers=numbers))
    return lines


def page_mail_text(tr: Translator, plan: Plan, directory: Directory, page: Page, incident: Incident,
                   now: datetime, note: str, link: str, answer_by: datetime | None) -> PageMailText:
    spec = page_message(tr, plan, directory, page, incident, now, note)
    spec = dress(tr, spec) if incident.exercise else spec
    names: Names = lambda user_id: directory.display_name(page.platform, user_id)  # noqa: E731
    channel = f"#{incident.channel_name}" if incident.channel_name else tr.t("page_mail.channel")
    asked = ", ".join(label for _, _, label in buttons_of(spec)) or "—"
    severity = severity_label(tr, incident.severity)
    subject = marked(tr, incident, tr.t("page_mail.subject", what=_what(tr, page), number=incident.number,
                                        severity=severity))
    extra = [tr.t("page_mail.asked", actions=asked)]
    if answer_by is not None:
        extra.append(tr.t("page_mail.answer_by", when=tr.when(answer_by)))
    phones = phone_lines(tr, plan, page)
    text = "\n\n".join([spec_text(spec, names, channel), "\n".join(extra),
                        tr.t("page_mail.link", url=link),
                        "\n".join([tr.t("page_mail.phones"), *(f"- {line}" for line in phones)]) if phones else "",
                        tr.t("page_mail.footer")]).replace("\n\n\n", "\n\n")
    phone_html = ("<p>" + escape(tr.t("page_mail.phones")) + "</p><ul>"
                  + "".join(f"<li>{escape(line)}</li>" for line in phones) + "</ul>") if phones else ""
    html = (f"<!doctype html><html><body>{spec_html(spec, names, channel)}"
            + "".join(f"<p><strong>{escape(line)}</strong></p>" for line in extra)
            + f'<p><a href="{escape(link, quote=True)}">{escape(tr.t("page_mail.open"))}</a></p>'
            + f"<p>{escape(link)}</p>{phone_html}"
            + f'<p class="note">{escape(tr.t("page_mail.footer"))}</p></body></html>')
    return PageMailText(subject, text, html)


def page_sms_text(tr: Translator, page: Page, incident: Incident, link: str) -> str:
    """``Sirene: RTO at risk, INC-2026-0007 (major). Answer: https://…`` — the title cut, never the link."""
    severity = severity_label(tr, incident.severity)
    head = tr.t("page_mail.sms", what=_what(tr, page), number=incident.number, severity=severity,
                title="{title}", url=link)
    room = max(SMS_MAX - len(head) + len("{title}"), 0)
    title = incident.title if len(incident.title) <= room else incident.title[: max(room - 1, 0)] + "…"
    return head.replace("{title}", title)
