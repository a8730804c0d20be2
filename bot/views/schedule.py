"""Reminders, status-update prompts and updates, the forms behind them, and ``/incident timers``."""

from __future__ import annotations

from datetime import datetime

from bot import actions
from bot.directory import Directory
from bot.domain.incident import Incident
from bot.domain.page import Page
from bot.domain.page import PageDecision
from bot.domain.roles import Role
from bot.domain.timer import Timer
from bot.domain.timer import TimerKind
from bot.i18n import Translator
from bot.plan import Plan
from bot.specs import Actions
from bot.specs import Block
from bot.specs import Button
from bot.specs import ButtonStyle
from bot.specs import Choice
from bot.specs import Context
from bot.specs import DateTimeInput
from bot.specs import FormSpec
from bot.specs import Inline
from bot.specs import MessageSpec
from bot.specs import Note
from bot.specs import Plain
from bot.specs import RadioInput
from bot.specs import Section
from bot.specs import Strong
from bot.specs import TextInput
from bot.specs import Tone
from bot.views.clocks import due_text
from bot.views.common import person
from bot.views.common import rich
from bot.views.common import tone_of
from bot.views.pages import late_note
from bot.views.pages import page_what

SUMMARY_MAX = 1000
REASON_MAX = 1000
IMPACTS = ("growing", "stable", "decreasing")
REVISIONS = ("plan", "risk", "contracts")


def reminder_message(tr: Translator, incident: Incident, clock: str, percent: str, due: datetime,
                     now: datetime, late: str | None, planned: datetime) -> MessageSpec:
    """A reminder in the incident's channel, mentioning the owner, with the buttons to act on it."""
    name = tr.t(f"clocks.name.{clock}")
    key = "reminder.passed" if percent == "100" else "reminder.share"
    text = rich(tr, key, clock=name, percent=percent, number=incident.number, owner=person(incident.owner_id),
                due=due_text(tr, due, now))
    blocks: list[Block] = [Section(text), Context((Plain(tr.t(f"reminder.advice.{clock}")),))]
    noted = late_note(tr, planned, late)
    if noted is not None:
        blocks.append(noted)
    blocks.append(Actions((Button(actions.SET_ETA, tr.t("eta.button"), incident.number),
                           Button(actions.STATUS_UPDATE, tr.t("status_update.button"), incident.number))))
    summary = tr.t("reminder.summary", clock=name, number=incident.number, due=tr.when(due))
    return MessageSpec(summary, tuple(blocks), tone_of(incident.severity),
                       marker=f"{incident.number}:reminder:{clock}:{percent}")


def status_prompt_message(tr: Translator, incident: Incident, late: str | None, due: datetime) -> MessageSpec:
    blocks: list[Block] = [Section(rich(tr, "status_update.prompt", number=incident.number, title=incident.title))]
    noted = late_note(tr, due, late)
    if noted is not None:
        blocks.append(noted)
    blocks.append(Actions((Button(actions.STATUS_UPDATE, tr.t("status_update.button"), incident.number,
                                  ButtonStyle.PRIMARY),
                           Button(actions.SET_ETA, tr.t("eta.button"), incident.number))))
    return MessageSpec(tr.t("status_update.prompt_summary", number=incident.number), tuple(blocks),
                       tone_of(incident.severity), marker=f"{incident.number}:status-prompt")


def status_update_message(tr: Translator, incident: Incident, author: str, summary: str, impact: str,
                          now: datetime) -> MessageSpec:
    head: list[Inline] = [Strong(tr.t("status_update.heading", number=incident.number) + " "), person(author)]
    facts = [tr.t("status_update.impact", impact=tr.t(f"status_update.impacts.{impact}"))]
    if incident.eta is not None:
        facts.append(tr.t("clocks.short.eta", when=due_text(tr, incident.eta, now)))
    blocks: list[Block] = [Section(tuple(head)), Section((Plain(summary),)), Context((Plain(" · ".join(facts)),))]
    return MessageSpec(tr.t("status_update.summary", number=incident.number), tuple(blocks),
                       tone_of(incident.severity), marker=f"{incident.number}:status")


def eta_form(tr: Translator, incident: Incident, initial: datetime) -> FormSpec:
    return FormSpec(actions.FORM_ETA, tr.t("eta.form.heading"), tr.t("eta.form.submit"), tr.t("form.cancel"),
                    (DateTimeInput("eta", tr.t("eta.form.eta"), initial=initial, hint=tr.t("eta.form.hint")),),
                    state=incident.number)


def status_form(tr: Translator, incident: Incident) -> FormSpec:
    return FormSpec(
        actions.FORM_STATUS, tr.t("status_update.form.heading"), tr.t("status_update.form.submit"),
        tr.t("form.cancel"),
        (TextInput("summary", tr.t("status_update.form.summary"), multiline=True, max_length=SUMMARY_MAX,
                   hint=tr.t("status_update.form.summary_hint")),
         RadioInput("impact", tr.t("status_update.form.impact"),
                    tuple(Choice(i, tr.t(f"status_update.impacts.{i}")) for i in IMPACTS), initial="stable"),
         DateTimeInput("eta", tr.t("eta.form.eta"), initial=incident.eta, optional=True,
                       hint=tr.t("status_update.form.eta_hint"))),
        state=incident.number)


def decision_form(tr: Translator, page: Page, decision: PageDecision) -> FormSpec:
    return FormSpec(actions.FORM_DECISION, tr.t(f"page.form.{decision.value}.heading"),
                    tr.t(f"page.form.{decision.value}.submit"), tr.t("form.cancel"),
                    (TextInput("reason", tr.t("page.form.reason"), multiline=True, max_length=REASON_MAX),),
                    state=actions.value(page.id or 0, decision.value))


def lessons_form(tr: Translator, page: Page, incident: Incident) -> FormSpec:
    yes_no = (Choice("yes", tr.t("lessons_prompt.yes")), Choice("no", tr.t("lessons_prompt.no")))
    return FormSpec(
        actions.FORM_LESSONS, tr.t("lessons_prompt.form.heading"), tr.t("lessons_prompt.form.submit"),
        tr.t("form.cancel"),
        (Note((Plain(tr.t("lessons_prompt.form.intro", number=incident.number)),)),
         *(RadioInput(name, tr.t(f"lessons_prompt.form.{name}"), yes_no) for name in REVISIONS),
         TextInput("notes", tr.t("lessons_prompt.form.notes"), multiline=True, optional=True, max_length=REASON_MAX)),
        state=str(page.id))


def inform_message(tr: Translator, incident: Incident, plan: str, by: str) -> MessageSpec:
    text = rich(tr, "activation.inform", plan=plan.upper(), number=incident.number, by=person(by or None))
    return MessageSpec(tr.t("activation.inform_summary", plan=plan.upper(), number=incident.number),
                       (Section(text),), tone_of(incident.severity), marker=f"{incident.number}:inform:{plan}")


def unanswered_message(tr: Translator, directory: Directory, incident: Incident, page: Page) -> MessageSpec:
    people: list[Inline] = []
    for index, user in enumerate(page.paged):
        people += [Plain(", ") if index else Plain(""), person(user)]
    irp = directory.primary(incident.platform, Role.IRP_MANAGER)
    what = page_what(tr, page)
    text = rich(tr, "page.unanswered", what=what, irp=person(irp))
    return MessageSpec(tr.t("page.unanswered_summary", what=what, number=incident.number),
                       (Section(text), Context(tuple(people))), Tone.CRISIS, marker=f"page:{page.id}:unanswered")


def _timer_line(tr: Translator, directory: Directory, plan: Plan, incident: Incident, timer: Timer,
                pages: dict[int, Page]) -> str:
    payload = timer.payload
    if timer.kind is TimerKind.REMINDER:
        return tr.t("timers.reminder", clock=tr.t(f"clocks.name.{payload['clock']}"), percent=payload["percent"])
    if timer.kind is TimerKind.BREACH:
        return tr.t(f"timers.breach.{payload['clock']}.{payload['severity']}")
    if timer.kind is TimerKind.STATUS_PROMPT:
        owner = directory.display_name(incident.platform, incident.owner_id) if incident.owner_id else "—"
        return tr.t("timers.status_prompt", owner=owner)
    if timer.kind is TimerKind.ACK_WAIT:
        page = pages.get(int(payload["page"]))
        waiting = ", ".join(directory.display_name(incident.platform, u) for u in page.paged) if page else "—"
        key = "timers.ack_primary" if payload["level"] == "0" else "timers.ack_backup"
        return tr.t(key, people=waiting)
    return tr.t("timers.lessons")


def timers_message(tr: Translator, directory: Directory, plan: Plan, incident: Incident, timers: list[Timer],
                   pages: list[Page], now: datetime) -> MessageSpec:
    blocks: list[Block] = [Section((Strong(tr.t("timers.heading", number=incident.number)),))]
    by_id = {page.id: page for page in pages if page.id is not None}
    if not timers:
        blocks.append(Section((Plain(tr.t("timers.none")),)))
    for timer in timers:
        line = _timer_line(tr, directory, plan, incident, timer, by_id)
        blocks.append(Section((Strong(due_text(tr, timer.due_at, now)), Plain(f" · {line}"))))
    waiting = [page for page in pages if page.kind.escalates and not page.acknowledged and not page.decided]
    for page in waiting:
        what = page_what(tr, page)
        people: list[Inline] = []
        for index, user in enumerate(page.paged):
            people += [Plain(", ") if index else Plain(""), person(user)]
        blocks.append(Context((Plain(tr.t("timers.waiting", what=what, since=tr.clock_time(page.created_at)) + " "),
                               *people)))
    return MessageSpec(tr.t("timers.heading", number=incident.number), tuple(blocks))
