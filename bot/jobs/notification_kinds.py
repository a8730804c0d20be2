"""Jobs of the legal notifications: a deadline draws near (channel and the responsible), or passed."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Mapping
from datetime import datetime

from bot.core import Core
from bot.domain.incident import Incident
from bot.domain.regulation import RULE_OF
from bot.domain.regulation import Step
from bot.jobs.kind import JobKind
from bot.ports import ChatPort
from bot.scheduler.notifications import responsible_user
from bot.usecases.notification_files import draft_files
from bot.views.notifications import reminder_message
from bot.views.notifications import step_name


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _step(payload: Mapping[str, str]) -> Step | None:
    value = payload.get("step", "")
    return Step(value) if value in {s.value for s in Step} else None


def _archived(core: Core, incident: Incident) -> bool:
    """Closed, and its channel archived by the plan (once the review, if any, was complete)."""
    if incident.is_open or incident.channel_id is None or not core.plan.channels.archive_on_close:
        return False
    with core.uow(read_only=True) as uow:
        review = uow.reviews.get(incident.id or 0)
    return review is None or review.complete


def _post(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str], overdue: bool) -> None:
    step, home = _step(payload), incident.home_channel
    if step is None:
        return
    responsible = responsible_user(core, incident.platform, RULE_OF[step].regime)
    due = _moment(payload["due"])
    if home is None or _archived(core, incident):
        # The incident is closed and its channel archived (or it has none): the responsible is told directly.
        if responsible is not None:
            chat.send_direct(responsible, reminder_message(core.translator(incident.platform, responsible),
                                                           incident, step, due, core.now(), responsible, overdue))
        return
    spec = reminder_message(core.team_translator(), incident, step, due, core.now(), responsible, overdue)
    chat.post_message(home, spec, incident.home_thread)


def _reminder(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    _post(core, chat, incident, payload, overdue=False)


def _overdue(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    _post(core, chat, incident, payload, overdue=True)


def _direct(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    step, user = _step(payload), payload["user"]
    if step is None:
        return
    spec = reminder_message(core.translator(incident.platform, user), incident, step, _moment(payload["due"]),
                            core.now(), user)
    chat.send_direct(user, spec)


def _draft(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    step, home = _step(payload), incident.home_channel
    if step is None or home is None:
        return
    fmt = payload.get("format", "pdf")
    files = draft_files(core, incident.number, step, (fmt,))
    if not files:
        return
    name, content = files[0]
    title = core.team_translator().t("notify_doc.file_title", step=step_name(core.team_translator(), step),
                                     format=fmt.upper())
    chat.upload_file(home, name, content, title, incident.home_thread)


NOTIFICATION_ACTIONS: Mapping[JobKind, Callable[[Core, ChatPort, Incident, Mapping[str, str]], None]] = {
    JobKind.NOTIFY_REMINDER: _reminder,
    JobKind.NOTIFY_OVERDUE: _overdue,
    JobKind.NOTIFY_DIRECT: _direct,
    JobKind.NOTIFY_DRAFT: _draft,
}
