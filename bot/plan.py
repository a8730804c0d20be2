"""The plan file: the company's Incident Response Plan as Sirene reads it (YAML, validated by pydantic).

The structure follows the template (DOMAIN.md): the people and their contact details,
the roles with a primary and a backup contact each, external contacts, what each
severity sets in motion, the essential activities with their RTO, the logbook settings.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from bot.domain.roles import ContinuityPlan, Role
from bot.domain.severity import Severity
from bot.durations import DurationError, parse_duration
from bot.plan_timers import DurationOrOff, TimerSettings, UpkeepSettings

LANGUAGES = ("en", "nl", "fr")
PLATFORMS = ("slack", "mattermost", "sandbox")


def _duration(value: Any) -> timedelta:
    if isinstance(value, timedelta):
        return value
    try:
        return parse_duration(str(value))
    except DurationError as exc:
        raise ValueError("duration") from exc


Duration = Annotated[timedelta, BeforeValidator(_duration)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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

    def platform_id(self, platform: str) -> str | None:
        value = getattr(self, platform, None)
        return value if isinstance(value, str) else None


class RoleContacts(_Strict):
    primary: str
    backup: str
    members: tuple[str, ...] = ()

    def everyone(self) -> tuple[str, ...]:
        seen: list[str] = []
        for key in (self.primary, self.backup, *self.members):
            if key not in seen:
                seen.append(key)
        return tuple(seen)


class ExternalContact(_Strict):
    name: str
    kind: Literal["customer", "supplier", "authority", "other"] = "other"
    organisation: str = ""
    function: str = ""
    email: str | None = None
    phone: str | None = None


class SeverityPolicy(_Strict):
    invite: tuple[Role, ...] = ()
    private: bool = False
    create_channel: bool = True
    resolve_within: Duration
    procedure: tuple[str, ...] | None = None
    """The steps of the procedure; when absent, the template's steps in the plan's language."""
    status_updates: DurationOrOff = None
    """How often the owner is asked for a status update (none when absent)."""


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
    """The Post Incident Review (DOMAIN.md §4, phase 6) and its follow-up actions."""

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


class Plan(_Strict):
    organisation: str
    language: Literal["en", "nl", "fr"] = "en"
    timezone: str = "Europe/Brussels"
    owner: str | None = None
    """The person who keeps the plan up to date (yearly review)."""
    helpdesk_channel: dict[str, str]
    people: dict[str, Person]
    roles: dict[Role, RoleContacts]
    external_contacts: tuple[ExternalContact, ...] = ()
    severities: dict[Severity, SeverityPolicy]
    activities: tuple[EssentialActivity, ...] = ()
    logbook: LogbookSettings = LogbookSettings()
    channels: ChannelSettings = ChannelSettings()
    incident_types: dict[Annotated[str, Field(pattern=INCIDENT_TYPE_ID)], str] = Field(default_factory=dict)
    """Your own incident types (id → name); without them, Sirene's list in the plan's language."""
    review: ReviewSettings = ReviewSettings()
    timers: TimerSettings = TimerSettings()
    upkeep: UpkeepSettings = UpkeepSettings()
    similar_reports: SimilarReports = SimilarReports()

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

    def plan_manager(self, plan: ContinuityPlan) -> RoleContacts | None:
        return self.roles.get(plan.manager)

    @property
    def reviewer(self) -> str | None:
        """The person (key of ``people``) who reviews the plan every year."""
        return self.upkeep.owner or self.owner
