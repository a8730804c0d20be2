"""Jobs of the scheduler: reminders, escalation pings and their updates, status prompts and updates.

Like every job they render from the current state when they run; a page's direct messages are stored on
the page so that acknowledging or deciding updates each of them.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Mapping
from datetime import datetime

from bot.core import Core
from bot.domain.incident import Incident
from bot.domain.incident import MessageRef
from bot.domain.page import Page
from bot.jobs.figures import upload_stats_chart
from bot.jobs.kind import JobKind
from bot.ports import ChatError
from bot.ports import ChatPort
from bot.ports import ConcurrentUpdate
from bot.views.pages import page_message
from bot.views.schedule import inform_message
from bot.views.schedule import reminder_message
from bot.views.schedule import status_prompt_message
from bot.views.schedule import status_update_message
from bot.views.schedule import unanswered_message

PlanJobAction = Callable[[Core, ChatPort, Mapping[str, str]], None]


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _reminder(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    home = incident.home_channel
    if home is None:
        return
    spec = reminder_message(core.team_translator(), incident, payload["clock"], payload["percent"],
                            _moment(payload["due"]), core.now(), payload.get("late"),
                            _moment(payload.get("at", payload["due"])))
    chat.post_message(home, spec, incident.home_thread)


def _load_page(core: Core, payload: Mapping[str, str]) -> Page:
    with core.uow() as uow:
        page = uow.pages.get(int(payload["page"]))
    if page is None:
        raise ChatError("page gone")
    return page


def _add_ref(core: Core, page_id: int, ref: MessageRef) -> None:
    for _ in range(10):
        with core.uow() as uow:
            page = uow.pages.get(page_id)
            if page is None or ref in page.refs:
                return
            page.refs = (*page.refs, ref)
            try:
                uow.pages.save(page)
            except ConcurrentUpdate:
                continue
            uow.commit()
            return
    raise ConcurrentUpdate(f"page {page_id} kept changing")


def _send_page(core: Core, chat: ChatPort, incident: Incident | None, payload: Mapping[str, str]) -> None:
    page = _load_page(core, payload)
    user = payload["user"]
    tr = core.translator(page.platform, user)
    planned = _moment(payload["at"]) if "at" in payload else None
    spec = page_message(tr, core.plan, core.directory, page, incident, core.now(), payload.get("note", ""),
                        payload.get("late"), planned)
    ref = chat.send_direct(user, spec)
    assert page.id is not None
    _add_ref(core, page.id, ref)


def _refresh_page(core: Core, chat: ChatPort, incident: Incident | None, payload: Mapping[str, str]) -> None:
    page = _load_page(core, payload)
    spec = page_message(core.team_translator(), core.plan, core.directory, page, incident, core.now())
    for ref in page.refs:
        chat.update_message(ref, spec)


def _page_send(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    _send_page(core, chat, incident, payload)


def _page_refresh(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    _refresh_page(core, chat, incident, payload)


def _page_unanswered(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    home = incident.home_channel
    if home is None:
        return
    page = _load_page(core, payload)
    chat.post_message(home, unanswered_message(core.team_translator(), core.directory, incident, page),
                      incident.home_thread)


def _status_prompt(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    if incident.owner_id is None or not incident.is_open:
        return
    tr = core.translator(incident.platform, incident.owner_id)
    due = _moment(payload["at"]) if "at" in payload else core.now()
    chat.send_direct(incident.owner_id, status_prompt_message(tr, incident, payload.get("late"), due))


def _status_share(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    home = incident.home_channel
    if home is None:
        return
    spec = status_update_message(core.team_translator(), incident, payload["author"], payload["summary"],
                                 payload["impact"], core.now())
    chat.post_message(home, spec, incident.home_thread)


def _status_direct(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    user = payload["user"]
    spec = status_update_message(core.translator(incident.platform, user), incident, payload["author"],
                                 payload["summary"], payload["impact"], core.now())
    chat.send_direct(user, spec)


def _inform(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    user = payload["user"]
    chat.send_direct(user, inform_message(core.translator(incident.platform, user), incident, payload["plan"],
                                          payload.get("by", "")))


SCHEDULER_ACTIONS: Mapping[JobKind, Callable[[Core, ChatPort, Incident, Mapping[str, str]], None]] = {
    JobKind.REMINDER_POST: _reminder,
    JobKind.PAGE_SEND: _page_send,
    JobKind.PAGE_REFRESH: _page_refresh,
    JobKind.PAGE_UNANSWERED: _page_unanswered,
    JobKind.STATUS_PROMPT: _status_prompt,
    JobKind.STATUS_SHARE: _status_share,
    JobKind.STATUS_DIRECT: _status_direct,
    JobKind.INFORM_DIRECT: _inform,
}


def _plan_page_send(core: Core, chat: ChatPort, payload: Mapping[str, str]) -> None:
    _send_page(core, chat, None, payload)


def _plan_page_refresh(core: Core, chat: ChatPort, payload: Mapping[str, str]) -> None:
    _refresh_page(core, chat, None, payload)


PLAN_ACTIONS: Mapping[JobKind, PlanJobAction] = {
    JobKind.PAGE_SEND: _plan_page_send,
    JobKind.PAGE_REFRESH: _plan_page_refresh,
    JobKind.STATS_CHART: upload_stats_chart,
}
"""Jobs without an incident (the plan's yearly review); their payload names the ``platform``."""
