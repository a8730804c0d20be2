"""Jobs that page a person outside the chat: ``page.mail`` (e-mail) and ``page.sms`` (text message).

Each message has a stable id (its ``Message-ID``) derived from the page, the person and the medium, and is
recorded once handed over: a retried job (a lost answer, a crash before the job was marked done) finds it
and does not send it again. A page answered meanwhile is not sent at all.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from html import escape
from urllib.parse import urlsplit

from bot.core import Core
from bot.domain.incident import Incident
from bot.domain.outreach import Medium
from bot.domain.outreach import SentMessage
from bot.domain.page import Page
from bot.mail import MailRejected
from bot.mail import MailUnavailable
from bot.mail import OutgoingMail
from bot.mail import message_id
from bot.ports import ChatError
from bot.ports import ChatPort
from bot.sms import OutgoingSms
from bot.specs import MessageSpec
from bot.specs import Plain
from bot.specs import Section
from bot.views.exercise import marked
from bot.views.page_mail import page_mail_text
from bot.views.page_mail import page_sms_text
from bot.views.spec_text import spec_html
from bot.views.spec_text import spec_text

log = logging.getLogger("sirene.outreach")


def _page(core: Core, payload: Mapping[str, str]) -> Page | None:
    with core.uow(read_only=True) as uow:
        return uow.pages.get(int(payload["page"]))


def _answer_by(core: Core, page: Page, note: str) -> datetime | None:
    wait = core.plan.timers.acknowledge_within
    if note == "unanswered" or wait is None or not page.kind.escalates:
        return None
    return core.now() + wait


def _already(core: Core, mid: str) -> bool:
    with core.uow(read_only=True) as uow:
        return uow.sent.was_sent(mid)


def _keep(core: Core, message: SentMessage) -> None:
    with core.uow() as uow:
        uow.sent.record(message)
        uow.commit()


def send_page_outside(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    """Job ``page.mail`` / ``page.sms``: the page's e-mail or text message to one person."""
    page = _page(core, payload)
    if page is None or page.id is None:
        raise ChatError("page gone")
    if page.acknowledged or page.decided or not incident.is_open or core.page_links is None:
        return  # nothing is asked any more
    user, note = payload["user"], payload.get("note", "")
    medium = Medium(payload.get("medium", Medium.EMAIL.value))
    person = core.directory.person(page.platform, user)
    if person is None:
        return
    link = core.page_links.url(page.id, page.platform, user, page.created_at)
    mid = message_id(f"page:{page.id}:{user}:{medium.value}", urlsplit(core.page_links.base_url).hostname or "")
    if _already(core, mid):
        return
    tr = core.translator(page.platform, user)
    sent_at = core.now()
    if medium is Medium.EMAIL:
        if core.mail is None or not person.email:
            return
        body = page_mail_text(tr, core.plan, core.directory, page, incident, core.now(), note, link,
                              _answer_by(core, page, note))
        core.mail.send(OutgoingMail(mid, (person.email,), body.subject, body.text, body.html))
        record = SentMessage(mid, medium, person.email, body.subject, body.text, sent_at, body.html, link,
                             incident.id, page.id)
    else:
        number = person.mobile or person.phone
        if core.sms is None or not number:
            return
        text = marked(tr, incident, page_sms_text(tr, page, incident, link))
        core.sms.send(OutgoingSms(mid, number, text, link))
        record = SentMessage(mid, medium, number, "", text, sent_at, "", link, incident.id, page.id)
    _keep(core, record)
    log.info("page %s sent by %s (%s)", page.id, medium.value, mid)


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def outreach_summary(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    """Job ``outreach.summary``: the platform is back; one line in the channel lists what was sent outside
    the chat while it was down."""
    since, until = _moment(payload["since"]), _moment(payload["until"])
    home = incident.home_channel
    if home is None or incident.id is None:
        return
    with core.uow(read_only=True) as uow:
        sent = [m for m in uow.sent.since(since, incident.id) if m.sent_at <= until]
    if not sent:
        return
    tr = core.team_translator()
    items = "; ".join(tr.t(f"outreach.item.{m.medium.value}", to=m.recipient, when=tr.clock_time(m.sent_at))
                      for m in sent)
    text = tr.t("outreach.summary", platform=incident.platform.capitalize(), since=tr.clock_time(since),
                until=tr.clock_time(until), items=items)
    spec = MessageSpec(text, (Section((Plain(text),)),), marker=f"outreach:{payload['since']}")
    chat.post_message(home, spec, incident.home_thread)


def mail_instead(core: Core, platform: str, incident_id: int | None, user_id: str, spec: MessageSpec) -> None:
    """A direct message (a reminder, a status prompt…) that the platform could not take while it is down goes
    to the person by e-mail too, once; the chat message itself still goes out when the platform is back.
    Pages are left out: they have their own e-mail, with a link to answer."""
    if core.mail is None or not core.platform_down(platform) or (spec.marker or "").startswith("page:"):
        return
    person = core.directory.person(platform, user_id)
    if person is None or not person.email:
        return
    domain = urlsplit(core.page_links.base_url).hostname or "" if core.page_links else ""
    mid = message_id(f"direct:{platform}:{user_id}:{spec.marker or spec.summary}", domain)
    if _already(core, mid):
        return
    tr = core.translator(platform, user_id)
    names = lambda user: core.directory.display_name(platform, user)  # noqa: E731
    footer = tr.t("outreach.direct_footer", platform=platform.capitalize())
    subject = tr.t("outreach.direct_subject", summary=spec.summary)
    text = f"{spec_text(spec, names)}\n\n{footer}"
    html = f"<!doctype html><html><body>{spec_html(spec, names)}<p>{escape(footer)}</p></body></html>"
    try:
        core.mail.send(OutgoingMail(mid, (person.email,), subject, text, html))
    except (MailUnavailable, MailRejected) as exc:
        log.warning("direct message to %s not mailed either: %s", user_id, exc)
        return
    _keep(core, SentMessage(mid, Medium.EMAIL, person.email, subject, text, core.now(), html, "", incident_id))
