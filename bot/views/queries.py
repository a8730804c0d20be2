"""Answers to ``/incident help``, ``list``, ``status`` and ``log``."""

from __future__ import annotations

from datetime import datetime

from bot import actions
from bot.directory import Directory
from bot.domain.incident import Incident
from bot.domain.logbook import LogbookEntry
from bot.domain.roles import Role
from bot.i18n import Translator
from bot.plan import Plan
from bot.specs import Block
from bot.specs import Button
from bot.specs import ChannelLink
from bot.specs import Context
from bot.specs import Fields
from bot.specs import Inline
from bot.specs import Link
from bot.specs import MessageSpec
from bot.specs import Plain
from bot.specs import Section
from bot.specs import Strong
from bot.views.clocks import clock_fields
from bot.views.common import deadline
from bot.views.common import person
from bot.views.common import phase_label
from bot.views.common import severity_label
from bot.views.exercise import dress
from bot.views.exercise import marked

LOG_PAGE = 10
LIST_LIMIT = 25


def help_message(tr: Translator, in_incident: bool, roles: frozenset[Role], tag: str) -> MessageSpec:
    lines: list[Block] = [Section((Strong(tr.t("help.heading")),))]
    keys = ["help.report", "help.list", "register.help", "home.help", "stats.help", "help.help", "contacts.help",
            "exercise.help"]
    if in_incident:
        keys += ["help.status", "help.log", "review_help.log_add", "help.tag", "help.phase", "help.severity",
                 "help.deactivate", "scheduler_help.eta", "scheduler_help.update", "scheduler_help.timers",
                 "scheduler_help.activate", "proposal.help",
                 "review_help.review", "review_help.export", "review_help.followups",
                 "notify_help.notify", "notify_help.submitted", "notify_help.inform",
                 "merge.help_duplicate", "merge.help_merge", "types.help"]
    else:
        keys += ["help.status_number", "review_help.followups", "merge.help_duplicate", "merge.help_merge"]
    for key in keys:
        lines.append(Section((Plain(tr.t(key, tag=tag)),)))
    if roles:
        names = ", ".join(tr.t(f"role.{r.value}") for r in sorted(roles))
        lines.append(Context((Plain(tr.t("help.your_roles", roles=names)),)))
    else:
        lines.append(Context((Plain(tr.t("help.no_roles")),)))
    return MessageSpec(tr.t("help.heading"), tuple(lines))


def list_message(tr: Translator, incidents: list[Incident], total: int, now: datetime) -> MessageSpec:
    if not incidents:
        return MessageSpec(tr.t("list.empty"), (Section((Plain(tr.t("list.empty")),)),))
    blocks: list[Block] = [Section((Strong(tr.t("list.heading", count=total)),))]
    for incident in incidents:
        line: list[Inline] = [Strong(incident.number), Plain(f" · {marked(tr, incident, incident.title)} · "),
                              Plain(severity_label(tr, incident.severity)), Plain(" · "),
                              Plain(phase_label(tr, incident.phase)), Plain(" · "),
                              Plain(tr.t("list.age", age=tr.duration(now - incident.reported_at)))]
        if incident.channel_id:
            line += [Plain(" · "), ChannelLink(incident.channel_id)]
        blocks.append(Section(tuple(line)))
    if total > len(incidents):
        blocks.append(Context((Plain(tr.t("list.more", count=total - len(incidents))),)))
    return MessageSpec(tr.t("list.heading", count=total), tuple(blocks))


def status_message(tr: Translator, plan: Plan, directory: Directory, incident: Incident, log_count: int,
                   open_items: int, now: datetime) -> MessageSpec:
    fields = Fields((
        (tr.t("field.severity"), (Plain(severity_label(tr, incident.severity)),)),
        (tr.t("field.phase"), (Plain(phase_label(tr, incident.phase)),)),
        (tr.t("field.owner"), (person(incident.owner_id),)),
        (tr.t("field.sla"), (Plain(deadline(tr, incident.sla_due, now)),)),
        *clock_fields(tr, plan, incident, now),
        (tr.t("field.detected_at"), (Plain(tr.when(incident.detected_at)),)),
        (tr.t("field.logbook_entries"), (Plain(str(log_count)),)),
        (tr.t("field.checklist_open"), (Plain(str(open_items)),)),
        (tr.t("field.plans_activated"),
         (Plain(", ".join(p.value.upper() for p in sorted(incident.activated_plans)) or "—"),)),
        (tr.t("clocks.field.last_status"),
         (Plain(tr.when(incident.last_status_at) if incident.last_status_at else "—"),)),
    ))
    blocks: tuple[Block, ...] = (Section((Strong(f"{incident.number} · "), Strong(incident.title))), fields)
    spec = MessageSpec(tr.t("status.summary", number=incident.number), blocks)
    return dress(tr, spec) if incident.exercise else spec


def _entry_details(tr: Translator, entry: LogbookEntry) -> str:
    details = entry.details
    found = [f"{tr.t(f'export.logbook.{key}')}: {value}" for key, value in
             (("impact", details.impact), ("duration", details.duration), ("resources", details.resources)) if value]
    return "\n" + " · ".join(found) if found else ""


def log_message(tr: Translator, incident: Incident, entries: list[LogbookEntry], page: int, pages: int,
                seal: tuple[int, str] | None = None) -> MessageSpec:
    blocks: list[Block] = [Section((Strong(tr.t("log.heading", number=incident.number)),))]
    if not entries:
        blocks.append(Section((Plain(tr.t("log.empty")),)))
    for entry in entries:
        line: list[Inline] = [Strong(f"#{entry.sequence}"), Plain(f" · {tr.when(entry.recorded_at)} · "),
                              person(entry.author_id),
                              Plain(f" · {tr.t(f'log.source.{entry.source.value}')}\n")]
        line.append(Plain(tr.t("log.deleted") if entry.deleted else entry.text))
        if entry.revisions:
            line.append(Plain(" " + tr.t("log.edited", count=len(entry.revisions))))
        if entry.permalink:
            line += [Plain(" "), Link(entry.permalink, tr.t("log.link"))]
        line.append(Plain(_entry_details(tr, entry)))
        complete = Button(actions.LOG_COMPLETE, tr.t("entry_form.complete"), actions.value(incident.number,
                                                                                           entry.sequence))
        blocks.append(Section(tuple(line), complete))
    footer = tr.t("log.page", page=page, pages=max(pages, 1))
    if seal is not None:
        footer += " · " + tr.t("ledger.sealed", links=seal[0], head=seal[1][:16])
    blocks.append(Context((Plain(footer),)))
    spec = MessageSpec(tr.t("log.heading", number=incident.number), tuple(blocks))
    return dress(tr, spec) if incident.exercise else spec


BURST_MARKER = "log-burst"
"""The marker of a line confirming a burst of entries (a retry finds it instead of posting it again)."""


def burst_confirmation(tr: Translator, count: int, first: int, last: int) -> MessageSpec:
    """One quiet line confirming many tagged messages at once (a burst the ✅ reactions cannot keep up with)."""
    text = tr.t("log.burst", count=count, first=first, last=last)
    return MessageSpec(text, (Context((Plain(text),)),), marker=BURST_MARKER)


def refusal(tr: Translator, key: str, **params: str) -> MessageSpec:
    text = tr.t(key, **params)
    return MessageSpec(text, (Section((Plain(text),)),))


