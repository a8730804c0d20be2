"""The plan's communication plan (``communication:``): who tells which audience, from which severity (or when
the BCP is activated), with which message in each language (template chapter I; chapter II, G and H)."""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

from pydantic import Field

from bot.domain.roles import Role
from bot.domain.severity import Severity
from bot.plan_timers import Duration
from bot.plan_timers import Strict as _Strict

AUDIENCES = ("customers", "suppliers", "staff", "authorities", "insurer", "press")
Audience = Literal["customers", "suppliers", "staff", "authorities", "insurer", "press"]
CONTACT_KIND: dict[str, str] = {"customers": "customer", "suppliers": "supplier", "authorities": "authority",
                                "insurer": "insurer", "press": "press"}
"""Which external contacts (by ``kind``) an audience reaches when it names none; staff are the plan's people."""
PLACEHOLDERS = ("organisation", "number", "title", "severity", "activities", "detected", "now")
"""What a message template may use, filled from the incident (``{number}``…)."""


class MessageTemplate(_Strict):
    subject: str = ""
    body: str


class AudiencePlan(_Strict):
    informs: Role = Role.IRP_MANAGER
    """The role that informs this audience (its primary contact is reminded)."""
    from_severity: Severity | None = None
    """The audience must be told from this severity up (none: only ``on_bcp``)."""
    on_bcp: bool = False
    """The audience must be told when the BCP is activated."""
    contacts: tuple[str, ...] = ()
    """Names of external contacts; by default every external contact of the audience's kind."""
    templates: dict[Literal["en", "nl", "fr"], MessageTemplate] = Field(default_factory=dict)

    def due_for(self, severity: Severity | None, bcp_active: bool) -> bool:
        reached = (self.from_severity is not None and severity is not None
                   and severity.rank >= self.from_severity.rank)
        return reached or (self.on_bcp and bcp_active)


class CommunicationPlan(_Strict):
    audiences: dict[Audience, AudiencePlan] = Field(default_factory=dict)
    remind_after: Duration = timedelta(hours=1)
    """How long after an audience became due, and every such time again, its informer is reminded."""


def template_problems(plan: CommunicationPlan) -> list[tuple[str, str, str]]:
    """(path, problem, detail) for templates using a placeholder Sirene cannot fill."""
    import string

    problems: list[tuple[str, str, str]] = []
    for audience, settings in plan.audiences.items():
        for language, template in settings.templates.items():
            for part in ("subject", "body"):
                try:
                    names = [n for _, n, _, _ in string.Formatter().parse(getattr(template, part)) if n is not None]
                except ValueError:
                    names = ["{"]
                if any(n not in PLACEHOLDERS for n in names):
                    problems.append((f"communication.audiences.{audience}.templates.{language}.{part}",
                                     "one_of", ", ".join("{" + n + "}" for n in PLACEHOLDERS)))
    return problems


def contact_problems(plan: CommunicationPlan, known: frozenset[str]) -> list[tuple[str, str, str]]:
    """(path, problem, detail) for audiences naming external contacts the plan does not have."""
    return [(f"communication.audiences.{audience}.contacts.{index}", "one_of", ", ".join(sorted(known)) or "—")
            for audience, settings in plan.audiences.items()
            for index, name in enumerate(settings.contacts) if name not in known]
