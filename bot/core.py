"""The core's context: the plan, who is who, storage, time, and the job queue's wake-up.

Use cases (``bot/usecases``) are plain functions of a :class:`Core` and an :class:`Actor`;
they return an :data:`Outcome` that the platform handler renders.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from datetime import timedelta
from typing import Any

from bot.clock import Clock
from bot.directory import Directory
from bot.group_commit import GroupCommit
from bot.i18n import Translator
from bot.key_locks import ProcessKeyLocks
from bot.mail import MailPort
from bot.page_links import PageLinks
from bot.plan import Plan
from bot.platform_health import PlatformHealth
from bot.ports import KeyLocks
from bot.ports import UnitOfWorkFactory
from bot.sms import SmsPort
from bot.specs import FormSpec
from bot.specs import MessageSpec


@dataclass(frozen=True)
class Actor:
    """Who acts, on which platform, and from which channel."""

    platform: str
    user_id: str
    channel_id: str | None = None


@dataclass(frozen=True)
class Notice:
    """A personal answer (ephemeral) to the actor."""

    spec: MessageSpec


@dataclass(frozen=True)
class Unavailable(Notice):
    """The database cannot be reached: nothing changed; the user should try again shortly."""


@dataclass(frozen=True)
class OpenForm:
    form: FormSpec
    as_message: MessageSpec | None = None
    """After a submission, the next form offered as a message with a button that opens it: for a platform
    that cannot put the next form in place of the submitted one (Mattermost before 11.1)."""


@dataclass(frozen=True)
class FieldErrors:
    errors: Mapping[str, str]
    form: FormSpec | None = None
    """The same form again with the errors written in it and what was typed kept: for a platform that cannot
    show errors under the fields of this submission (a button inside a Slack modal)."""


@dataclass(frozen=True)
class FormDone:
    """The form was accepted; ``spec`` replaces it with a confirmation (``title``, ``close``) when given."""

    spec: MessageSpec | None = None
    title: str = ""
    close: str = ""


Outcome = Notice | OpenForm | FieldErrors | FormDone | None


@dataclass
class Core:
    plan: Plan
    directory: Directory
    uow: UnitOfWorkFactory
    clock: Clock
    wake_jobs: Callable[[], None] = field(default=lambda: None)
    wake_jobs_soon: Callable[[], None] = field(default=lambda: None)
    """Jobs were queued that may wait a moment so that more gather (logbook confirmations: a burst of
    tagged messages is then confirmed by one line rather than a ✅ each)."""
    user_languages: Callable[[str, str], str | None] = field(default=lambda platform, user_id: None)
    """The language a user's platform reports (``bot.languages.UserLanguages``), or ``None``."""
    platforms: tuple[str, ...] = ()
    """The chat platforms this Sirene talks to (where plan-wide reminders such as the yearly review go)."""
    late_after: timedelta = timedelta(minutes=1)
    """A reminder or escalation sent later than this after its moment says how late it is."""
    logbook_intake: GroupCommit[Any, bool] = field(default_factory=GroupCommit)
    """Tagged messages arriving together are written in one transaction (``usecases.logbook.record``)."""
    mail: MailPort | None = None
    """Sends e-mail (``SIRENE_SMTP_URL``); ``None`` when no mail server is configured."""
    page_links: PageLinks | None = None
    """Signs the links of pages sent by e-mail or text message (``SIRENE_PUBLIC_URL/page/<token>``)."""
    sms: SmsPort | None = None
    """Sends text messages (``SIRENE_SMS_WEBHOOK_URL``); ``None`` when no gateway is configured."""
    health: PlatformHealth = field(default_factory=PlatformHealth)
    """Whether each chat platform is failing for a while (pages then go every way the plan gives)."""
    key_locks: KeyLocks = field(default_factory=ProcessKeyLocks)
    """One holder a key: a repeated report's matching and filing (across the processes sharing PostgreSQL)."""

    def now(self) -> datetime:
        return self.clock.now()

    def platform_down(self, platform: str) -> bool:
        return self.health.is_down(platform, self.now())

    def translator(self, platform: str | None = None, user_id: str | None = None) -> Translator:
        """The user's language: the plan's person entry wins, then what their platform reports, else the plan's."""
        language: str = self.plan.language
        if platform and user_id:
            person = self.directory.person(platform, user_id)
            if person and person.language:
                language = person.language
            else:
                language = self.user_languages(platform, user_id) or language
        return Translator(language, self.plan.zone)

    def team_translator(self) -> Translator:
        """For what the whole team reads (channel messages, exports): the plan's language."""
        return Translator(self.plan.language, self.plan.zone)
