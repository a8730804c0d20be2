"""The plan on paper (docs/irp.md §2: "keep a paper copy"): roles with their primary and backup contacts,
external contacts, the severities and their procedures, who notifies whom, the essential activities
and their RTO."""

from __future__ import annotations

from datetime import datetime

from bot.domain.roles import Role
from bot.domain.severity import Severity
from bot.exports.document import Bullets
from bot.exports.document import Document
from bot.exports.document import Facts
from bot.exports.document import Heading
from bot.exports.document import Paragraph
from bot.exports.document import Part
from bot.exports.document import Table
from bot.exports.procedure import scenario_parts
from bot.i18n import Translator
from bot.plan import Person
from bot.plan import Plan
from bot.views.checklist import procedure_steps
from bot.views.checklist import severity_criteria
from bot.views.inform import contact_kind
from bot.views.inform import contact_lines
from bot.views.logbook_form import incident_type_choices

# The numbered arrows of the template's diagram (docs/irp.md §2): who notifies whom (``paper.arrow.<n>`` says what).
ARROWS: tuple[tuple[Role, Role], ...] = (
    (Role.IRP_MANAGER, Role.CMP_MANAGER),
    (Role.CMP_MANAGER, Role.BCP_MANAGER),
    (Role.BCP_MANAGER, Role.CMP_MANAGER),
    (Role.CMP_MANAGER, Role.DRP_MANAGER),
    (Role.DRP_MANAGER, Role.CMP_MANAGER),
    (Role.BCP_MANAGER, Role.DRP_MANAGER),
    (Role.IRP_MANAGER, Role.BCP_MANAGER),
)


def _contact(tr: Translator, person: Person | None) -> str:
    if person is None:
        return "—"
    lines = [person.name + (f", {person.function}" if person.function else "")]
    for key, value in (("email", person.email), ("phone", person.phone), ("mobile", person.mobile)):
        if value:
            lines.append(f"{tr.t(f'paper.contact.{key}')}: {value}")
    return "\n".join(lines)


def plan_document(tr: Translator, plan: Plan, now: datetime) -> Document:
    parts: list[Part] = [Paragraph(tr.t("paper.intro"))]
    facts = [(tr.t("paper.organisation"), plan.organisation), (tr.t("paper.language"), plan.language),
             (tr.t("paper.timezone"), plan.timezone)]
    if plan.owner and plan.owner in plan.people:
        facts.append((tr.t("paper.owner"), plan.people[plan.owner].name))
    parts.append(Facts(tuple(facts)))

    parts.append(Heading(tr.t("paper.section.roles")))
    rows = []
    for role in Role:
        contacts = plan.roles.get(role)
        if contacts is None:
            continue
        members = ", ".join(plan.people[m].name for m in contacts.members if m in plan.people)
        rows.append((tr.t(f"role.{role.value}"), _contact(tr, plan.people.get(contacts.primary)),
                     _contact(tr, plan.people.get(contacts.backup)), members or "—"))
    headers = tuple(tr.t(f"paper.roles.{c}") for c in ("role", "primary", "backup", "members"))
    parts.append(Table(headers, tuple(rows), (22, 30, 30, 18)))

    parts.append(Heading(tr.t("contacts.departments")))
    if plan.departments:
        departments = tuple((d.name, ", ".join(a.name for a in (plan.activity(i) for i in plan.department_activities(d))
                                             if a) or "—",
                             _contact(tr, plan.people.get(d.primary)), _contact(tr, plan.people.get(d.backup)))
                            for d in plan.departments)
        headers = tuple(tr.t(f"contacts.table.{c}") for c in ("department", "activities", "primary", "backup"))
        parts.append(Table(headers, departments, (18, 22, 30, 30)))
    else:
        parts.append(Paragraph(tr.t("contacts.no_departments")))

    parts.append(Heading(tr.t("paper.section.external")))
    if plan.external_contacts:
        ext = tuple((c.name, contact_kind(tr, c.kind), c.organisation or "—", c.function or "—",
                     contact_lines(tr, c)) for c in plan.external_contacts)
        headers = tuple(tr.t(f"paper.external.{c}") for c in ("name", "kind", "organisation", "function", "contact"))
        parts.append(Table(headers, ext, (24, 14, 20, 20, 22)))
    else:
        parts.append(Paragraph("—"))

    parts.append(Heading(tr.t("paper.section.arrows")))
    arrows = []
    for index, (source, target) in enumerate(ARROWS, start=1):
        arrows.append(f"{index}. {tr.t(f'role.{source.value}')} ({_person_name(plan, source)}) → "
                      f"{tr.t(f'role.{target.value}')} ({_person_name(plan, target)}): {tr.t(f'paper.arrow.{index}')}")
    parts.append(Bullets(tuple(arrows)))

    parts.append(Heading(tr.t("paper.section.severities")))
    for severity in Severity:
        policy = plan.policy(severity)
        parts.append(Heading(tr.t(f"severity.{severity.value}.name"), 2))
        parts.append(Paragraph(severity_criteria(tr, plan, severity)))
        invited = ", ".join(tr.t(f"role.{r.value}") for r in policy.invite) or "—"
        where = tr.t("paper.severity.own_channel_private" if policy.private else "paper.severity.own_channel") \
            if policy.create_channel else tr.t("paper.severity.helpdesk_thread")
        parts.append(Facts(((tr.t("paper.severity.invite"), invited), (tr.t("paper.severity.where"), where),
                            (tr.t("paper.severity.sla"), tr.duration(policy.resolve_within)),
                            (tr.t("paper.severity.review"), tr.t("paper.yes") if severity in plan.review.severities
                             else tr.t("paper.no")))))
        steps = procedure_steps(tr, plan, severity)
        parts.append(Bullets(tuple(f"{i}. {step}" for i, step in enumerate(steps, start=1))))

    parts += scenario_parts(tr, plan)

    parts.append(Heading(tr.t("paper.section.activities")))
    if plan.activities:
        headers = tuple(tr.t(f"paper.activities.{c}") for c in ("name", "department", "rto"))
        parts.append(Table(headers, tuple((a.name, a.department or "—", tr.duration(a.rto)) for a in plan.activities),
                           (50, 30, 20)))
    else:
        parts.append(Paragraph("—"))

    parts.append(Heading(tr.t("paper.section.logbook")))
    types = ", ".join(choice.label for choice in incident_type_choices(tr, plan))
    parts.append(Facts(((tr.t("paper.logbook.tag"), plan.logbook.tag),
                        (tr.t("paper.logbook.reaction"), f":{plan.logbook.reaction}:"),
                        (tr.t("paper.logbook.types"), types),
                        (tr.t("paper.logbook.review_reminder"), tr.duration(plan.review.remind_every)))))
    footer = tr.t("paper.footer", organisation=plan.organisation, when=tr.when(now))
    return Document(tr.t("paper.title", organisation=plan.organisation), tr.t("paper.subtitle", when=tr.when(now)),
                    tuple(parts), footer, tr.t("export.page"))


def _person_name(plan: Plan, role: Role) -> str:
    contacts = plan.roles.get(role)
    person = plan.people.get(contacts.primary) if contacts else None
    return person.name if person else "—"
