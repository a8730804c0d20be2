"""Answering a page from its web page (the link in its e-mail or text message): the same use cases as the
chat buttons, acting as the person the signed link names, offered only the buttons the chat shows now.

A forged or altered link is refused (403), an expired one or one whose page is gone is not found (404):
nothing changes. A link of an answered page shows the answer and offers nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field

from bot import actions
from bot.core import Actor
from bot.core import Core
from bot.core import FieldErrors
from bot.core import Notice
from bot.domain.incident import Incident
from bot.domain.page import Page
from bot.i18n import Translator
from bot.page_links import PageClaim
from bot.specs import FormValues
from bot.specs import MessageSpec
from bot.usecases.interaction import press
from bot.usecases.pages import acknowledge
from bot.usecases.pages import submit_decision
from bot.views.pages import page_message
from bot.views.spec_text import buttons_of
from bot.views.spec_text import spec_text

ANSWERS = (actions.ACKNOWLEDGE, actions.DECIDE, actions.ACTIVATE)
"""The buttons a page's web page offers (the others need a chat form)."""
LINK_CHANNEL = "link"
"""How the logbook says an answer came: ``acknowledged by e-mail link``."""


@dataclass(frozen=True)
class LinkPage:
    """What the page's web page shows."""

    status: int
    language: str
    title: str
    spec: MessageSpec | None = None
    buttons: tuple[tuple[str, str, str], ...] = ()
    """``(action, value, label)``; a ``DECIDE`` button asks for a reason."""
    message: str = ""
    """The answer to what was just pressed (done, refused, or why the link does not work)."""
    errors: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    """User id → name, for the mentions in ``spec``."""
    channel: str = ""
    """How the incident's channel is named (``#inc-…``)."""


def _refused(core: Core, status: int, key: str) -> LinkPage:
    tr = core.team_translator()
    return LinkPage(status, tr.language, tr.t("page_link.title"), message=tr.t(key))


def _claim(core: Core, token: str) -> PageClaim | LinkPage:
    links = core.page_links
    if links is None:
        return _refused(core, 404, "page_link.unknown")
    claim = links.read(token, core.now())
    if claim is None:
        if links.expired(token, core.now()):
            return _refused(core, 404, "page_link.expired")
        return _refused(core, 403, "page_link.invalid")
    return claim


def _load(core: Core, claim: PageClaim) -> tuple[Page, Incident] | LinkPage:
    with core.uow(read_only=True) as uow:
        page = uow.pages.get(claim.page_id)
        incident = uow.incidents.get(page.incident_id) if page and page.incident_id is not None else None
    if page is None or incident is None:
        return _refused(core, 404, "page_link.unknown")
    if page.platform != claim.platform or claim.user_id not in page.paged:
        return _refused(core, 403, "page_link.invalid")
    return page, incident


def _show(core: Core, claim: PageClaim, status: int = 200, message: str = "",
          errors: dict[str, str] | None = None) -> LinkPage:
    loaded = _load(core, claim)
    if isinstance(loaded, LinkPage):
        return loaded
    page, incident = loaded
    tr: Translator = core.translator(claim.platform, claim.user_id)
    spec = page_message(tr, core.plan, core.directory, page, incident, core.now())
    buttons = tuple(b for b in buttons_of(spec) if b[0] in ANSWERS)
    names = {user: core.directory.display_name(page.platform, user)
             for user in {*page.paged, page.acknowledged_by, page.decided_by, incident.owner_id} if user}
    channel = f"#{incident.channel_name}" if incident.channel_name else tr.t("page_mail.channel")
    return LinkPage(status, tr.language, spec.summary, spec, buttons, message, errors or {}, names, channel)


def open_link(core: Core, token: str) -> LinkPage:
    """``GET /page/<token>``: the page as it is now, with the buttons its reader may press."""
    claim = _claim(core, token)
    return claim if isinstance(claim, LinkPage) else _show(core, claim)


def answer_by_link(core: Core, token: str, action: str, value: str, reason: str) -> LinkPage:
    """``POST /page/<token>``: press one of the offered buttons as the person the link names."""
    claim = _claim(core, token)
    if isinstance(claim, LinkPage):
        return claim
    before = _show(core, claim)
    if before.status != 200:
        return before
    tr = core.translator(claim.platform, claim.user_id)
    if not any(b[0] == action and b[1] == value for b in before.buttons):
        return _show(core, claim, 409, tr.t("page_link.not_offered"))
    actor = Actor(claim.platform, claim.user_id)
    if action == actions.ACKNOWLEDGE:
        outcome = acknowledge(core, actor, claim.page_id, via=LINK_CHANNEL)
    elif action == actions.DECIDE:
        outcome = submit_decision(core, actor, FormValues({"reason": reason}), value)
    else:
        outcome = press(core, actor, action, value)
    if isinstance(outcome, FieldErrors):
        return _show(core, claim, 400, tr.t("page_link.fix_errors"), dict(outcome.errors))
    if isinstance(outcome, Notice):
        names = before.names
        return _show(core, claim, 409, spec_text(outcome.spec, lambda u: names.get(u, u)) or outcome.spec.summary)
    return _show(core, claim, 200, tr.t("page_link.done"))
