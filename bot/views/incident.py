"""The incident's living message in its channel (edited in place as things change), and the
notices posted there when something happens."""

from __future__ import annotations

from datetime import datetime

from bot import actions
from bot.directory import Directory
from bot.domain.incident import ChecklistItem
from bot.domain.incident import Incident
from bot.domain.phase import MANUAL_MOVES
from bot.domain.phase import Phase
from bot.i18n import Translator
from bot.plan import Plan
from bot.specs import Actions
from bot.specs import Block
from bot.specs import Button
from bot.specs import ButtonStyle
from bot.specs import Confirm
from bot.specs import Context
from bot.specs import Fields
from bot.specs import MessageSpec
from bot.specs import Plain
from bot.specs import Rich
from bot.specs import Section
from bot.specs import Strong
from bot.views.clocks import clock_fields
from bot.views.common import deadline
from bot.views.common import person
from bot.views.common import phase_label
from bot.views.common import severity_label
from bot.views.common import tone_of
from bot.views.triage import activity_names
from bot.views.triage import reporter


def _buttons(tr: Translator, incident: Incident) -> tuple[Button, ...]:
    if incident.phase in (Phase.CLOSED, Phase.DEACTIVATION_REQUESTED, Phase.NOTIFICATION):
        return ()
    number = incident.number
    buttons = [Button(actions.RECLASSIFY, tr.t("incident.button.reclassify"), number),
               Button(actions.SET_ETA, tr.t("eta.button"), number),
               Button(actions.STATUS_UPDATE, tr.t("status_update.button"), number),
               Button(actions.NOTIFY, tr.t("notify.button.open"), number)]
    for target in sorted(MANUAL_MOVES.get(incident.phase, frozenset())):
        buttons.append(Button(actions.PHASE, tr.t(f"incident.button.to_{target.value}"),
                              actions.value(number, target.value)))
    buttons.append(Button(
        actions.REQUEST_DEACTIVATION, tr.t("incident.button.request_deactivation"), number, ButtonStyle.PRIMARY,
        Confirm(tr.t("incident.confirm_deactivation.title"), tr.t("incident.confirm_deactivation.text"),
                tr.t("incident.confirm_deactivation.yes"), tr.t("form.cancel")),
    ))
    return tuple(buttons)


def announcement(tr: Translator, plan: Plan, directory: Directory, incident: Incident,
                 checklist: list[ChecklistItem], now: datetime,
                 notifications: tuple[tuple[str, Rich], ...] = (), informing: tuple[Button, ...] = ()) -> MessageSpec:
    """``notifications``: the legal notifications owed and the audiences due, with their state
    (``views.notifications``, ``views.inform``); ``informing``: the *Inform…* buttons of audiences due."""
    open_items = sum(1 for item in checklist if not item.done)
    plans = ", ".join(p.value.upper() for p in sorted(incident.activated_plans)) or "—"
    sla = deadline(tr, incident.sla_due, now) if incident.phase is not Phase.CLOSED else "—"
    blocks: list[Block] = [
        Section((Strong(f"{incident.number} · "), Strong(incident.title))),
        Fields((
            (tr.t("field.severity"), (Plain(severity_label(tr, incident.severity)),)),
            (tr.t("field.phase"), (Plain(phase_label(tr, incident.phase)),)),
            (tr.t("field.owner"), (person(incident.owner_id),)),
            (tr.t("field.sla"), (Plain(sla),)),
            *clock_fields(tr, plan, incident, now),
            (tr.t("field.activities"), (Plain(activity_names(plan, incident)),)),
            (tr.t("field.plans_activated"), (Plain(plans),)),
            (tr.t("field.reported_by"), reporter(tr, incident)),
            (tr.t("field.checklist_open"), (Plain(str(open_items)),)),
            *notifications,
        )),
    ]
    if incident.description:
        blocks.append(Context((Plain(incident.description),)))
    if incident.phase is Phase.CLOSED and incident.closed_at:
        blocks.append(Section((Strong(tr.t("incident.closed", when=tr.when(incident.closed_at))),)))
    buttons = _buttons(tr, incident)
    if buttons:
        blocks.append(Actions(buttons))
    if informing and incident.is_open:
        blocks.append(Actions(informing))
    blocks.append(Context((Plain(tr.t("incident.help_hint", tag=plan.logbook.tag, reaction=plan.logbook.reaction)),)))
    summary = tr.t("incident.summary", number=incident.number, title=incident.title,
                   severity=severity_label(tr, incident.severity), phase=phase_label(tr, incident.phase))
    return MessageSpec(summary, tuple(blocks), tone_of(incident.severity), marker=f"{incident.number}:announcement")


def notice(tr: Translator, key: str, **params: str) -> MessageSpec:
    """A one-line team notice (phase changed, severity changed…), posted in the incident's home."""
    text = tr.t(key, **params)
    return MessageSpec(text, (Section((Plain(text),)),))
