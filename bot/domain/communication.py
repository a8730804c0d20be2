"""Telling the outside world: which audiences an incident must inform (the plan's communication plan) and
each communication made, by whom, when, how and with which words (every one a logbook entry too)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.domain.incident import Incident
from bot.domain.roles import ContinuityPlan
from bot.plan import Plan
from bot.plan_communication import AUDIENCES
from bot.plan_communication import CONTACT_KIND


class Method(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    """Done outside Sirene (a call, a visit): recorded."""


@dataclass
class Communication:
    incident_id: int
    audience: str
    method: Method
    by: str
    at: datetime
    recipients: tuple[str, ...]
    subject: str
    text: str
    id: int | None = None


def due_audiences(plan: Plan, incident: Incident) -> list[str]:
    """The audiences the incident must inform now, in the plan's order."""
    bcp = ContinuityPlan.BCP in incident.activated_plans
    audiences = plan.communication.audiences
    return [name for name in AUDIENCES if name in audiences and audiences[name].due_for(incident.severity, bcp)]


def recipients(plan: Plan, audience: str) -> tuple[str, ...]:
    """The e-mail addresses an audience is reached at: its named contacts, else its kind's; staff: the people."""
    if audience == "staff":
        return tuple(p.email for p in plan.people.values() if p.email)
    settings = plan.communication.audiences.get(audience)  # type: ignore[call-overload]
    named = settings.contacts if settings is not None else ()
    kind = CONTACT_KIND.get(audience)
    chosen = [c for c in plan.external_contacts if (c.name in named if named else c.kind == kind)]
    found: list[str] = []
    for contact in chosen:
        found += [e for e in contact.emails() if e not in found]
    return tuple(found)


def last_of(communications: list[Communication], audience: str) -> Communication | None:
    found = [c for c in communications if c.audience == audience]
    return found[-1] if found else None
