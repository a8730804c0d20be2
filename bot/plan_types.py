"""The plan's incident types and their scenario plans (``incident_types`` in the plan file).

The template (chapter III, 3.2) has the IRP manager develop the Incident Response Plan *for specific
scenarios*. An incident type is written either as its name alone (``ransomware: Ransomware``) or as a
scenario with its own procedure, which extends the severity's procedure (its steps come after the
severity's) or replaces it, for every severity or only for those listed.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from pydantic import BaseModel
from pydantic import ConfigDict
from pydantic import Field
from pydantic import model_serializer
from pydantic import model_validator

from bot.domain.severity import Severity


class ProcedureMode(StrEnum):
    EXTEND = "extend"
    """The severity's steps, then the type's."""
    REPLACE = "replace"
    """The type's steps only."""


class IncidentType(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    procedure: tuple[str, ...] = ()
    """The scenario's steps; none: the severity's procedure alone."""
    procedure_mode: ProcedureMode = ProcedureMode.EXTEND
    severities: tuple[Severity, ...] = ()
    """The severities the scenario's procedure applies to; empty: every severity."""

    @model_validator(mode="before")
    @classmethod
    def _plain_name(cls, value: Any) -> Any:
        """``ransomware: Ransomware``: the name alone (the plan file's older form, still valid)."""
        return {"name": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _steps(self) -> IncidentType:
        if any(not step.strip() for step in self.procedure):
            raise ValueError("types.plan_error.empty_step")
        if self.procedure_mode is ProcedureMode.REPLACE and not self.procedure:
            raise ValueError("types.plan_error.replace_without_steps")
        if self.severities and not self.procedure:
            raise ValueError("types.plan_error.severities_without_steps")
        return self

    @model_serializer(mode="wrap")
    def _dump(self, handler: Any) -> Any:
        """A type with its name alone dumps as that name: the plan's fingerprint stays what it was."""
        if not self.procedure:
            return self.name
        return handler(self)

    def procedure_for(self, severity: Severity) -> tuple[str, ...]:
        """The scenario's steps for an incident of ``severity`` (none when the scenario leaves it out)."""
        if self.severities and severity not in self.severities:
            return ()
        return tuple(step.strip() for step in self.procedure)


def with_procedures(types: Mapping[str, IncidentType]) -> dict[str, IncidentType]:
    """The types that bring steps of their own."""
    return {key: kind for key, kind in types.items() if kind.procedure}
