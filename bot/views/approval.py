"""The deactivation request: who must approve, what each decided, and the Approve / Reject buttons."""

from __future__ import annotations

from bot import actions
from bot.directory import Directory
from bot.domain.incident import Approval
from bot.domain.incident import Decision
from bot.domain.incident import Incident
from bot.domain.phase import Phase
from bot.domain.roles import Role
from bot.i18n import Translator
from bot.specs import Actions
from bot.specs import Block
from bot.specs import Button
from bot.specs import ButtonStyle
from bot.specs import Context
from bot.specs import FormSpec
from bot.specs import Inline
from bot.specs import MessageSpec
from bot.specs import Plain
from bot.specs import Section
from bot.specs import Strong
from bot.specs import TextInput
from bot.specs import Tone
from bot.views.common import person

REASON_MAX = 1000


def approval_message(tr: Translator, directory: Directory, incident: Incident, required: list[Role],
                     decisions: list[Approval], requested_by: str) -> MessageSpec:
    blocks: list[Block] = [Section((Strong(tr.t("approval.heading", number=incident.number)),)),
                           Section((Plain(tr.t("approval.requested_by") + " "), person(requested_by)))]
    by_role = {a.role: a for a in decisions}
    for role in required:
        line: list[Inline] = [Strong(tr.t(f"role.{role.value}") + ": ")]
        decision = by_role.get(role.value)
        if decision is None:
            line.append(Plain(tr.t("approval.waiting") + " "))
            for index, user_id in enumerate(u for u in (directory.primary(incident.platform, role),
                                                          directory.backup(incident.platform, role)) if u):
                line += [Plain(tr.t("approval.or") + " ") if index else Plain(""), person(user_id), Plain(" ")]
        else:
            key = "approval.approved" if decision.decision is Decision.APPROVE else "approval.rejected"
            line += [Plain(tr.t(key) + " "), person(decision.decided_by),
                     Plain(" · " + tr.clock_time(decision.decided_at))]
            if decision.reason:
                line.append(Plain(f" — {decision.reason}"))
        blocks.append(Section(tuple(line)))
    if incident.phase is Phase.DEACTIVATION_REQUESTED:
        value = actions.value(incident.number, incident.deactivation_round)
        blocks.append(Actions((
            Button(actions.APPROVE, tr.t("approval.approve"), value, ButtonStyle.PRIMARY),
            Button(actions.REJECT, tr.t("approval.reject"), value, ButtonStyle.DANGER),
        )))
    elif incident.phase is Phase.CLOSED:
        blocks.append(Context((Plain(tr.t("approval.closed")),)))
    else:
        blocks.append(Context((Plain(tr.t("approval.withdrawn")),)))
    return MessageSpec(tr.t("approval.summary", number=incident.number), tuple(blocks), Tone.NEUTRAL,
                       marker=f"{incident.number}:approval:{incident.deactivation_round}")


def reject_form(tr: Translator, incident: Incident, round_: int) -> FormSpec:
    return FormSpec(actions.FORM_REJECT, tr.t("approval.reject_form.heading"), tr.t("approval.reject_form.submit"),
                    tr.t("form.cancel"),
                    (TextInput("reason", tr.t("approval.reject_form.reason"), multiline=True, max_length=REASON_MAX),),
                    state=actions.value(incident.number, round_))
