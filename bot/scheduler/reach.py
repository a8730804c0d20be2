"""Which ways a page reaches a person (the plan's ``page_by``): the first at once, the others when the page
is not acknowledged within the plan's wait. The last resort (the IRP manager told that nobody
acknowledged) goes every way at once. E-mail and text messages are jobs of their own (``page.mail``,
``page.sms``), outside the incident's lane: they never wait behind chat posts that cannot go out."""

from __future__ import annotations

from bot.core import Core
from bot.domain.incident import Incident
from bot.domain.outreach import Medium
from bot.domain.page import Page
from bot.domain.roles import Role
from bot.jobs.kind import JobKind
from bot.jobs.kind import queue
from bot.plan import Person
from bot.ports import UnitOfWork

DEFAULT_PAGE_BY = (Medium.CHAT, Medium.EMAIL)
JOB_OF = {Medium.EMAIL: JobKind.PAGE_MAIL, Medium.SMS: JobKind.PAGE_SMS}


def page_by(core: Core, platform: str, user_id: str, role: Role | None) -> tuple[Medium, ...]:
    """The person's ``page_by``, else their role's, else chat then e-mail."""
    person = core.directory.person(platform, user_id)
    contacts = core.plan.roles.get(role) if role is not None else None
    chosen = (person.page_by if person and person.page_by else None) or \
             (contacts.page_by if contacts and contacts.page_by else None) or DEFAULT_PAGE_BY
    return tuple(dict.fromkeys(Medium(medium) for medium in chosen))


def reachable(person: Person | None, medium: Medium) -> bool:
    if medium is Medium.CHAT:
        return True
    if person is None:
        return False
    return bool(person.email) if medium is Medium.EMAIL else bool(person.mobile or person.phone)


def _usable(core: Core, page: Page, user_id: str, medium: Medium) -> bool:
    if medium is Medium.EMAIL:
        return core.mail is not None and core.page_links is not None
    if medium is Medium.SMS:
        return core.sms is not None and core.page_links is not None
    return True


def first_media(core: Core, page: Page, user_id: str, note: str) -> tuple[Medium, ...]:
    """How ``user_id`` is paged now: the first way of their ``page_by`` (every way for the last resort, or
    while the chat platform is down); chat whenever no other way can reach them."""
    media = page_by(core, page.platform, user_id, page.role)
    if note != "unanswered" and not core.platform_down(page.platform):
        media = media[:1]
    person = core.directory.person(page.platform, user_id)
    outside = tuple(m for m in media if m is not Medium.CHAT and reachable(person, m)
                    and _usable(core, page, user_id, m))
    if Medium.CHAT in media or not outside:
        return (Medium.CHAT, *outside)
    return outside


def later_media(core: Core, page: Page, user_id: str) -> tuple[Medium, ...]:
    """The ways left when the wait ran out unanswered (each is sent once: see :func:`send_outside`)."""
    person = core.directory.person(page.platform, user_id)
    media = page_by(core, page.platform, user_id, page.role)
    if core.platform_down(page.platform):
        media = tuple(m for m in media if m is not Medium.CHAT)
    return tuple(m for m in media[1:] if reachable(person, m) and _usable(core, page, user_id, m))


def outside_media(core: Core, page: Page, user_id: str) -> tuple[Medium, ...]:
    """Every way of the person's ``page_by`` but chat that can reach them (the platform is down)."""
    person = core.directory.person(page.platform, user_id)
    return tuple(m for m in page_by(core, page.platform, user_id, page.role)
                 if m is not Medium.CHAT and reachable(person, m) and _usable(core, page, user_id, m))


def send_outside(core: Core, uow: UnitOfWork, page: Page, user_id: str, incident: Incident | None,
                 media: tuple[Medium, ...], note: str = "") -> None:
    """Queue the e-mail / text message of ``page`` to ``user_id`` (once per page, person and way)."""
    if incident is None or page.id is None:
        return  # upkeep prompts go by chat
    for medium in media:
        job = JOB_OF.get(medium)
        if job is None:
            continue
        payload = {"page": str(page.id), "user": user_id, "note": note, "medium": medium.value}
        queue(uow, job, incident.id, payload, core.now(), f"{job}:{page.id}:{user_id}")


