"""The Post Incident Review in the chat: one form per section, the review message in the incident's
channel (progress, *Open review*, *Export*), the invitation and the reminders to the IRP manager."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime

from bot import actions
from bot.directory import Directory
from bot.domain.incident import Incident
from bot.domain.review import FollowUp
from bot.domain.review import Review
from bot.domain.review import done_sections
from bot.domain.review_sections import SECTIONS
from bot.domain.review_sections import Kind
from bot.domain.review_sections import Question
from bot.domain.review_sections import Section
from bot.domain.review_sections import position
from bot.domain.roles import ContinuityPlan
from bot.i18n import Translator
from bot.plan import Plan
from bot.specs import Actions
from bot.specs import Block
from bot.specs import Button
from bot.specs import ButtonStyle
from bot.specs import Choice
from bot.specs import Context
from bot.specs import DateTimeInput
from bot.specs import FormInput
from bot.specs import FormMove
from bot.specs import FormSpec
from bot.specs import FormValues
from bot.specs import Inline
from bot.specs import MessageSpec
from bot.specs import Note
from bot.specs import Plain
from bot.specs import RadioInput
from bot.specs import Section as MessageSection
from bot.specs import SelectInput
from bot.specs import Strong
from bot.specs import TextInput
from bot.specs import Tone
from bot.views.common import person
from bot.views.logbook_form import incident_type_choices

ANSWER_MAX = 3000
"""Slack's limit for a text input (and Mattermost's for a textarea)."""
LINE_MAX = 150
FOLLOW_UP_ROWS = 3
FOLLOW_UP_TEXT_MAX = 500
PLANS = ("bcp", "cmp", "drp")


def follow_up_fields(row: int) -> tuple[str, str, str]:
    return f"fu{row}_text", f"fu{row}_owner", f"fu{row}_due"


def rto_assessment(tr: Translator, plan: Plan, incident: Incident) -> tuple[list[str], str | None]:
    """Effective recovery time against each affected activity's RTO, and the proposed answer."""
    if incident.closed_at is None:
        return [], None
    recovery = incident.closed_at - incident.detected_at
    lines = [tr.t("pir.rto.recovery", duration=tr.duration(recovery))]
    met: list[bool] = []
    for activity_id in incident.activities:
        activity = plan.activity(activity_id)
        if activity is None:
            continue
        within = recovery <= activity.rto
        met.append(within)
        key = "pir.rto.met" if within else "pir.rto.exceeded"
        lines.append(tr.t(key, activity=activity.name, rto=tr.duration(activity.rto)))
    if not met:
        return lines, None
    return lines, "all" if all(met) else "none" if not any(met) else "some"


def prefill(tr: Translator, plan: Plan, directory: Directory, incident: Incident,
            related: str = "", told: tuple[str, ...] = ()) -> dict[tuple[str, str], str]:
    """What the record already says (shown for confirmation until the section is saved); ``related``: the
    register's related or similar incidents; ``told``: who was informed when, and the notifications
    submitted (``views.inform.told_lines``)."""
    owner = directory.display_name(incident.platform, incident.owner_id) if incident.owner_id else ""
    values = {
        ("administration", "detected_at"): tr.when(incident.detected_at),
        ("administration", "resolved_at"): tr.when(incident.closed_at) if incident.closed_at else "",
        ("administration", "incident_type"): incident.incident_type or "",
        ("administration", "severity"): tr.t(f"severity.{incident.severity.value}.name") if incident.severity else "",
        ("administration", "manager"): owner,
        ("administration", "description"): incident.description or incident.title,
        ("assessment", "plans_activated"): ",".join(sorted(p.value for p in incident.activated_plans)),
        ("assessment", "cmp_activated"): "yes" if ContinuityPlan.CMP in incident.activated_plans else "no",
    }
    if related:
        values[("root_cause", "related")] = related
    if told:
        values[("communication", "external")] = "\n".join(told)
    proposal = rto_assessment(tr, plan, incident)[1]
    if proposal:
        values[("response", "rto_met")] = proposal
    return values


def current_value(review: Review, prefills: Mapping[tuple[str, str], str], section_id: str, question: str) -> str:
    found = review.answers.get((section_id, question))
    if found is not None or section_id in review.saved:
        return found.value if found else ""
    return prefills.get((section_id, question), "")


def fingerprint(values: list[str]) -> str:
    """Short digests of the values a form showed, to save only what the user changed."""
    return ".".join(hashlib.sha256(v.encode("utf-8")).hexdigest()[:6] for v in values)


def choice_label(tr: Translator, plan: Plan, question: Question, value: str) -> str:
    if not value:
        return ""
    if question.kind is Kind.CHOICE:
        return tr.t(f"pir.choice.{value}") if value in question.choices else value
    if question.kind is Kind.PLANS:
        return ", ".join(p.upper() for p in value.split(",") if p)
    if question.kind is Kind.INCIDENT_TYPE:
        return next((c.label for c in incident_type_choices(tr, plan) if c.value == value), value)
    return value


def _input(tr: Translator, plan: Plan, section_id: str, question: Question, value: str) -> FormInput:
    label = tr.t(f"pir.{section_id}.{question.id}")
    if question.kind is Kind.CHOICE:
        choices = tuple(Choice(c, tr.t(f"pir.choice.{c}")) for c in question.choices)
        return RadioInput(question.id, label, choices, optional=True, initial=value or None)
    if question.kind is Kind.PLANS:
        choices = tuple(Choice(p, tr.t(f"pir.plan.{p}")) for p in PLANS)
        return SelectInput(question.id, label, choices, multiple=True, optional=True,
                           initial=tuple(v for v in value.split(",") if v))
    if question.kind is Kind.INCIDENT_TYPE:
        return SelectInput(question.id, label, incident_type_choices(tr, plan), optional=True,
                           initial=(value,) if value else ())
    if question.kind is Kind.LINE:
        return TextInput(question.id, label, optional=True, max_length=LINE_MAX, initial=value)
    return TextInput(question.id, label, multiline=True, optional=True, max_length=ANSWER_MAX, initial=value)


def _follow_up_inputs(tr: Translator, plan: Plan, directory: Directory, incident: Incident,
                      follow_ups: list[FollowUp], submitted: FormValues | None) -> list[FormInput]:
    inputs: list[FormInput] = []
    if follow_ups:
        lines = [tr.t("pir.follow_ups.existing")]
        for item in follow_ups[:20]:
            state = tr.t("pir.follow_ups.done") if item.done else tr.t("pir.follow_ups.due", when=tr.when(item.due_at))
            lines.append(f"• {item.text} — {directory.display_name(incident.platform, item.owner_id)} · {state}")
        inputs.append(Note((Plain("\n".join(lines)),)))
    people = tuple(Choice(uid, p.name) for key, p in plan.people.items()
                   if (uid := directory.user_id(incident.platform, key)))
    inputs.append(Note((Strong(tr.t("pir.follow_ups.heading")),)))
    for row in range(1, FOLLOW_UP_ROWS + 1):
        text, owner, due = follow_up_fields(row)
        inputs += [
            TextInput(text, tr.t("pir.follow_ups.action", row=row), optional=True, max_length=FOLLOW_UP_TEXT_MAX,
                      initial=submitted.text(text) if submitted else ""),
            SelectInput(owner, tr.t("pir.follow_ups.owner", row=row), people, optional=True,
                        initial=(submitted.choice(owner) or "",) if submitted and submitted.choice(owner) else ()),
            DateTimeInput(due, tr.t("pir.follow_ups.due_at", row=row), optional=True,
                          initial=submitted.moment(due) if submitted else None),
        ]
    return inputs


def section_form(tr: Translator, plan: Plan, directory: Directory, incident: Incident, review: Review,
                 section: Section, follow_ups: list[FollowUp], now: datetime,
                 submitted: FormValues | None = None, errors: Mapping[str, str] | None = None,
                 related: str = "", told: tuple[str, ...] = ()) -> FormSpec:
    """The form of one section: its questions with the answers so far (or what the user just typed)."""
    index = position(section.id)
    done = len(done_sections(review))
    head: list[Inline] = [Strong(tr.t("pir.form.section", index=index, total=len(SECTIONS),
                                      title=tr.t(f"pir.{section.id}.title"))),
                          Plain("\n" + tr.t("pir.progress", done=done, total=len(SECTIONS)))]
    saved = review.saved.get(section.id)
    if saved is not None:
        head += [Plain(" · " + tr.t("pir.form.saved_by") + " "), person(saved.saved_by),
                 Plain(" · " + tr.when(saved.saved_at))]
    inputs: list[FormInput] = [Note((Strong(f"{incident.number} · "), Plain(incident.title))), Note(tuple(head))]
    if errors:
        inputs.append(Note((Strong("⚠ " + tr.t("pir.form.errors")), Plain("\n" + "\n".join(
            f"• {_label(tr, section, name)}: {message}" for name, message in errors.items())))))
    if section.id == "response":
        lines, _ = rto_assessment(tr, plan, incident)
        if lines:
            inputs.append(Note((Plain("\n".join(lines)),)))
    prefills = prefill(tr, plan, directory, incident, related, told)
    shown: list[str] = []
    for question in section.questions:
        value = current_value(review, prefills, section.id, question.id)
        shown.append(value)
        if submitted is not None:
            value = answer_value(question, submitted)
        inputs.append(_input(tr, plan, section.id, question, value))
    if section.follow_ups:
        inputs += _follow_up_inputs(tr, plan, directory, incident, follow_ups, submitted)
    last = index == len(SECTIONS)
    moves = [FormMove("back", tr.t("pir.form.back"))] if index > 1 else []
    moves.append(FormMove("close", tr.t("pir.form.save_close")))
    return FormSpec(actions.FORM_REVIEW, tr.t("pir.form.title"),
                    tr.t("pir.form.finish" if last else "pir.form.next"), tr.t("form.cancel"), tuple(inputs),
                    state="|".join((incident.number, section.id, fingerprint(shown))), moves=tuple(moves))


def continue_message(tr: Translator, incident: Incident, review: Review, saved: Section,
                     following: Section) -> MessageSpec:
    """After a section is saved: progress, and a button that opens the section the user moves to."""
    total = len(SECTIONS)
    text = tr.t("pir_continue.saved", index=position(saved.id), total=total, title=tr.t(f"pir.{saved.id}.title"),
                number=incident.number, done=len(done_sections(review)))
    label = tr.t("pir_continue.open", index=position(following.id), total=total,
                 title=tr.t(f"pir.{following.id}.title"))
    button = Button(actions.REVIEW_OPEN, label, actions.value(incident.number, following.id), ButtonStyle.PRIMARY)
    return MessageSpec(text, (MessageSection((Plain(text),)), Actions((button,))), Tone.NEUTRAL,
                       marker=f"{incident.number}:review-continue")


def _label(tr: Translator, section: Section, name: str) -> str:
    if any(q.id == name for q in section.questions):
        return tr.t(f"pir.{section.id}.{name}")
    return tr.t("pir.follow_ups.heading")


def answer_value(question: Question, values: FormValues) -> str:
    """A submitted answer as stored: text, a choice's code, or codes joined by commas."""
    if question.kind in (Kind.CHOICE, Kind.INCIDENT_TYPE):
        return values.choice(question.id) or ""
    if question.kind is Kind.PLANS:
        return ",".join(sorted(values.choices(question.id)))
    return values.text(question.id)


def review_message(tr: Translator, incident: Incident, review: Review, follow_ups: list[FollowUp]) -> MessageSpec:
    done = set(done_sections(review))
    blocks: list[Block] = [MessageSection((Strong(tr.t("pir.message.heading", number=incident.number)),
                                           Plain(" · " + incident.title)))]
    if review.complete and review.completed_at is not None:
        blocks.append(MessageSection((Plain("✅ " + tr.t("pir.message.completed") + " "), person(review.completed_by),
                                      Plain(" · " + tr.when(review.completed_at)))))
    else:
        blocks.append(MessageSection((Plain(tr.t("pir.progress", done=len(done), total=len(SECTIONS))),)))
    lines = [f"{'✅' if s.id in done else '◻️'} {i}. {tr.t(f'pir.{s.id}.title')}"
             for i, s in enumerate(SECTIONS, start=1)]
    blocks.append(Context((Plain("\n".join(lines)),)))
    open_items = [f for f in follow_ups if not f.done]
    if follow_ups:
        blocks.append(Context((Plain(tr.t("pir.message.follow_ups", open=len(open_items), total=len(follow_ups))),)))
    buttons = [Button(actions.REVIEW_OPEN, tr.t("pir.message.open" if not review.complete else "pir.message.view"),
                      incident.number, ButtonStyle.DEFAULT if review.complete else ButtonStyle.PRIMARY),
               Button(actions.EXPORT, tr.t("export.button"), incident.number)]
    blocks.append(Actions(tuple(buttons)))
    summary = tr.t("pir.message.summary", number=incident.number, done=len(done), total=len(SECTIONS))
    return MessageSpec(summary, tuple(blocks), Tone.GOOD if review.complete else Tone.NEUTRAL,
                       marker=f"{incident.number}:review")


def invitation_message(tr: Translator, incident: Incident, review: Review, reminder: int = 0) -> MessageSpec:
    """To the IRP manager: the incident is closed, run the review (``reminder`` > 0: how many times asked)."""
    done = len(done_sections(review))
    if review.complete and review.completed_at is not None:
        text = tr.t("pir.invite.completed", number=incident.number, when=tr.when(review.completed_at))
        return MessageSpec(text, (MessageSection((Plain(text),)),), Tone.GOOD,
                           marker=f"{incident.number}:review-invite")
    key = "pir.invite.reminder" if reminder else "pir.invite.text"
    text = tr.t(key, number=incident.number, title=incident.title, done=done, total=len(SECTIONS))
    blocks: tuple[Block, ...] = (
        MessageSection((Plain(text),)),
        Actions((Button(actions.REVIEW_OPEN, tr.t("pir.invite.start" if done == 0 else "pir.invite.resume"),
                        incident.number, ButtonStyle.PRIMARY),)),
    )
    return MessageSpec(text, blocks, marker=f"{incident.number}:review-invite")
