"""The plan file: the company's Incident Response Plan as Sirene reads it (YAML, validated by pydantic).

The structure follows the template (docs/irp.md): the people and their contact details,
the roles with a primary and a backup contact each, external contacts, what each
severity sets in motion, the essential activities with their RTO, the logbook settings.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated
from typing import Any
from typing import Literal
from zoneinfo import ZoneInfo
from zoneinfo import ZoneInfoNotFoundError

from pydantic import Field
from pydantic import field_validator

from bot.domain.roles import Role
from bot.domain.severity import Severity
from bot.plan_communication import CommunicationPlan
from bot.plan_contacts import Department
from bot.plan_contacts import activities_of
from bot.plan_regulation import RegulationSettings
from bot.plan_rights import Rights
from bot.plan_timers import Duration
from bot.plan_timers import DurationOrOff
from bot.plan_timers import Strict as _Strict
from bot.plan_timers import TimerSettings
from bot.plan_timers import UpkeepSettings
from bot.plan_types import IncidentType
from bot.sources import Source

LANGUAGES = ("en", "nl", "fr")
PLATFORMS = ("slack", "mattermost", "sandbox")


PageBy = tuple[Literal["chat", "email", "sms"], ...]
"""How a person is paged, in order: the first at once, the others when the page is not acknowledged within
the plan's wait (``timers.acknowledge_within``)."""


class Person(_Strict):
    name: str = Field(min_length=1)
    function: str = ""
    email: str | None = None
    phone: str | None = None
    mobile: str | None = None
    language: Literal["en", "nl", "fr"] | None = None
    slack: str | None = None
    mattermost: str | None = None
    sandbox: str | None = None
    page_by: PageBy | None = Field(default=None, min_length=1)
    """Overrides the role's ``page_by`` for this person."""

    def platform_id(self, platform: str) -> str | None:
        value = getattr(self, platform, None)
        return value if isinstance(value, str) else None


class RoleContacts(_Strict):
    primary: str
    backup: str
    members: tuple[str, ...] = ()
    page_by: PageBy | None = Field(default=None, min_length=1)
    """How this role's contacts are paged (default: chat, then e-mail)."""

    def everyone(self) -> tuple[str, ...]:
        seen: list[str] = []
        for key in (self.primary, self.backup, *self.members):
            if key not in seen:
                seen.append(key)
        return tuple(seen)


class ContactPoint(_Strict):
    """One person to reach at an external organisation."""

    name: str = ""
    email: str | None = None
    phone: str | None = None
    mobile: str | None = None


class ExternalContact(_Strict):
    name: str
    kind: Literal["customer", "supplier", "authority", "insurer", "press", "other"] = "other"
    organisation: str = ""
    function: str = ""
    email: str | None = None
    phone: str | None = None
    mobile: str | None = None
    primary: ContactPoint | None = None
    backup: ContactPoint | None = None
    """The template's annex has two contacts per customer and supplier: a primary and a backup."""

    def emails(self) -> tuple[str, ...]:
        """Where a message to this contact goes: the primary contact's address, else the contact's own, else
        the backup's."""
        for point in (self.primary, self, self.backup):
            if point is not None and point.email:
                return (point.email,)
        return ()


class SeverityPolicy(_Strict):
    invite: tuple[Role, ...] = ()
    private: bool = False
    create_channel: bool = True
    resolve_within: Duration
    procedure: tuple[str, ...] | None = None
    """The steps of the procedure; when absent, the template's steps in the plan's language."""
    status_updates: DurationOrOff = None
    """How often the owner is asked for a status update (none when absent)."""
    criteria: tuple[str, ...] | None = None
    """The company's own criteria and thresholds for this severity (lines), shown at triage; when absent, the
    template's description in the plan's language."""


class EssentialActivity(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str
    rto: Duration
    department: str = ""


class LogbookSettings(_Strict):
    tag: str = "!action"
    reaction: str = "memo"

    @field_validator("reaction")
    @classmethod
    def _bare_name(cls, value: str) -> str:
        return value.strip(":")


class ChannelSettings(_Strict):
    prefix: str = Field(default="inc", pattern=r"^[a-z0-9][a-z0-9_-]{0,19}$")
    archive_on_close: bool = True


class ReviewSettings(_Strict):
    """The Post Incident Review (docs/irp.md §4, phase 6) and its follow-up actions."""

    severities: tuple[Severity, ...] = (Severity.MINOR, Severity.MAJOR, Severity.CRISIS)
    """Closed incidents of these severities get a review (``/incident review`` opens one for any other)."""
    remind_every: Duration = timedelta(days=2)
    """How often the IRP manager is reminded until the review is complete."""
    follow_up_remind_every: Duration = timedelta(days=2)
    """How often the owner of a follow-up action is reminded, from its due date until it is done."""


INCIDENT_TYPE_ID = r"^[a-z0-9][a-z0-9_-]*$"


class SimilarReports(_Strict):
    """When two reports are shown as possibly the same event (report storms)."""

    within: Duration = timedelta(minutes=15)
    """Reported at most this far apart."""
    shared_words: int = Field(default=2, ge=1, le=10)
    """Main words their titles must share (when they name no common essential activity)."""


class ExerciseSettings(_Strict):
    """Drills (``/incident exercise``)."""

    page_everyone: bool = False
    """A drill pages, informs and mobilises everyone a real incident would (as if started with ``--page-all``)."""


class Plan(_Strict):
    organisation: str
    language: Literal["en", "nl", "fr"] = "en"
    timezone: str = "Europe/Brussels"
    owner: str | None = None
    """The person who keeps the plan up to date (yearly review)."""
    version: str | None = None
    """The plan's own version (``"2026.1"``): stored with each incident and with the yearly review."""
    helpdesk_channel: dict[str, str]
    people: dict[str, Person]
    roles: dict[Role, RoleContacts]
    external_contacts: tuple[ExternalContact, ...] = ()
    severities: dict[Severity, SeverityPolicy]
    activities: tuple[EssentialActivity, ...] = ()
    logbook: LogbookSettings = LogbookSettings()
    channels: ChannelSettings = ChannelSettings()
    incident_types: dict[Annotated[str, Field(pattern=INCIDENT_TYPE_ID)], IncidentType] = Field(default_factory=dict)
    """Your own incident types (id → name, or id → a scenario with its own procedure: ``bot.plan_types``);
    without them, Sirene's list in the plan's language."""
    review: ReviewSettings = ReviewSettings()
    timers: TimerSettings = TimerSettings()
    upkeep: UpkeepSettings = UpkeepSettings()
    regulation: RegulationSettings = RegulationSettings()
    communication: CommunicationPlan = CommunicationPlan()
    similar_reports: SimilarReports = SimilarReports()
    exercises: ExerciseSettings = ExerciseSettings()
    sources: tuple[Source, ...] = ()
    """Who may report from outside the chat (customers, suppliers, monitoring): ``bot.sources``."""
    rights: Rights = Rights()
    """Who may activate the BCP, CMP and DRP, and propose them (``bot.plan_rights``)."""
    departments: tuple[Department, ...] = ()
    """Internal departments with their essential activities and contacts (annex 5.1 A; ``bot.plan_contacts``)."""

    @field_validator("helpdesk_channel", mode="before")
    @classmethod
    def _per_platform(cls, value: Any) -> Any:
        if isinstance(value, str):
            return dict.fromkeys(PLATFORMS, value)
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("timezone") from exc
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def policy(self, severity: Severity) -> SeverityPolicy:
        return self.severities[severity]

    def contacts(self, role: Role) -> RoleContacts | None:
        return self.roles.get(role)

    def activity(self, activity_id: str) -> EssentialActivity | None:
        return next((a for a in self.activities if a.id == activity_id), None)

    def incident_type(self, type_id: str | None) -> IncidentType | None:
        return self.incident_types.get(type_id) if type_id else None

    def source(self, name: str) -> Source | None:
        return next((s for s in self.sources if s.name == name), None)

    def department_activities(self, department: Department) -> tuple[str, ...]:
        return activities_of(department, ((a.id, a.name, a.department) for a in self.activities))

    def departments_affected(self, activity_ids: tuple[str, ...]) -> tuple[Department, ...]:
        """The departments running one of these essential activities."""
        return tuple(d for d in self.departments if set(self.department_activities(d)) & set(activity_ids))

    @property
    def reviewer(self) -> str | None:
        """The person (key of ``people``) who reviews the plan every year."""
        return self.upkeep.owner or self.owner
