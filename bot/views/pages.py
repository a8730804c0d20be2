"""Escalation pings and upkeep prompts, as direct messages with the buttons their reader needs."""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta

from bot import actions
from bot.directory import Directory
from bot.domain.incident import Incident
from bot.domain.page import Page
from bot.domain.page import PageDecision
from bot.domain.page import PageKind
from bot.domain.roles import ContinuityPlan
from bot.domain.severity import Severity
from bot.i18n import Translator
from bot.plan import Plan
from bot.scheduler.deadlines import rto_activities
from bot.scheduler.deadlines import rto_due
from bot.scheduler.rules import PLAN_TEAMS
from bot.scheduler.rules import offered_plans
from bot.scheduler.rules import proposed_plans
from bot.specs import Actions
from bot.specs import Block
from bot.specs import Button
from bot.specs import ButtonStyle
from bot.specs import ChannelLink
from bot.specs import Confirm
from bot.specs import Context
from bot.specs import Fields
from bot.specs import Inline
from bot.specs import MessageSpec
from bot.specs import Plain
from bot.specs import Rich
from bot.specs import Section
from bot.specs import Strong
from bot.specs import Tone
from bot.views.clocks import clock_fields
from bot.views.clocks import due_text
from bot.views.common import person
from bot.views.common import rich
from bot.views.common import severity_label
from bot.views.common import tone_of
from bot.views.notifications import page_body


def late_note(tr: Translator, due: datetime, late: str | None) -> Context | None:
    """``Sent 27 minutes late (due 14:30 CET): Sirene was not running.``"""
    if not late:
        return None
    return Context((Plain(tr.t("late.note", late=tr.duration(timedelta(seconds=int(late))),
                                 due=tr.when(due))),))


def page_what(tr: Translator, page: Page) -> str:
    """What the page is about, in a few words (its heading)."""
    if page.kind is PageKind.NOTIFICATION_DUE:
        return tr.t("notify.page.what")
    return tr.t(f"page.what.{page.kind.value}", plan=page.plan.value.upper() if page.plan else "")


def _body(tr: Translator, plan: Plan, directory: Directory, page: Page, incident: Incident | None,
          now: datetime) -> Rich:
    kind = page.kind
    if kind is PageKind.PLAN_REVIEW:
        return (Plain(tr.t("page.body.plan_review", organisation=plan.organisation)),)
    assert incident is not None
    number = incident.number
    if kind is PageKind.RAISE_TO_MAJOR:
        if page.cause == "growing":
            return (Plain(tr.t("page.body.raise_growing", number=number)),)
        return (Plain(tr.t("page.body.raise_sla", number=number, sla=due_text(tr, incident.sla_due, now))),)
    if kind is PageKind.MAJOR_OVERDUE and page.plan is not None:
        return (Plain(tr.t("plan_page.overdue", number=number, sla=due_text(tr, incident.sla_due, now),
                           plan=page.plan.value.upper(), team=_team(tr, page.plan),
                           role=tr.t(f"role.{page.plan.manager.value}"))),)
    if kind is PageKind.MAJOR_OVERDUE:
        return (Plain(tr.t("page.body.major_overdue", number=number, sla=due_text(tr, incident.sla_due, now))),)
    if kind is PageKind.PLAN_PROPOSED and page.plan is not None:
        return (*rich(tr, "plan_page.proposed", by=person(page.cause or None), plan=page.plan.value.upper(),
                      number=number, team=_team(tr, page.plan)),)
    if kind is PageKind.RTO_EXCEEDED:
        rto = rto_due(plan, incident)
        activities = ", ".join(rto_activities(plan, incident)) or "—"
        if page.cause == "eta" and incident.eta is not None:
            return (Plain(tr.t("page.body.rto_eta", number=number, eta=tr.when(incident.eta),
                               rto=due_text(tr, rto, now), activities=activities)),)
        return (Plain(tr.t("page.body.rto_reached", number=number, rto=due_text(tr, rto, now),
                           activities=activities)),)
    if kind is PageKind.NOTIFICATION_DUE:
        return page_body(tr, incident, page.cause, now)
    if kind is PageKind.PLAN_ACTIVATED:
        plan_name = page.plan.value if page.plan else ""
        key = "page.body.cmp_activated" if plan_name == "cmp" else "page.body.plan_activated"
        return (Plain(tr.t(key, plan=plan_name.upper(), number=number)),)
    return (Plain(tr.t("page.body.lessons", number=number)),)


def _team(tr: Translator, plan: ContinuityPlan) -> str:
    """The team that decides with the plan's manager (chapter III: BCT for the BCP, CMT for the CMP)."""
    team = PLAN_TEAMS.get(plan)
    return tr.t(f"role.{team.value}") if team else tr.t(f"role.{plan.manager.value}")


def _buttons(tr: Translator, page: Page, incident: Incident | None) -> tuple[Button, ...]:
    assert page.id is not None
    pid = str(page.id)
    if page.kind is PageKind.PLAN_REVIEW:
        return () if page.decided else (Button(actions.REVIEWED, tr.t("page.button.reviewed"), pid,
                                               ButtonStyle.PRIMARY),)
    assert incident is not None
    if page.kind is PageKind.LESSONS:
        return () if page.decided else (Button(actions.LESSONS, tr.t("page.button.lessons"), pid,
                                               ButtonStyle.PRIMARY),)
    if not incident.is_open:
        return ()
    buttons: list[Button] = []
    if page.kind is PageKind.RAISE_TO_MAJOR and not page.decided and incident.severity is Severity.MINOR:
        buttons += [Button(actions.DECIDE, tr.t("page.button.raise"), actions.value(pid, PageDecision.RAISED.value),
                           ButtonStyle.DANGER),
                    Button(actions.DECIDE, tr.t("page.button.keep"), actions.value(pid, PageDecision.KEPT.value))]
    offered = offered_plans(page)
    if page.decision is not PageDecision.NOT_NEEDED:
        for plan in offered:
            if plan in incident.activated_plans:
                continue
            name = plan.value.upper()
            buttons.append(Button(
                actions.ACTIVATE, tr.t("page.button.activate", plan=name),
                actions.value(incident.number, plan.value, pid), ButtonStyle.DANGER,
                Confirm(tr.t("activation.confirm.title", plan=name),
                        tr.t("activation.confirm.text", plan=name, number=incident.number),
                        tr.t("activation.confirm.yes", plan=name), tr.t("form.cancel"))))
        for plan in proposed_plans(page):
            if plan in incident.activated_plans:
                continue
            buttons.append(Button(actions.PROPOSE, tr.t("plan_page.propose", plan=plan.value.upper()),
                                  actions.value(incident.number, plan.value, pid)))
    if page.kind in (PageKind.MAJOR_OVERDUE, PageKind.RTO_EXCEEDED, PageKind.PLAN_PROPOSED) and offered \
            and not page.decided and not any(plan in incident.activated_plans for plan in offered):
        buttons.append(Button(actions.DECIDE, tr.t("page.button.not_needed"),
                              actions.value(pid, PageDecision.NOT_NEEDED.value)))
    if page.kind is PageKind.NOTIFICATION_DUE:
        buttons.append(Button(actions.NOTIFY, tr.t("notify.button.open"), incident.number))
    if page.kind.escalates and not page.acknowledged:
        buttons.append(Button(actions.ACKNOWLEDGE, tr.t("page.button.acknowledge"), pid, ButtonStyle.PRIMARY))
    return tuple(buttons)


def _answers(tr: Translator, page: Page) -> list[Block]:
    lines: list[Block] = []
    if page.acknowledged_by and page.acknowledged_at:
        lines.append(Context(rich(tr, "page.acknowledged", by=person(page.acknowledged_by),
                                  when=tr.clock_time(page.acknowledged_at))))
    if page.decision is not None and page.decided_by and page.decided_at:
        line: list[Inline] = [*rich(tr, f"page.decided.{page.decision.value}", by=person(page.decided_by),
                                    when=tr.clock_time(page.decided_at))]
        if page.reason:
            line.append(Plain(f" — {page.reason}"))
        lines.append(Context(tuple(line)))
    return lines


def page_message(tr: Translator, plan: Plan, directory: Directory, page: Page, incident: Incident | None,
                 now: datetime, note: str = "", late: str | None = None,
                 planned: datetime | None = None) -> MessageSpec:
    """The direct message of a page; ``note`` says why this reader gets it (``backup``, ``unanswered``)."""
    blocks: list[Block] = []
    if incident is not None:
        blocks.append(Section((Strong(tr.t("page.heading", what=page_what(tr, page))),
                               Plain(" · "), Strong(f"{incident.number} · "), Plain(incident.title))))
    else:
        blocks.append(Section((Strong(tr.t("page.what.plan_review", plan="")),)))
    blocks.append(Section(_body(tr, plan, directory, page, incident, now)))
    if incident is not None:
        where: Rich = (ChannelLink(incident.channel_id),) if incident.channel_id else (Plain("—"),)
        blocks.append(Fields((
            (tr.t("field.severity"), (Plain(severity_label(tr, incident.severity)),)),
            (tr.t("field.owner"), (person(incident.owner_id),)),
            *clock_fields(tr, plan, incident, now),
            (tr.t("clocks.field.channel"), where),
        )))
    if note == "backup":
        first = page.paged[0] if page.paged else None
        blocks.append(Context(rich(tr, "page.note.backup", primary=person(first),
                                   wait=tr.duration(plan.timers.acknowledge_within or timedelta(0)))))
    elif note == "unanswered":
        blocks.append(Context((Plain(tr.t("page.note.unanswered")),)))
    noted = late_note(tr, planned or page.created_at, late)
    if noted is not None:
        blocks.append(noted)
    blocks += _answers(tr, page)
    buttons = _buttons(tr, page, incident)
    if buttons:
        blocks.append(Actions(buttons))
    summary = tr.t("page.summary", what=page_what(tr, page),
                   number=incident.number if incident else plan.organisation)
    tone = tone_of(incident.severity) if incident is not None else Tone.NEUTRAL
    return MessageSpec(summary, tuple(blocks), tone, marker=f"page:{page.id}")
