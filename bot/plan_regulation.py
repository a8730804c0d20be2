"""The plan's settings for the legal notifications (``regulation:``): which regimes apply to the company and
who answers for each. Sirene gives no legal advice: the plan states what the company knows of itself."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from bot.domain.regulation import Regime
from bot.domain.roles import Role
from bot.plan_timers import Strict as _Strict


class RegulationSettings(_Strict):
    nis2_entity: Literal["essential", "important", "no"] = "no"
    """Whether the company is an essential or important entity under the Belgian NIS2 law (the CCB's
    self-assessment tells); ``no``: NIS2 is not offered."""
    nis2_criteria: tuple[str, ...] = ()
    """Lines shown when deciding whether an incident is significant; empty: the criteria of NIS2 art. 23(3)."""
    financial_entity: bool = False
    """A financial entity under DORA: DORA's major incidents are offered."""
    responsible: dict[Regime, str] = Field(default_factory=dict)
    """Who answers for each regime's notifications: a role (``irp_manager``) or a person of ``people``
    (a DPO); by default the IRP manager."""

    def regimes(self) -> tuple[Regime, ...]:
        """The regimes a person may mark on an incident under this plan."""
        found = [Regime.GDPR]
        if self.nis2_entity != "no":
            found.insert(0, Regime.NIS2)
        if self.financial_entity:
            found.append(Regime.DORA)
        return tuple(found)

    def responsible_role(self, regime: Regime) -> Role | None:
        """The role that answers for ``regime`` (``None`` when the plan names a person)."""
        value = self.responsible.get(regime)
        if value is None:
            return Role.IRP_MANAGER
        return Role(value) if value in {r.value for r in Role} else None

    def responsible_person(self, regime: Regime) -> str | None:
        """The person (key of ``people``) who answers for ``regime``, when the plan names one."""
        value = self.responsible.get(regime)
        return value if value is not None and self.responsible_role(regime) is None else None


def regulation_problems(settings: RegulationSettings, people: frozenset[str]) -> list[tuple[str, str, str]]:
    """(path, problem, detail) for responsibles that are neither a role nor a person of the plan."""
    return [(f"regulation.responsible.{regime.value}", "unknown_person", value)
            for regime, value in settings.responsible.items()
            if settings.responsible_role(regime) is None and value not in people]
