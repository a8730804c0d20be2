"""The contact list of the template's annex (chapter V, 5.1 A): internal departments with their essential
activities and a primary and a backup contact, informed when an incident affects their activities."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel
from pydantic import ConfigDict
from pydantic import Field

DEPARTMENT_ID = r"^[a-z0-9][a-z0-9_-]*$"


class Department(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=DEPARTMENT_ID)
    name: str = Field(min_length=1)
    activities: tuple[str, ...] = ()
    """The essential activities it runs (ids of ``activities``); an activity whose ``department`` names this
    department (by id or name) counts too."""
    primary: str
    """A person (key of ``people``): name, function, e-mail, phone and mobile come from there."""
    backup: str
    inform: bool = True
    """Tell the primary contact (the backup when the primary has no chat id) when an incident affects one of
    its activities."""


def activities_of(department: Department, activities: Iterable[tuple[str, str, str]]) -> tuple[str, ...]:
    """The ids of ``department``'s activities, given the plan's ``(id, name, department)`` of each activity."""
    found = list(department.activities)
    for activity_id, _name, owner in activities:
        if owner and owner in (department.id, department.name) and activity_id not in found:
            found.append(activity_id)
    return tuple(found)
