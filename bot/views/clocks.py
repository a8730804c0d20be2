"""The incident's clocks as people read them: in the plan's time zone, with the time left or overdue."""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_datetime

from bot.domain.incident import Incident
from bot.i18n import Translator
from bot.plan import Plan
from bot.scheduler.deadlines import ClockName
from bot.scheduler.deadlines import deadlines
from bot.scheduler.deadlines import rto_activities
from bot.specs import Plain
from bot.specs import Rich


def due_text(tr: Translator, due: datetime | None, now: datetime) -> str:
    """``27 Nov 2026, 14:30 CET · in 35 minutes`` or ``… · breached 12 minutes ago``."""
    if due is None:
        return "—"
    key = "time.due_in" if due >= now else "time.overdue"
    return tr.t(key, when=tr.when(due), relative=tr.relative(due, now))


def short_when(tr: Translator, moment: datetime) -> str:
    """``27 Nov 14:30 CET``: short enough for a channel topic."""
    return format_datetime(moment.astimezone(tr.zone), "d MMM HH:mm zzz", locale=tr.locale)


def clock_fields(tr: Translator, plan: Plan, incident: Incident, now: datetime) -> tuple[tuple[str, Rich], ...]:
    """One field per running clock (RTO and expected resolution; the SLA has its own field)."""
    fields: list[tuple[str, Rich]] = []
    for clock in deadlines(plan, incident):
        if clock.clock is ClockName.SLA:
            continue
        text = due_text(tr, clock.due_at, now) if incident.is_open else tr.when(clock.due_at)
        if clock.clock is ClockName.RTO:
            text += " · " + ", ".join(rto_activities(plan, incident))
        fields.append((tr.t(f"clocks.field.{clock.clock.value}"), (Plain(text),)))
    return tuple(fields)


def topic_deadlines(tr: Translator, plan: Plan, incident: Incident) -> str:
    """``SLA 27 Nov 14:30 CET · RTO 27 Nov 13:00 CET · ETA 27 Nov 17:30 CET · BCP, CMP``."""
    parts = [tr.t(f"clocks.short.{clock.clock.value}", when=short_when(tr, clock.due_at))
             for clock in deadlines(plan, incident)] if incident.is_open else []
    if incident.activated_plans:
        parts.append(tr.t("clocks.plans_active", plans=", ".join(p.value.upper()
                                                                  for p in sorted(incident.activated_plans))))
    return " · ".join(parts) or "—"
