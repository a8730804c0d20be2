"""The contact list of the annex as a chat answer (``/incident contacts``), and the note to a department whose
essential activities an incident affects."""

from __future__ import annotations

from bot.domain.incident import Incident
from bot.domain.roles import Role
from bot.i18n import Translator
from bot.plan import Person
from bot.plan import Plan
from bot.plan_contacts import Department
from bot.specs import Block
from bot.specs import ChannelLink
from bot.specs import Context
from bot.specs import Inline
from bot.specs import MessageSpec
from bot.specs import Plain
from bot.specs import Section
from bot.specs import Strong
from bot.views.common import person
from bot.views.common import rich
from bot.views.common import tone_of

SECTION_MAX = 2800
"""Characters of one section of the answer at most (Slack's limit is 3000)."""


def contact_line(tr: Translator, slot: str, who: Person | None) -> str:
    """``Primary contact: Hugo Peeters, IT manager · hugo@example.be · T +32 2 555 01 01 · M …``"""
    if who is None:
        return f"{tr.t(f'contacts.{slot}')}: —"
    details = [who.name + (f", {who.function}" if who.function else "")]
    details += [f"{tr.t(f'contacts.{kind}')} {value}" for kind, value in
                (("email", who.email), ("phone", who.phone), ("mobile", who.mobile)) if value]
    return f"{tr.t(f'contacts.{slot}')}: " + " · ".join(details)


def _section(title: str, lines: list[str]) -> Section:
    text = "\n".join(lines)
    if len(text) > SECTION_MAX:
        text = text[: SECTION_MAX - 1] + "…"
    return Section((Strong(title), Plain("\n" + text)))


def contacts_message(tr: Translator, plan: Plan) -> MessageSpec:
    blocks: list[Block] = [Section((Strong(tr.t("contacts.heading", organisation=plan.organisation)),))]
    for role in Role:
        contacts = plan.roles.get(role)
        if contacts is None:
            continue
        lines = [contact_line(tr, "primary", plan.people.get(contacts.primary)),
                 contact_line(tr, "backup", plan.people.get(contacts.backup))]
        members = [plan.people[key].name for key in contacts.members if key in plan.people]
        if members:
            lines.append(f"{tr.t('contacts.members')}: {', '.join(members)}")
        blocks.append(_section(tr.t(f"role.{role.value}"), lines))
    blocks.append(Section((Strong(tr.t("contacts.departments")),)))
    for department in plan.departments:
        blocks.append(_section(department.name, department_lines(tr, plan, department)))
    if not plan.departments:
        blocks.append(Context((Plain(tr.t("contacts.no_departments")),)))
    blocks.append(Section((Strong(tr.t("contacts.external")),)))
    for contact in plan.external_contacts:
        details = [v for v in (contact.organisation, contact.function, contact.email, contact.phone) if v]
        blocks.append(Section((Plain(f"{contact.name} ({tr.t(f'paper.kind.{contact.kind}')})"
                                     + (": " + " · ".join(details) if details else "")),)))
    if not plan.external_contacts:
        blocks.append(Context((Plain("—"),)))
    return MessageSpec(tr.t("contacts.heading", organisation=plan.organisation), tuple(blocks))


def department_lines(tr: Translator, plan: Plan, department: Department) -> list[str]:
    names = [a.name for a in (plan.activity(i) for i in plan.department_activities(department)) if a]
    return [f"{tr.t('contacts.activities')}: {', '.join(names) or '—'}",
            contact_line(tr, "primary", plan.people.get(department.primary)),
            contact_line(tr, "backup", plan.people.get(department.backup))]


def department_note(tr: Translator, plan: Plan, incident: Incident, department: Department) -> MessageSpec:
    """To a department's contact: an incident affects its essential activities."""
    names = [a.name for a in (plan.activity(i) for i in incident.activities)
             if a and a.id in plan.department_activities(department)]
    where: Inline = ChannelLink(incident.channel_id) if incident.channel_id else Plain("—")
    text = rich(tr, "contacts.inform", number=incident.number, title=incident.title, department=department.name,
                activities=", ".join(names) or "—", owner=person(incident.owner_id), channel=where)
    return MessageSpec(tr.t("contacts.inform_summary", number=incident.number, department=department.name),
                       (Section(text),), tone_of(incident.severity),
                       marker=f"{incident.number}:department:{department.id}")
