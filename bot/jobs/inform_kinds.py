"""Jobs of the communication plan: the e-mail of a communication (the same Message-ID on every retry: the
mail server can tell a repeat), and the reminder that an audience is due and not informed."""

from __future__ import annotations

import logging
from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import replace
from urllib.parse import urlsplit

from bot.core import Core
from bot.domain.incident import Incident
from bot.domain.outreach import Medium
from bot.domain.outreach import SentMessage
from bot.jobs.kind import JobKind
from bot.ports import ChatPort
from bot.views.exercise import marked
from bot.views.inform import outgoing_mail
from bot.views.inform import reminder_message

log = logging.getLogger("sirene.jobs")


def _mail(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    with core.uow(read_only=True) as uow:
        communication = uow.communications.get(int(payload["communication"]))
    if communication is None or communication.incident_id != incident.id:
        return
    if core.mail is None:
        log.warning("communication %s of %s not e-mailed: no mail server is configured (SIRENE_SMTP_URL)",
                    communication.id, incident.number)
        return
    domain = urlsplit(core.page_links.base_url).hostname or "" if core.page_links else ""
    mail = outgoing_mail(incident, communication, domain)
    if incident.exercise:  # a drill that may reach everyone (--page-all) still says what it is
        team = core.team_translator()
        mail = replace(mail, subject=marked(team, incident, mail.subject), text=marked(team, incident, mail.text))
    with core.uow(read_only=True) as uow:
        if uow.sent.was_sent(mail.message_id):
            return  # sent before the job could be marked done: not twice
    core.mail.send(mail)
    with core.uow() as uow:  # kept as every e-mail Sirene sends (the sandbox shows it; a retry recognises it)
        uow.sent.record(SentMessage(mail.message_id, Medium.EMAIL, ", ".join(mail.to), mail.subject, mail.text,
                                    core.now(), mail.html, "", incident.id))
        uow.commit()


def _reminder(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    home, user = incident.home_channel, payload.get("user") or None
    if home is not None:
        chat.post_message(home, reminder_message(core.team_translator(), incident, payload["audience"], user),
                          incident.home_thread)
    if user is not None:
        chat.send_direct(user, reminder_message(core.translator(incident.platform, user), incident,
                                                payload["audience"], user))


INFORM_ACTIONS: Mapping[JobKind, Callable[[Core, ChatPort, Incident, Mapping[str, str]], None]] = {
    JobKind.INFORM_MAIL: _mail,
    JobKind.INFORM_REMINDER: _reminder,
}
