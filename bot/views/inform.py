"""The communication plan as people read it: the audiences due in the incident's summary with their state,
the *Inform…* form pre-filled from the plan's template, the reminder, and the e-mail sent."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime

from bot import actions
from bot.domain.communication import Communication
from bot.domain.communication import Method
from bot.domain.communication import due_audiences
from bot.domain.communication import last_of
from bot.domain.incident import Incident
from bot.domain.regulation import RegulatoryCase
from bot.domain.regulation import clocks
from bot.i18n import Translator
from bot.mail import OutgoingMail
from bot.mail import message_id
from bot.plan import ExternalContact
from bot.plan import Plan
from bot.specs import Actions
from bot.specs import Block
from bot.specs import Button
from bot.specs import Choice
from bot.specs import FormSpec
from bot.specs import MessageSpec
from bot.specs import Plain
from bot.specs import RadioInput
from bot.specs import Rich
from bot.specs import Section
from bot.specs import TextInput
from bot.specs import Tone
from bot.views.common import person
from bot.views.common import rich
from bot.views.common import severity_label
from bot.views.notifications import state_text
from bot.views.notifications import step_name

SUBJECT_MAX = 200
TEXT_MAX = 3000
RECIPIENTS_MAX = 2000


def audience_name(tr: Translator, audience: str) -> str:
    return tr.t(f"inform.audience.{audience}")


def state_line(tr: Translator, plan: Plan, communication: Communication | None, audience: str,
               who: str = "") -> str:
    if communication is None:
        settings = plan.communication.audiences.get(audience)  # type: ignore[call-overload]
        role = tr.t(f"role.{settings.informs.value}") if settings is not None else "—"
        return tr.t("inform.state.to_inform", role=role)
    return tr.t("inform.state.informed", who=who or communication.by, when=tr.when(communication.at),
                how=tr.t(f"inform.method.{communication.method.value}"))


def summary_fields(tr: Translator, plan: Plan, incident: Incident, communications: Sequence[Communication],
                   names: dict[str, str]) -> tuple[tuple[str, Rich], ...]:
    """One line per audience due (``names``: user id → display name of who informed)."""
    fields: list[tuple[str, Rich]] = []
    for audience in due_audiences(plan, incident):
        done = last_of(list(communications), audience)
        fields.append((tr.t("inform.field", audience=audience_name(tr, audience)),
                       (Plain(state_line(tr, plan, done, audience, names.get(done.by, "") if done else "")),)))
    return tuple(fields)


def inform_buttons(tr: Translator, plan: Plan, incident: Incident,
                   communications: Sequence[Communication]) -> tuple[Button, ...]:
    """*Inform customers…* for every audience due and not informed yet."""
    return tuple(Button(actions.INFORM, tr.t("inform.button", audience=audience_name(tr, a)),
                        actions.value(incident.number, a))
                 for a in due_audiences(plan, incident) if last_of(list(communications), a) is None)


def fill(tr: Translator, plan: Plan, incident: Incident, template: str, activities: str, now_text: str) -> str:
    values = {"organisation": plan.organisation, "number": incident.number, "title": incident.title,
              "severity": severity_label(tr, incident.severity), "activities": activities,
              "detected": tr.when(incident.detected_at), "now": now_text}
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template


def inform_form(tr: Translator, plan: Plan, incident: Incident, audience: str, language: str,
                recipients: Sequence[str], activities: str, now_text: str) -> FormSpec:
    settings = plan.communication.audiences.get(audience)  # type: ignore[call-overload]
    template = settings.templates.get(language) if settings is not None else None
    subject = template.subject if template is not None and template.subject else tr.t("inform.default.subject")
    body = template.body if template is not None else tr.t("inform.default.body")
    methods = (Choice(Method.EMAIL.value, tr.t("inform.method.email")),
               Choice(Method.PHONE.value, tr.t("inform.method.phone")))
    inputs = (
        RadioInput("method", tr.t("inform.form.method"), methods, initial=Method.EMAIL.value,
                   hint=tr.t("inform.form.method_hint")),
        TextInput("recipients", tr.t("inform.form.recipients"), multiline=True, max_length=RECIPIENTS_MAX,
                  initial="\n".join(recipients), hint=tr.t("inform.form.recipients_hint"), optional=True),
        TextInput("subject", tr.t("inform.form.subject"), max_length=SUBJECT_MAX,
                  initial=fill(tr, plan, incident, subject, activities, now_text)),
        TextInput("text", tr.t("inform.form.text"), multiline=True, max_length=TEXT_MAX,
                  initial=fill(tr, plan, incident, body, activities, now_text)),
    )
    return FormSpec(actions.FORM_INFORM, tr.t("inform.form.title", audience=audience_name(tr, audience)),
                    tr.t("inform.form.submit"), tr.t("form.cancel"), inputs,
                    state=actions.value(incident.number, audience))


def reminder_message(tr: Translator, incident: Incident, audience: str, informer: str | None) -> MessageSpec:
    text = rich(tr, "inform.reminder", audience=audience_name(tr, audience), number=incident.number,
                who=person(informer) if informer else Plain("—"))
    button = Button(actions.INFORM, tr.t("inform.button", audience=audience_name(tr, audience)),
                    actions.value(incident.number, audience))
    blocks: list[Block] = [Section(text), Actions((button,))]
    return MessageSpec(tr.t("inform.reminder_summary", audience=audience_name(tr, audience), number=incident.number),
                       tuple(blocks), Tone.MAJOR, marker=f"{incident.number}:inform:{audience}:reminder")


def communication_lines(tr: Translator, plan: Plan, communications: Sequence[Communication],
                        names: dict[str, str]) -> list[str]:
    """``Customers: informed by Hugo Peeters on 27 Nov 2026, 10:00 CET by e-mail`` per communication."""
    return [f"{audience_name(tr, c.audience)}: {state_line(tr, plan, c, c.audience, names.get(c.by, ''))}"
            for c in communications]


def outgoing_mail(incident: Incident, communication: Communication, domain: str = "") -> OutgoingMail:
    """The e-mail of a communication (the same Message-ID however often the job is retried); ``domain``:
    of the Message-ID (Sirene's public address)."""
    body = "<br>\n".join(html.escape(line) for line in communication.text.splitlines())
    return OutgoingMail(message_id(f"inform:{incident.number}:{communication.id}", domain), communication.recipients,
                        communication.subject, communication.text, f"<html><body><p>{body}</p></body></html>")


def told_lines(tr: Translator, plan: Plan, names: dict[str, str], communications: Sequence[Communication],
               cases: Sequence[RegulatoryCase], now: datetime) -> tuple[str, ...]:
    """Who was informed when, and which notifications were submitted: for the review's communication section."""
    lines = communication_lines(tr, plan, communications, names)
    for case in cases:
        lines += [f"{step_name(tr, c.rule.step)}: {state_text(tr, c, now)}" for c in clocks(case, now)
                  if c.submission is not None]
    return tuple(lines)


def contact_kind(tr: Translator, kind: str) -> str:
    """The kind of an external contact on paper (insurer and press are the communication plan's audiences)."""
    return tr.t(f"paper.kind.{kind}") if tr.has(f"paper.kind.{kind}") else audience_name(tr, kind)


def contact_lines(tr: Translator, contact: ExternalContact) -> str:
    """How to reach an external contact: its own details, then its primary and backup contact."""
    lines = [v for v in (contact.email, contact.phone, contact.mobile) if v]
    for slot, point in (("primary", contact.primary), ("backup", contact.backup)):
        if point is not None:
            details = ", ".join(v for v in (point.name, point.email, point.phone, point.mobile) if v)
            lines.append(tr.t(f"inform.contact.{slot}", details=details or "—"))
    return "\n".join(lines) or "—"
