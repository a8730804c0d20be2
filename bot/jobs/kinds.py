"""What each kind of job does. Jobs carry only ids and catalog keys: they render from the current
state when they run, so a retried job shows the latest truth and never a stale copy."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Mapping
from collections.abc import Sequence

from bot.core import Core
from bot.domain.incident import Incident
from bot.domain.incident import MessageRef
from bot.jobs.duplicates import tell_reporter
from bot.jobs.exports import upload_export
from bot.jobs.inform_kinds import INFORM_ACTIONS
from bot.jobs.intake_kinds import INTAKE_ACTIONS
from bot.jobs.kind import JobKind
from bot.jobs.merge import close_merged
from bot.jobs.merge import tell_merged
from bot.jobs.mobilise import MOBILISE_ACTIONS
from bot.jobs.notification_kinds import NOTIFICATION_ACTIONS
from bot.jobs.outbox import OutboxChat
from bot.jobs.page_outreach import outreach_summary
from bot.jobs.page_outreach import send_page_outside
from bot.jobs.review import follow_up_assigned
from bot.jobs.review import follow_up_reminder
from bot.jobs.review import invite_irp_manager
from bot.jobs.review import post_review_message
from bot.jobs.review import remind_irp_manager
from bot.jobs.schedule_kinds import SCHEDULER_ACTIONS
from bot.jobs.space import close_space
from bot.jobs.space import ensure_channel
from bot.jobs.space import ensure_checklist
from bot.jobs.space import ensure_members
from bot.jobs.space import refresh
from bot.jobs.space import store_refs
from bot.jobs.triage import name_shown
from bot.jobs.triage import post_triage
from bot.jobs.triage import refresh_triage
from bot.policy import required_approvers
from bot.ports import ChatPort
from bot.usecases.logbook import record_fetched
from bot.views.approval import approval_message
from bot.views.incident import notice
from bot.views.queries import burst_confirmation
from bot.views.report import report_received

JobAction = Callable[[Core, ChatPort, Incident, Mapping[str, str]], None]


def _reporter_confirm(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    tr = core.translator(incident.platform, incident.reporter_id)
    chat.send_direct(incident.reporter_id,
                     report_received(tr, incident.number, core.plan.helpdesk_channel[incident.platform]))
    name_shown(core, chat, incident)  # before the triage line, outside the helpdesk's lane


def _space_setup(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    ensure_channel(core, chat, incident)
    ensure_members(core, chat, incident)
    refresh(core, chat, incident)
    ensure_checklist(core, chat, incident)


def _space_refresh(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    refresh(core, chat, incident)


def _checklist_refresh(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    ensure_checklist(core, chat, incident)


def _space_close(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    close_space(core, chat, incident)


def _notice(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    home = incident.home_channel
    if home is None:
        return
    params = {k: v for k, v in payload.items() if k != "key"}
    chat.post_message(home, notice(core.team_translator(), payload["key"], **params), incident.home_thread)


def _approval(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    home = incident.home_channel
    if home is None or incident.id is None:
        return
    with core.uow() as uow:
        decisions = uow.incidents.approvals(incident.id, incident.deactivation_round)
    requested_by = (payload.get("requested_by") or incident.deactivation_requested_by or incident.owner_id
                    or incident.reporter_id)
    spec = approval_message(core.team_translator(), core.directory, incident, required_approvers(incident),
                            decisions, requested_by)
    if incident.approval_ref and "requested_by" not in payload:
        chat.update_message(incident.approval_ref, spec)
        return
    ref = chat.post_message(home, spec, incident.home_thread)
    store_refs(core, incident, approval_ref=ref)


def _log_confirm(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    if isinstance(chat, OutboxChat):
        chat.reaction_turn(payload["channel"])  # beyond the allowance: wait, and be confirmed with the burst
    chat.add_reaction(MessageRef(payload["channel"], payload["message"]), "white_check_mark")
    _store_permalinks(core, chat, [payload])


def confirm_burst(core: Core, chat: ChatPort, incident: Incident, payloads: Sequence[Mapping[str, str]]) -> None:
    """Confirm many tagged messages of one channel with one quiet line instead of a ✅ each: when
    confirmations pile up (a burst), reactions one by one would trail behind for minutes (Slack allows
    about 50 ``reactions.add`` a minute). Each entry still gets its permalink."""
    numbered = [p for p in payloads if p.get("sequence", "").isdigit()]
    for payload in payloads:
        if not payload.get("sequence", "").isdigit():  # queued before confirmations carried the entry's number
            chat.add_reaction(MessageRef(payload["channel"], payload["message"]), "white_check_mark")
    if numbered:
        sequences = sorted(int(p["sequence"]) for p in numbered)
        chat.post_message(numbered[0]["channel"],
                          burst_confirmation(core.team_translator(), len(sequences), sequences[0], sequences[-1]))
    _store_permalinks(core, chat, payloads)


def burst_action(payloads: Sequence[Mapping[str, str]]) -> JobAction:
    """The action of one job standing for a pile of logbook confirmations (``payloads``, its own among them)."""
    def action(core: Core, chat: ChatPort, incident: Incident, _: Mapping[str, str]) -> None:
        confirm_burst(core, chat, incident, payloads)
    return action


def _store_permalinks(core: Core, chat: ChatPort, payloads: Sequence[Mapping[str, str]]) -> None:
    """Each confirmed entry's link to its message, written in one statement."""
    links = {int(p["entry_id"]): link for p in payloads
             if (link := chat.permalink(MessageRef(p["channel"], p["message"])))}
    if not links:
        return
    if isinstance(chat, OutboxChat):
        chat.later(lambda uow: uow.logbook.set_permalinks(links))
        return
    with core.uow() as uow:
        uow.logbook.set_permalinks(links)
        uow.commit()


def _log_reaction(core: Core, chat: ChatPort, incident: Incident, payload: Mapping[str, str]) -> None:
    record_fetched(core, chat, MessageRef(payload["channel"], payload["message"]), incident.id)


JOB_ACTIONS: Mapping[JobKind, JobAction] = {
    JobKind.TRIAGE_POST: post_triage,
    JobKind.TRIAGE_REFRESH: refresh_triage,
    JobKind.REPORTER_CONFIRM: _reporter_confirm,
    JobKind.SPACE_SETUP: _space_setup,
    JobKind.SPACE_REFRESH: _space_refresh,
    JobKind.SPACE_CLOSE: _space_close,
    JobKind.CHECKLIST_REFRESH: _checklist_refresh,
    JobKind.NOTICE_POST: _notice,
    JobKind.APPROVAL_POST: _approval,
    JobKind.APPROVAL_REFRESH: _approval,
    JobKind.LOG_CONFIRM: _log_confirm,
    JobKind.LOG_REACTION: _log_reaction,
    JobKind.REVIEW_POST: post_review_message,
    JobKind.REVIEW_REFRESH: post_review_message,
    JobKind.REVIEW_INVITE: invite_irp_manager,
    JobKind.REVIEW_REMIND: remind_irp_manager,
    JobKind.FOLLOWUP_ASSIGNED: follow_up_assigned,
    JobKind.FOLLOWUP_REMIND: follow_up_reminder,
    JobKind.EXPORT_UPLOAD: upload_export,
    JobKind.PAGE_MAIL: send_page_outside,
    JobKind.PAGE_SMS: send_page_outside,
    JobKind.OUTREACH_SUMMARY: outreach_summary,
    JobKind.DUPLICATE_TELL: tell_reporter,
    JobKind.MERGE_CLOSE: close_merged,
    JobKind.MERGE_TELL: tell_merged,
    **SCHEDULER_ACTIONS,
    **NOTIFICATION_ACTIONS,
    **INFORM_ACTIONS,
    **INTAKE_ACTIONS,
    **MOBILISE_ACTIONS,
}
