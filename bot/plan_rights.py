"""The plan's rights table: who may activate the BCP, the CMP and the DRP (``rights.activate`` in the plan).

The template (chapter II, 4.2.3) has the IRP manager *warn*: the BCP manager, with the Business Continuity
Team, decides on the BCP; the CMP manager, with the Crisis Management Team, on the CMP; the CMP manager
warns the DRP manager (arrow 4). Without a ``rights`` section, Sirene follows that reading; a company that
decides otherwise writes its own table, and every refusal names the roles it allows.
"""

from __future__ import annotations

from types import MappingProxyType

from pydantic import BaseModel
from pydantic import ConfigDict
from pydantic import Field

from bot.domain.roles import ContinuityPlan
from bot.domain.roles import Role

DEFAULT_ACTIVATORS: MappingProxyType[ContinuityPlan, tuple[Role, ...]] = MappingProxyType({
    # The BCP's own manager, and the CMP manager who coordinates a crisis (arrow 2).
    ContinuityPlan.BCP: (Role.BCP_MANAGER, Role.CMP_MANAGER),
    # The CMP's own manager: the IRP manager warns (arrow 1) and proposes.
    ContinuityPlan.CMP: (Role.CMP_MANAGER,),
    # The DRP's own manager, and the CMP manager (arrow 4).
    ContinuityPlan.DRP: (Role.DRP_MANAGER, Role.CMP_MANAGER),
})

DEFAULT_PROPOSERS: tuple[Role, ...] = (Role.IRP_MANAGER,)
"""Who may propose a plan's activation to its manager (the IRP manager warns: arrows 1 and 7)."""


def _default_activators() -> dict[ContinuityPlan, tuple[Role, ...]]:
    return dict(DEFAULT_ACTIVATORS)


class Rights(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    activate: dict[ContinuityPlan, tuple[Role, ...]] = Field(default_factory=_default_activators)
    """Per plan, the roles whose holders (primary, backup, members) may activate it; plans not listed keep
    Sirene's default."""
    propose: tuple[Role, ...] = DEFAULT_PROPOSERS

    def activators(self, plan: ContinuityPlan) -> tuple[Role, ...]:
        return self.activate.get(plan, DEFAULT_ACTIVATORS[plan])
